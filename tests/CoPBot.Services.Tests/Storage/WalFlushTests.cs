using CoPBot.Services.Domain;
using CoPBot.Services.Storage;
using CoPBot.Testing;
using Microsoft.EntityFrameworkCore;
using static CoPBot.Testing.TestWorld;

namespace CoPBot.Services.Tests.Storage;

/// <summary>
/// Group commit on SQLite (issue 11): a commit returns only once the write-ahead log is on disk up to it, and the
/// commits of one moment share one sync instead of each holding the writer through its own.
/// </summary>
public sealed class WalFlushTests
{
    [Fact]
    public async Task FlushAsync_AskedWhileASyncRuns_WaitsForTheNextSync()
    {
        using var log = new BlockingLog();
        var first = Task.Run(() => log.Flush.FlushAsync(Cancellation).AsTask(), Cancellation);
        log.Started.Wait(Cancellation);

        // Committed while the first sync runs: that sync may have begun before this commit was written.
        var second = log.Flush.FlushAsync(Cancellation).AsTask();
        Assert.False(second.IsCompleted);

        log.Release();
        await Task.WhenAll(first, second);
        Assert.Equal(2, log.Flush.Syncs);
    }

    [Fact]
    public async Task FlushAsync_ManyCommitsWaitingAtOnce_ShareOneSync()
    {
        using var log = new BlockingLog();
        var first = Task.Run(() => log.Flush.FlushAsync(Cancellation).AsTask(), Cancellation);
        log.Started.Wait(Cancellation);

        var waiting = Enumerable.Range(0, 5).Select(_ => log.Flush.FlushAsync(Cancellation).AsTask()).ToList();
        Assert.All(waiting, w => Assert.False(w.IsCompleted));

        log.Release();
        await Task.WhenAll([first, .. waiting]);
        Assert.Equal(2, log.Flush.Syncs);
    }

    [Fact]
    public async Task Commits_OnSqlite_EachWaitForTheLogOnDisk()
    {
        await using var world = await CreateAsync(StorageProvider.SqliteName);
        var flush = await world.DbAsync(db => Task.FromResult(WalFlush.For(db.Database.GetDbConnection().DataSource)));

        var before = flush.Syncs;
        await world.DbAsync(async db =>
        {
            db.Organizations.Add(new Organization { Slug = "durable", Name = "Durable" });
            return await db.SaveChangesAsync(Cancellation);
        });
        var afterTransaction = flush.Syncs;
        await world.DbAsync(db => db.Organizations.Where(o => o.Slug == "durable").ExecuteUpdateAsync(o => o.SetProperty(x => x.Name, "Still durable"), Cancellation));

        Assert.True(afterTransaction > before, "SaveChanges returned without syncing the log.");
        Assert.True(flush.Syncs > afterTransaction, "A statement outside a transaction returned without syncing the log.");
    }

    /// <summary>A log whose first sync blocks until released, so a test can ask for flushes while it runs.</summary>
    private sealed class BlockingLog : IDisposable
    {
        private readonly ManualResetEventSlim _release = new();

        public BlockingLog() => Flush = new WalFlush(() =>
        {
            Started.Set();
            _release.Wait(Cancellation);
        });

        public WalFlush Flush { get; }

        public ManualResetEventSlim Started { get; } = new();

        public void Release() => _release.Set();

        public void Dispose()
        {
            _release.Dispose();
            Started.Dispose();
        }
    }
}
