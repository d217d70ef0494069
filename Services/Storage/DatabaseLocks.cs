using System.Buffers.Binary;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;

namespace CoPBot.Services.Storage;

/// <summary>
/// A lock held until the end of a transaction, for work that reads rows and then writes rows that no row lock or
/// unique index ties to what it read: two such transactions must not both read before either commits. On
/// PostgreSQL it is an advisory lock (<c>pg_advisory_xact_lock</c>) in the lock's scope and subject; on SQLite the
/// transaction itself begins with <c>BEGIN IMMEDIATE</c>, which takes the database's one write lock.
/// </summary>
internal static class DatabaseLocks
{
    /// <summary>
    /// Begins a transaction holding the lock, or takes the lock inside the caller's open transaction (then null is
    /// returned and the caller's commit releases it). Waits for another holder to commit.
    /// </summary>
    public static async Task<IDbContextTransaction?> LockAsync(CoPBotDbContext db, LockScope scope, Guid subject, CancellationToken cancellationToken)
    {
        var (transaction, _) = await BeginAsync(db, scope, subject, wait: true, cancellationToken);
        return transaction;
    }

    /// <summary>
    /// Like <see cref="LockAsync"/>, but does not wait on PostgreSQL: <c>Acquired</c> is false when another instance
    /// holds the lock (the transaction is then rolled back and null). SQLite has no other instance, so it waits.
    /// </summary>
    public static Task<(IDbContextTransaction? Transaction, bool Acquired)> TryLockAsync(CoPBotDbContext db, LockScope scope, Guid subject, CancellationToken cancellationToken) =>
        BeginAsync(db, scope, subject, wait: false, cancellationToken);

    /// <summary>
    /// Check-then-insert without a race and without a failed insert in the logs: <paramref name="work"/> checks and
    /// writes under a lock named for what it creates, held until the transaction ends: the caller's transaction when
    /// there is one (a turn), else one of its own, committed after the work.
    /// </summary>
    public static async Task<T> SerializedAsync<T>(this CoPBotDbContext db, string name, Func<Task<T>> work, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(work);
        var (own, _) = await BeginAsync(db, LockScope.Insert, Key(name), wait: true, cancellationToken);
        await using (own)
        {
            var result = await work();
            if (own is not null)
            {
                await own.CommitAsync(cancellationToken);
            }

            return result;
        }
    }

    private static Task<(IDbContextTransaction? Transaction, bool Acquired)> BeginAsync(CoPBotDbContext db, LockScope scope, Guid subject, bool wait, CancellationToken cancellationToken) =>
        BeginAsync(db, scope, Key(subject), wait, cancellationToken);

    private static async Task<(IDbContextTransaction? Transaction, bool Acquired)> BeginAsync(CoPBotDbContext db, LockScope scope, int key, bool wait, CancellationToken cancellationToken)
    {
        var transaction = db.Database.CurrentTransaction is null ? await db.Database.BeginTransactionAsync(cancellationToken) : null;
        if (!db.IsPostgres)
        {
            return (transaction, true);
        }

        try
        {
            // The two-key form keeps these locks apart from single-key ones (the outbox claim lock).
            object[] keys = [(int)scope, key];
            var acquired = true;
            if (wait)
            {
                await db.Database.ExecuteSqlRawAsync("SELECT pg_advisory_xact_lock({0}, {1})", keys, cancellationToken);
            }
            else
            {
                acquired = await db.Database.SqlQueryRaw<bool>("SELECT pg_try_advisory_xact_lock({0}, {1}) AS \"Value\"", keys).SingleAsync(cancellationToken);
            }

            if (!acquired && transaction is not null)
            {
                await transaction.DisposeAsync();
                transaction = null;
            }

            return (transaction, acquired);
        }
        catch
        {
            if (transaction is not null)
            {
                await transaction.DisposeAsync();
            }

            throw;
        }
    }

    /// <summary>A stable 32-bit key for a name (FNV-1a: the same in every process, unlike a randomized hash).</summary>
    private static int Key(string name)
    {
        var hash = 2166136261u;
        foreach (var c in name)
        {
            hash = (hash ^ c) * 16777619u;
        }

        return unchecked((int)hash);
    }

    /// <summary>A stable 32-bit key for a subject (the same in every process, unlike a randomized hash).</summary>
    private static int Key(Guid subject)
    {
        Span<byte> bytes = stackalloc byte[16];
        subject.TryWriteBytes(bytes);
        return BinaryPrimitives.ReadInt32LittleEndian(bytes) ^ BinaryPrimitives.ReadInt32LittleEndian(bytes[4..])
            ^ BinaryPrimitives.ReadInt32LittleEndian(bytes[8..]) ^ BinaryPrimitives.ReadInt32LittleEndian(bytes[12..]);
    }
}

/// <summary>What a <see cref="DatabaseLocks"/> lock serializes (the first key of PostgreSQL's two-key advisory locks).</summary>
internal enum LockScope
{
    /// <summary>A network's invitation rounds and joins: each must see the other's commit (per network).</summary>
    NetworkInvitations = 0x436F5031,

    /// <summary>One housekeeping pass at a time across instances.</summary>
    Housekeeping = 0x436F5032,

    /// <summary>A check-then-insert of one named row (a turn's ledger key, a first contact, a chat address).</summary>
    Insert = 0x436F5033,
}
