using System.Data.Common;
using System.Net.Sockets;
using CoPBot.Services.Storage;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace CoPBot.Bot.Tests.Faults;

/// <summary>
/// Faults for the fault tests, registered as an EF interceptor in the host under test: one save that fails (the
/// database stops answering between a turn's ledger entry and its effects), and a database that cannot be reached
/// until the outage ends (on SQLite a real lock on the file, on PostgreSQL a refused connection).
/// </summary>
internal sealed class StorageFaultInjector : ISaveChangesInterceptor, IDbConnectionInterceptor
{
    private Func<DbContext, bool>? failSaveWhen;
    private int injected;
    private bool unreachable;

    /// <summary>Faults injected so far (so a test knows its fault really happened).</summary>
    public int Injected => Volatile.Read(ref injected);

    public void Register(IServiceCollection services)
    {
        services.ConfigureDbContext<SqliteCoPBotDbContext>(o => o.AddInterceptors(this));
        services.ConfigureDbContext<PostgresCoPBotDbContext>(o => o.AddInterceptors(this));
    }

    /// <summary>The next save whose pending changes match <paramref name="when"/> fails with a timeout, once.</summary>
    public void FailNextSave(Func<DbContext, bool> when) => failSaveWhen = when;

    /// <summary>
    /// Makes the database unreachable until the result is disposed: SQLite's file is locked exclusively by another
    /// connection (the host gives up after its busy timeout), PostgreSQL refuses new connections.
    /// </summary>
    public async Task<IAsyncDisposable> OutageAsync(string provider, string? sqliteFile)
    {
        if (sqliteFile is null)
        {
            Volatile.Write(ref unreachable, true);
            return new Restore(() =>
            {
                Volatile.Write(ref unreachable, false);
                return Task.CompletedTask;
            });
        }

        var locker = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = sqliteFile, Pooling = false }.ToString());
        await locker.OpenAsync(TestContext.Current.CancellationToken);
        await ExecuteAsync(locker, "BEGIN EXCLUSIVE");
        return new Restore(async () =>
        {
            await ExecuteAsync(locker, "ROLLBACK");
            await locker.DisposeAsync();
        });
    }

    public ValueTask<InterceptionResult<int>> SavingChangesAsync(DbContextEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(eventData);
        var when = failSaveWhen;
        if (when is not null && eventData.Context is { } context && when(context) && Interlocked.CompareExchange(ref failSaveWhen, null, when) == when)
        {
            Interlocked.Increment(ref injected);
            throw new TimeoutException("Injected: the database stopped answering between the turn's ledger entry and its effects.");
        }

        return ValueTask.FromResult(result);
    }

    public InterceptionResult ConnectionOpening(DbConnection connection, ConnectionEventData eventData, InterceptionResult result) =>
        Volatile.Read(ref unreachable) ? throw Refused() : result;

    public ValueTask<InterceptionResult> ConnectionOpeningAsync(DbConnection connection, ConnectionEventData eventData, InterceptionResult result, CancellationToken cancellationToken = default) =>
        Volatile.Read(ref unreachable) ? throw Refused() : ValueTask.FromResult(result);

    private NpgsqlException Refused()
    {
        Interlocked.Increment(ref injected);
        return new NpgsqlException("Failed to connect to the database server.", new SocketException((int)SocketError.ConnectionRefused));
    }

    private static async Task ExecuteAsync(SqliteConnection connection, string sql)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync(TestContext.Current.CancellationToken);
    }

    private sealed class Restore(Func<Task> restore) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync() => await restore();
    }
}
