using CoPBot.Services.Addresses;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;

namespace CoPBot.Services.Storage;

/// <summary>
/// Remembers handled platform turns so a redelivered event or a double click changes nothing twice. The key is recorded
/// in the same transaction as the turn's effects: both are kept, or neither is and the redelivery does the work. A turn
/// that changed nothing writes nothing, not even its key: <see cref="RecentTurns"/> remembers it in this instance.
/// </summary>
public sealed class TurnLedger(CoPBotDbContext db, TimeProvider clock, RecentTurns recent)
{
    private const int KeyLength = 300;

    private static readonly CompiledQuery<Func<CoPBotDbContext, string, CancellationToken, Task<bool>>> Recorded = new(() =>
        EF.CompileAsyncQuery((CoPBotDbContext db, string key, CancellationToken _) => db.ProcessedTurns.Any(t => t.Key == key)));

    /// <summary>
    /// Runs one turn's <paramref name="work"/> once for <paramref name="key"/> (no key: once, without redelivery
    /// protection), in one transaction with the key. Null when the key was recorded before: a redelivery, or a
    /// concurrent duplicate that waited for the first one to commit. When the work throws, nothing it saved is kept.
    /// </summary>
    public async Task<T?> RunOnceAsync<T>(string? key, Func<CancellationToken, Task<T>> work, CancellationToken cancellationToken)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(work);
        var stored = key is null ? null : key.Length > KeyLength ? key[..KeyLength] : key;
        if (db.Database.CurrentTransaction is not null)
        {
            // Already inside the caller's transaction, which commits or rolls back the key with everything else.
            return stored is null || await TryRecordAsync(stored, cancellationToken) ? await work(cancellationToken) : null;
        }

        if (stored is not null && recent.Contains(stored))
        {
            return null;
        }

        await db.QueueForWriteAsync(cancellationToken);
        IDbContextTransaction transaction;
        try
        {
            transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        }
        catch
        {
            db.LeaveWriteQueue();
            throw;
        }

        await using var _ = transaction;
        try
        {
            // On SQLite this turn holds the one writer already, so the key is recorded first: one statement both finds a
            // redelivery and keeps the key, and a turn that changes nothing rolls it back. PostgreSQL looks it up
            // first instead, so that a question leaves no dead row behind.
            var recordedFirst = stored is not null && !db.IsPostgres;
            if (stored is not null && (recordedFirst ? !await TryRecordAsync(stored, cancellationToken) : await Recorded.For(db)(db, stored, cancellationToken)))
            {
                return null;
            }

            var writes = db.Writes;
            var result = await work(cancellationToken);
            if (stored is not null)
            {
                if (db.Writes == writes)
                {
                    // Changed nothing: nothing to keep, and a redelivery here is answered once (by the memory).
                    if (!recent.TryAdd(stored))
                    {
                        return null;
                    }

                    if (recordedFirst)
                    {
                        await transaction.RollbackAsync(CancellationToken.None);
                        return result;
                    }
                }
                else if (!recordedFirst && !await TryRecordAsync(stored, cancellationToken))
                {
                    // A concurrent duplicate recorded it first: what this one did is rolled back with the transaction.
                    db.ChangeTracker.Clear();
                    return null;
                }
            }

            // The work is done; a request aborted now should not throw it away.
            await transaction.CommitAsync(CancellationToken.None);
            return result;
        }
        catch
        {
            // Disposing the transaction rolls it back; what the context still tracks from it is stale.
            db.ChangeTracker.Clear();
            throw;
        }
    }

    /// <summary>
    /// Records the key in the current transaction; false when it is there already. One statement, without a failed
    /// insert in the logs: a concurrent duplicate waits on the key's unique index until the first one commits (or rolls
    /// back, and then records it itself).
    /// </summary>
    private async Task<bool> TryRecordAsync(string stored, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        return await db.Database.ExecuteSqlAsync(
            $"INSERT INTO \"ProcessedTurns\" (\"Key\", \"ProcessedAt\") VALUES ({stored}, {now}) ON CONFLICT (\"Key\") DO NOTHING",
            cancellationToken) == 1;
    }

    /// <summary>How long keys are kept by default: platforms redeliver within minutes (Slack), Teams within hours at most.</summary>
    public static readonly TimeSpan DefaultRetention = TimeSpan.FromDays(1);

    /// <summary>Forgets keys older than <see cref="DefaultRetention"/>.</summary>
    public Task<int> PruneAsync(CancellationToken cancellationToken) => PruneAsync(DefaultRetention, cancellationToken);

    /// <summary>Forgets keys older than <paramref name="retention"/>, which must outlast the platforms' redelivery window.</summary>
    public Task<int> PruneAsync(TimeSpan retention, CancellationToken cancellationToken)
    {
        var before = clock.GetUtcNow().UtcDateTime - retention;
        return db.ProcessedTurns.Where(t => t.ProcessedAt < before).ExecuteDeleteAsync(cancellationToken);
    }
}
