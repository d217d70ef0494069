using CoPBot.Services.Domain;
using CoPBot.Services.Storage;
using CoPBot.Testing;
using Microsoft.EntityFrameworkCore;

namespace CoPBot.Services.Tests.Storage;

/// <summary>
/// SQLite transactions of this process queue on one gate per database file, asynchronously, instead of meeting a busy
/// write lock (which Microsoft.Data.Sqlite answers by sleeping the thread 150 ms at a time).
/// </summary>
public sealed class SqliteWriteGateTests : IAsyncLifetime
{
    private readonly SqliteDatabase _database = new();
    private string _connectionString = "";

    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync() => _connectionString = await _database.CreateDatabaseAsync(Cancellation);

    public async ValueTask DisposeAsync() => await _database.DropAsync(Cancellation);

    [Fact]
    public async Task SecondTransaction_WaitsForTheFirstToCommit_WithoutABusyError()
    {
        await using var first = await OpenAsync();
        await using var second = await OpenAsync();
        var held = await first.BeginTransactionAsync(Cancellation);

        // The gate is taken: the wait is a pending task, not a blocked thread or a busy error.
        var waiting = second.BeginTransactionAsync(Cancellation).AsTask();
        Assert.False(waiting.IsCompleted);

        await held.CommitAsync(Cancellation);
        await using var next = await waiting.WaitAsync(TimeSpan.FromSeconds(5), Cancellation);
        Assert.NotNull(next);
    }

    [Fact]
    public async Task TransactionDisposedWithoutCommit_LetsTheNextOneBegin()
    {
        await using var first = await OpenAsync();
        await using var second = await OpenAsync();
        var held = await first.BeginTransactionAsync(Cancellation);
        var waiting = second.BeginTransactionAsync(Cancellation).AsTask();

        await held.DisposeAsync();

        await using var next = await waiting.WaitAsync(TimeSpan.FromSeconds(5), Cancellation);
        Assert.NotNull(next);
    }

    [Fact]
    public async Task PlaceTakenBeforeOpening_IsUsedByTheTransaction_AndGivenBackWhenNoneBegan()
    {
        await using var first = new GatedSqliteConnection(_connectionString);
        await using var second = await OpenAsync();
        await first.EnterAsync(Cancellation);
        var waiting = second.BeginTransactionAsync(Cancellation).AsTask();

        await first.OpenAsync(Cancellation);
        var taken = await first.BeginTransactionAsync(Cancellation);
        Assert.False(waiting.IsCompleted);
        await taken.CommitAsync(Cancellation);
        await using (await waiting.WaitAsync(TimeSpan.FromSeconds(5), Cancellation))
        {
        }

        await first.EnterAsync(Cancellation);
        first.LeaveUnlessInTransaction();
        await using var again = await second.BeginTransactionAsync(Cancellation).AsTask().WaitAsync(TimeSpan.FromSeconds(5), Cancellation);
        Assert.NotNull(again);
    }

    /// <summary>
    /// A statement that writes outside a transaction (the outbox's lease and outcome updates) queues on the gate too:
    /// while a transaction holds the writer it waits as a pending task, instead of blocking its thread in SQLite's
    /// busy retry (here it would fail after the one-second busy timeout, on the thread that must commit).
    /// </summary>
    [Fact]
    public async Task SingleStatementWrite_WhileATransactionHoldsTheWriter_WaitsOnTheGateNotInABusyRetry()
    {
        var options = new DbContextOptionsBuilder<SqliteCoPBotDbContext>()
            .UseSqlite(_connectionString + ";Default Timeout=1")
            .AddInterceptors(GatedSqliteConnection.Creator, SqliteStatementQueue.Instance)
            .Options;
        await using var db = new SqliteCoPBotDbContext(options);
        await db.Database.MigrateAsync(Cancellation);
        db.Organizations.Add(new Organization { Slug = "city", Name = "City" });
        await db.SaveChangesAsync(Cancellation);
        await using var holder = await OpenAsync();
        var held = await holder.BeginTransactionAsync(Cancellation);
        using (var take = holder.CreateCommand())
        {
            take.CommandText = "UPDATE \"Organizations\" SET \"Name\" = 'City of Riverton'";
            await take.ExecuteNonQueryAsync(Cancellation);
        }

        var waiting = db.Organizations.Where(o => o.Slug == "city").ExecuteUpdateAsync(u => u.SetProperty(o => o.Name, "Riverton"), Cancellation);
        Assert.False(waiting.IsCompleted);

        await held.CommitAsync(Cancellation);
        Assert.Equal(1, await waiting.WaitAsync(TimeSpan.FromSeconds(5), Cancellation));
        Assert.Equal("Riverton", await db.Organizations.Select(o => o.Name).SingleAsync(Cancellation));
    }

    private async Task<GatedSqliteConnection> OpenAsync()
    {
        var connection = new GatedSqliteConnection(_connectionString);
        await connection.OpenAsync(Cancellation);
        return connection;
    }
}
