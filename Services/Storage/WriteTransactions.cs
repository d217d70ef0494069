using System.Collections.Concurrent;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;

namespace CoPBot.Services.Storage;

/// <summary>
/// Begins a write transaction. On SQLite only one writer runs at a time (<c>BEGIN IMMEDIATE</c>), and a writer that
/// finds the lock taken used to wait in Microsoft.Data.Sqlite's busy retry: a thread-pool thread asleep between
/// attempts, so turns queued behind it by whole sleeps (issue 11). Here writers of one database file take turns at an
/// asynchronous gate instead, in order and without a blocked thread. SQLite serves one instance (README), so the gate
/// of this process is the whole queue; waiting longer than SQLite's own 30 s is a transient failure as before.
/// PostgreSQL begins as it always did.
/// </summary>
internal static class WriteTransactions
{
    private static readonly ConcurrentDictionary<string, SemaphoreSlim> Gates = new(StringComparer.Ordinal);
    private static readonly TimeSpan MaxWait = TimeSpan.FromSeconds(30);

    public static async Task<IDbContextTransaction> BeginWriteAsync(this CoPBotDbContext db, CancellationToken cancellationToken)
    {
        if (!db.Database.IsSqlite())
        {
            return await db.Database.BeginTransactionAsync(cancellationToken);
        }

        var gate = Gates.GetOrAdd(db.Database.GetConnectionString() ?? "", _ => new SemaphoreSlim(1, 1));
        if (!await gate.WaitAsync(MaxWait, cancellationToken))
        {
            throw new TimeoutException("The SQLite database stayed busy with other writes.");
        }

        try
        {
            return new Gated(await db.Database.BeginTransactionAsync(cancellationToken), gate);
        }
        catch
        {
            gate.Release();
            throw;
        }
    }

    /// <summary>The transaction, which lets the next writer in once it is disposed (committed or not).</summary>
    private sealed class Gated(IDbContextTransaction inner, SemaphoreSlim gate) : IDbContextTransaction
    {
        private int released;

        public Guid TransactionId => inner.TransactionId;

        public void Commit() => inner.Commit();

        public Task CommitAsync(CancellationToken cancellationToken = default) => inner.CommitAsync(cancellationToken);

        public void Rollback() => inner.Rollback();

        public Task RollbackAsync(CancellationToken cancellationToken = default) => inner.RollbackAsync(cancellationToken);

        public void Dispose()
        {
            try
            {
                inner.Dispose();
            }
            finally
            {
                Release();
            }
        }

        public async ValueTask DisposeAsync()
        {
            try
            {
                await inner.DisposeAsync();
            }
            finally
            {
                Release();
            }
        }

        private void Release()
        {
            if (Interlocked.Exchange(ref released, 1) == 0)
            {
                gate.Release();
            }
        }
    }
}
