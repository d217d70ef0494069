using System.Collections.Concurrent;
using System.Data.Common;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace CoPBot.Services.Storage;

/// <summary>
/// Counts the statements a context sends that may change data (everything but a SELECT), so that a turn can tell
/// whether it changed anything: a turn that changed nothing writes nothing, not even its ledger key.
/// </summary>
internal sealed class WriteCounter : DbCommandInterceptor
{
    public static WriteCounter Instance { get; } = new();

    private WriteCounter()
    {
    }

    public override InterceptionResult<DbDataReader> ReaderExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result)
    {
        Count(command, eventData);
        return result;
    }

    public override ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default)
    {
        Count(command, eventData);
        return ValueTask.FromResult(result);
    }

    public override InterceptionResult<int> NonQueryExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<int> result)
    {
        Count(command, eventData);
        return result;
    }

    public override ValueTask<InterceptionResult<int>> NonQueryExecutingAsync(DbCommand command, CommandEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        Count(command, eventData);
        return ValueTask.FromResult(result);
    }

    public override InterceptionResult<object> ScalarExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<object> result)
    {
        Count(command, eventData);
        return result;
    }

    public override ValueTask<InterceptionResult<object>> ScalarExecutingAsync(DbCommand command, CommandEventData eventData, InterceptionResult<object> result, CancellationToken cancellationToken = default)
    {
        Count(command, eventData);
        return ValueTask.FromResult(result);
    }

    private static void Count(DbCommand command, CommandEventData eventData)
    {
        if (eventData.Context is CoPBotDbContext db && !command.CommandText.AsSpan().TrimStart().StartsWith("SELECT", StringComparison.OrdinalIgnoreCase))
        {
            db.Writes++;
        }
    }
}

/// <summary>
/// Keys of recent turns that changed nothing, which the ledger does not store: a redelivery of one reaching this
/// instance is still answered once. Bounded in number and age; another instance may answer such a redelivery again,
/// which repeats an answer and changes nothing.
/// </summary>
public sealed class RecentTurns(TimeProvider clock)
{
    private const int Capacity = 10_000;
    private static readonly TimeSpan Retention = TimeSpan.FromMinutes(15);

    private readonly ConcurrentDictionary<string, DateTimeOffset> _seen = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<KeyValuePair<string, DateTimeOffset>> _order = new();

    /// <summary>Records <paramref name="key"/>; false when it was recorded within the retention.</summary>
    public bool TryAdd(string key)
    {
        var now = clock.GetUtcNow();
        while (_order.TryPeek(out var oldest) && (_order.Count > Capacity || now - oldest.Value > Retention) && _order.TryDequeue(out oldest))
        {
            // Removed only if not recorded again since (the pair must match).
            _seen.TryRemove(oldest);
        }

        // Atomic, so two redeliveries at the same moment are not both answered: only one adds or renews the key.
        while (!_seen.TryAdd(key, now))
        {
            if (!_seen.TryGetValue(key, out var at))
            {
                continue;
            }

            if (now - at <= Retention || !_seen.TryUpdate(key, now, at))
            {
                return false;
            }

            break;
        }

        _order.Enqueue(new(key, now));
        return true;
    }

    /// <summary>Whether <paramref name="key"/> was recorded within the retention.</summary>
    public bool Contains(string key) => _seen.TryGetValue(key, out var at) && clock.GetUtcNow() - at <= Retention;
}
