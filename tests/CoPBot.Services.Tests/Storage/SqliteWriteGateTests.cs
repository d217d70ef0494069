using CoPBot.Services.Storage;
using CoPBot.Testing;

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

    private async Task<GatedSqliteConnection> OpenAsync()
    {
        var connection = new GatedSqliteConnection(_connectionString);
        await connection.OpenAsync(Cancellation);
        return connection;
    }
}
