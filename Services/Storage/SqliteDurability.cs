using System.Collections.Concurrent;
using System.Data.Common;
using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace CoPBot.Services.Storage;

/// <summary>
/// Commits on SQLite are on disk before anyone hears of them, with one fsync for all the commits of a moment (group
/// commit). With SQLite's default synchronous=FULL every commit fsynced its write-ahead log while it still held the
/// one writer: the next turn waited for the disk, and the core sat idle (issue 11). Here connections run with
/// synchronous=NORMAL, which appends to the log without syncing it, and every commit then waits, after giving the writer
/// up, until the log is synced up to it: a reply, a sent card or a lease is never acted on before its data is durable,
/// as before, while the next transaction already runs. The log is synced before every checkpoint by SQLite itself.
/// </summary>
[SuppressMessage("Design", "CA1001:Types that own disposable fields should be disposable", Justification = "One per database file for the life of the process, like the write gate.")]
internal sealed class WalFlush
{
    /// <summary>One per database file, by its full path.</summary>
    private static readonly ConcurrentDictionary<string, WalFlush> Files = new(StringComparer.Ordinal);

    private readonly Action _sync;
    private readonly SemaphoreSlim _syncing = new(1, 1);
    private long _requested;
    private long _synced;

    internal WalFlush(Action sync) => _sync = sync;

    /// <summary>How many times the log was synced (tests, benchmarks).</summary>
    public long Syncs { get; private set; }

    public static WalFlush For(string databasePath) =>
        Files.GetOrAdd(Path.GetFullPath(databasePath), static path => new WalFlush(() => SyncLog(path + "-wal")));

    /// <summary>Returns when everything committed before the call is on disk; one sync serves all who wait for it.</summary>
    public async ValueTask FlushAsync(CancellationToken cancellationToken)
    {
        var mine = Interlocked.Increment(ref _requested);
        await _syncing.WaitAsync(cancellationToken);
        try
        {
            SyncUpTo(mine);
        }
        finally
        {
            _syncing.Release();
        }
    }

    /// <inheritdoc cref="FlushAsync"/>
    public void Flush()
    {
        var mine = Interlocked.Increment(ref _requested);
        _syncing.Wait();
        try
        {
            SyncUpTo(mine);
        }
        finally
        {
            _syncing.Release();
        }
    }

    private void SyncUpTo(long mine)
    {
        if (Volatile.Read(ref _synced) >= mine)
        {
            // A sync that began after this commit has finished: it covered it.
            return;
        }

        // Every request numbered up to here was made after its commit, so the sync beginning now covers them all.
        var covered = Volatile.Read(ref _requested);
        _sync();
        Syncs++;
        Volatile.Write(ref _synced, covered);
    }

    private static void SyncLog(string walPath)
    {
        try
        {
            using var log = File.OpenHandle(walPath, FileMode.Open, FileAccess.ReadWrite, FileShare.ReadWrite | FileShare.Delete);
            RandomAccess.FlushToDisk(log);
        }
        catch (FileNotFoundException)
        {
            // No log: the last connection checkpointed it into the database file, which SQLite synced, and removed it.
        }
    }
}

/// <summary>
/// Waits after each commit on a SQLite connection until <see cref="WalFlush"/> has the log on disk (single statements
/// that write outside a transaction wait in <see cref="SqliteStatementQueue"/>), and sets each new connection to
/// synchronous=NORMAL, once per handle.
/// </summary>
internal sealed class SqliteDurableCommits : DbTransactionInterceptor
{
    /// <summary>Handles set to synchronous=NORMAL already: a pooled handle keeps the setting from one open to the next.</summary>
    private static readonly ConditionalWeakTable<object, object> Configured = [];

    public static SqliteDurableCommits Instance { get; } = new();

    private SqliteDurableCommits()
    {
    }

    /// <summary>Sets a connection just opened on a file to append to the log without syncing it at each commit.</summary>
    public static void Configure(GatedSqliteConnection connection)
    {
        if (connection.Log is not null && connection.Handle is { } handle && !Configured.TryGetValue(handle, out _))
        {
            using var command = connection.CreateCommand();
            command.CommandText = "PRAGMA synchronous = NORMAL";
            command.ExecuteNonQuery();
            Configured.AddOrUpdate(handle, handle);
        }
    }

    public override void TransactionCommitted(DbTransaction transaction, TransactionEndEventData eventData) => Log(eventData)?.Flush();

    public override Task TransactionCommittedAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default) =>
        Log(eventData)?.FlushAsync(cancellationToken).AsTask() ?? Task.CompletedTask;

    private static WalFlush? Log(TransactionEndEventData eventData) => (eventData.Context?.Database.GetDbConnection() as GatedSqliteConnection)?.Log;
}
