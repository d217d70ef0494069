using System.Collections.Concurrent;
using System.Data;
using System.Data.Common;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace CoPBot.Services.Storage;

/// <summary>
/// SQLite has one writer at a time, and every transaction here begins with <c>BEGIN IMMEDIATE</c>, which takes that
/// write lock. When it is taken, Microsoft.Data.Sqlite answers a busy database by blocking the thread and retrying
/// every 150 ms: on one core, eight turns at once meant turns waiting seconds on sleeping threads. This connection
/// queues its transactions in the process instead, asynchronously and in order, on one gate per database file, so a
/// transaction begins when the previous one ends and never meets a busy lock from this process.
/// </summary>
/// <remarks>
/// The gate is entered when a transaction begins and left when it ends: committed, rolled back, or disposed (SQLite's
/// transaction clears the connection's <see cref="SqliteConnection.Transaction"/> in every case, which is where the
/// gate is left), and at the latest when the connection closes. Writes outside a transaction (a single statement)
/// still meet SQLite's own lock, briefly.
/// </remarks>
internal sealed class GatedSqliteConnection(string connectionString) : SqliteConnection(connectionString)
{
    /// <summary>One gate per database file, by its full path.</summary>
    private static readonly ConcurrentDictionary<string, SemaphoreSlim> Gates = new(StringComparer.Ordinal);

    /// <summary>The gate of each connection string, so the string is parsed once, not on every turn.</summary>
    private static readonly ConcurrentDictionary<string, SemaphoreSlim> GatesByConnectionString = new(StringComparer.Ordinal);

    private SemaphoreSlim? _gate;
    private SemaphoreSlim? _held;

    protected override SqliteTransaction? Transaction
    {
        get => base.Transaction;
        set
        {
            base.Transaction = value;
            if (value is null)
            {
                Leave();
            }
        }
    }

    public override SqliteTransaction BeginTransaction(IsolationLevel isolationLevel, bool deferred)
    {
        // Entered already when the transaction was begun asynchronously; otherwise (synchronous callers) wait here.
        var entered = _held is null;
        if (entered)
        {
            var gate = Gate;
            gate.Wait();
            _held = gate;
        }

        try
        {
            return base.BeginTransaction(isolationLevel, deferred);
        }
        catch when (entered)
        {
            Leave();
            throw;
        }
    }

    /// <summary>
    /// Enters the gate before the connection opens, for a transaction about to begin: a turn waiting its turn then holds
    /// no open connection (and no page cache) meanwhile. The transaction begun next on this connection takes it over.
    /// </summary>
    public async ValueTask EnterAsync(CancellationToken cancellationToken)
    {
        if (_held is null)
        {
            var gate = Gate;
            await gate.WaitAsync(cancellationToken);
            _held = gate;
        }
    }

    /// <summary>Leaves the gate entered by <see cref="EnterAsync"/> when no transaction took it over.</summary>
    public void LeaveUnlessInTransaction()
    {
        if (base.Transaction is null)
        {
            Leave();
        }
    }

    protected override async ValueTask<DbTransaction> BeginDbTransactionAsync(IsolationLevel isolationLevel, CancellationToken cancellationToken)
    {
        // Entered beforehand (EnterAsync), or a transaction is open, which SQLite refuses to nest: then the place stays.
        var entered = _held is null;
        await EnterAsync(cancellationToken);
        try
        {
            return BeginDbTransaction(isolationLevel);
        }
        catch when (entered)
        {
            Leave();
            throw;
        }
    }

    public override void Close()
    {
        base.Close();
        Leave();
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        Leave();
    }

    private void Leave() => Interlocked.Exchange(ref _held, null)?.Release();

    private SemaphoreSlim Gate => _gate ??= GatesByConnectionString.GetOrAdd(ConnectionString, static connectionString =>
        Gates.GetOrAdd(Path.GetFullPath(new SqliteConnectionStringBuilder(connectionString).DataSource), _ => new SemaphoreSlim(1, 1)));
}

/// <summary>Queues for the database's one writer before a transaction opens its connection (SQLite only).</summary>
internal static class SqliteWriteQueue
{
    public static ValueTask QueueForWriteAsync(this CoPBotDbContext db, CancellationToken cancellationToken) =>
        db.Database.GetDbConnection() is GatedSqliteConnection gated && db.Database.CurrentTransaction is null
            ? gated.EnterAsync(cancellationToken)
            : ValueTask.CompletedTask;

    /// <summary>Gives the place back when the transaction it was taken for did not begin.</summary>
    public static void LeaveWriteQueue(this CoPBotDbContext db)
    {
        if (db.Database.GetDbConnection() is GatedSqliteConnection gated)
        {
            gated.LeaveUnlessInTransaction();
        }
    }
}
