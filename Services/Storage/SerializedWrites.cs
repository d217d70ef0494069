using Microsoft.EntityFrameworkCore;

namespace CoPBot.Services.Storage;

/// <summary>
/// Check-then-insert without a race and without a failed insert in the logs: the check and the write run under a lock
/// named for what they create, held until the transaction ends. Inside the caller's transaction when there is one
/// (a turn), else in a transaction of their own. SQLite has one writer at a time already (transactions begin
/// IMMEDIATE); PostgreSQL takes a transaction-scoped advisory lock on the name.
/// </summary>
internal static class SerializedWrites
{
    /// <summary>The first key of the two-key advisory locks (a key space apart from the delivery claim's one-key lock).</summary>
    private const int LockSpace = 1200;

    public static async Task<T> SerializedAsync<T>(this CoPBotDbContext db, string name, Func<Task<T>> work, CancellationToken cancellationToken)
    {
        var own = db.Database.CurrentTransaction is null ? await db.Database.BeginTransactionAsync(cancellationToken) : null;
        await using (own)
        {
            if (db.Database.IsNpgsql())
            {
                await db.Database.ExecuteSqlAsync($"SELECT pg_advisory_xact_lock({LockSpace}, hashtext({name}))", cancellationToken);
            }

            var result = await work();
            if (own is not null)
            {
                await own.CommitAsync(cancellationToken);
            }

            return result;
        }
    }
}
