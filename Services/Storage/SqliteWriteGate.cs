using System.Collections.Concurrent;
using System.Data;
using System.Data.Common;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;

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

    /// <summary>Makes EF create this connection, not a plain one, for every context it opens on SQLite.</summary>
    public static IInterceptor Creator { get; } = new CreatingInterceptor();

    private SemaphoreSlim? _gate;
    private SemaphoreSlim? _held;
    private bool _statementHeld;
    /// <summary>
    /// The group sync of this database's write-ahead log (<see cref="WalFlush"/>), known once the connection has been
    /// opened, by the file SQLite opened; null for a database in memory.
    /// </summary>
    public WalFlush? Log { get; private set; }

    public override void Open()
    {
        base.Open();

        // An open connection's DataSource is the full path of the file SQLite opened ("" in memory).
        Log ??= DataSource is { Length: > 0 } path ? WalFlush.For(path) : null;
        SqliteDurableCommits.Configure(this);
    }

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

    /// <summary>
    /// Queues a single statement that writes outside a transaction (an ExecuteUpdate, say) like a transaction: without
    /// this, two of them at once meant one thread asleep for 150 ms in SQLite's busy retry. When a transaction (or a
    /// place queued for one) holds the gate already, the statement is part of it and nothing changes.
    /// </summary>
    public async ValueTask EnterForStatementAsync(CancellationToken cancellationToken)
    {
        if (_held is null && base.Transaction is null)
        {
            await EnterAsync(cancellationToken);
            _statementHeld = true;
        }
    }

    /// <inheritdoc cref="EnterForStatementAsync"/>
    public void EnterForStatement()
    {
        if (_held is null && base.Transaction is null)
        {
            var gate = Gate;
            gate.Wait();
            _held = gate;
            _statementHeld = true;
        }
    }

    /// <summary>Leaves the gate after a statement that <see cref="EnterForStatementAsync"/> queued, and only then.</summary>
    public void LeaveStatement()
    {
        if (_statementHeld)
        {
            _statementHeld = false;
            Leave();
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

    private void Leave()
    {
        _statementHeld = false;
        Interlocked.Exchange(ref _held, null)?.Release();
    }

    private sealed class CreatingInterceptor : DbConnectionInterceptor
    {
        public override InterceptionResult<DbConnection> ConnectionCreating(ConnectionCreatingEventData eventData, InterceptionResult<DbConnection> result) =>
            InterceptionResult<DbConnection>.SuppressWithResult(new GatedSqliteConnection(eventData.ConnectionString!));
    }

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

/// <summary>
/// Single statements that change data outside a transaction queue for SQLite's writer too
/// (<see cref="GatedSqliteConnection.EnterForStatementAsync"/>): the outbox's lease and outcome updates are such
/// statements, sixteen conversations sending at once. Statements run through a reader are left alone.
/// </summary>
internal sealed class SqliteStatementQueue : DbCommandInterceptor
{
    public static SqliteStatementQueue Instance { get; } = new();

    private SqliteStatementQueue()
    {
    }

    public override InterceptionResult<int> NonQueryExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<int> result)
    {
        if (Gated(command) is { } gated)
        {
            gated.EnterForStatement();
        }

        return result;
    }

    public override async ValueTask<InterceptionResult<int>> NonQueryExecutingAsync(DbCommand command, CommandEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        if (Gated(command) is { } gated)
        {
            await gated.EnterForStatementAsync(cancellationToken);
        }

        return result;
    }

    public override int NonQueryExecuted(DbCommand command, CommandExecutedEventData eventData, int result)
    {
        Leave(command);
        Committed(command)?.Flush();
        return result;
    }

    public override async ValueTask<int> NonQueryExecutedAsync(DbCommand command, CommandExecutedEventData eventData, int result, CancellationToken cancellationToken = default)
    {
        Leave(command);
        if (Committed(command) is { } log)
        {
            await log.FlushAsync(cancellationToken);
        }

        return result;
    }

    public override void CommandFailed(DbCommand command, CommandErrorEventData eventData) => Leave(command);

    public override Task CommandFailedAsync(DbCommand command, CommandErrorEventData eventData, CancellationToken cancellationToken = default)
    {
        Leave(command);
        return Task.CompletedTask;
    }

    public override void CommandCanceled(DbCommand command, CommandEndEventData eventData) => Leave(command);

    public override Task CommandCanceledAsync(DbCommand command, CommandEndEventData eventData, CancellationToken cancellationToken = default)
    {
        Leave(command);
        return Task.CompletedTask;
    }

    private static GatedSqliteConnection? Gated(DbCommand command) =>
        command.Transaction is null && command.Connection is GatedSqliteConnection gated ? gated : null;

    private static void Leave(DbCommand command) => (command.Connection as GatedSqliteConnection)?.LeaveStatement();

    /// <summary>The log to sync when the statement was its own transaction (SQLite committed it as it ran).</summary>
    private static WalFlush? Committed(DbCommand command) => Gated(command)?.Log;
}
