using System.Threading.Channels;

namespace CoPBot.Bot.Slack;

/// <summary>Work that must finish after Slack got its answer within 3 seconds; <see cref="Attempt"/> counts from 1.</summary>
internal sealed record SlackWorkItem(string Name, Func<CancellationToken, Task> Work, int Attempt = 1);

/// <summary>
/// A background step that Slack did not take for now (<see cref="SlackWebApiClient.IsTransient"/>), thrown before
/// anything of it was posted: the worker runs the item again later (<see cref="SlackBackgroundWorker"/>).
/// </summary>
internal sealed class SlackTryAgainException(string error, TimeSpan? retryAfter) : Exception($"Slack answered {error}; to be tried again.")
{
    public string Error { get; } = error;

    public TimeSpan? RetryAfter { get; } = retryAfter;

    public static void ThrowIfTransient<T>(SlackApiResult<T> result)
        where T : SlackApiResponse
    {
        ArgumentNullException.ThrowIfNull(result);
        if (!result.Ok && SlackWebApiClient.IsTransient(result.Error))
        {
            throw new SlackTryAgainException(result.Error!, result.RetryAfter);
        }
    }
}

/// <summary>
/// The queue between the Slack endpoints (which acknowledge at once) and <see cref="SlackBackgroundWorker"/> (which
/// calls the router and answers through response_url or the Web API).
/// </summary>
internal sealed class SlackBackgroundQueue
{
    private readonly Channel<SlackWorkItem> channel = Channel.CreateBounded<SlackWorkItem>(
        new BoundedChannelOptions(10_000) { FullMode = BoundedChannelFullMode.Wait, SingleReader = false });

    private readonly Lock gate = new();
    private int pending;
    private TaskCompletionSource idle = CompletedSource();

    public ChannelReader<SlackWorkItem> Reader => channel.Reader;

    public async ValueTask EnqueueAsync(SlackWorkItem item, CancellationToken cancellationToken)
    {
        lock (gate)
        {
            if (pending++ == 0)
            {
                idle = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            }
        }

        await channel.Writer.WriteAsync(item, cancellationToken);
    }

    /// <summary>Queues <paramref name="item"/> again after <paramref name="wait"/> on <paramref name="clock"/>; counted as pending meanwhile.</summary>
    public void EnqueueLater(SlackWorkItem item, TimeSpan wait, TimeProvider clock, CancellationToken cancellationToken)
    {
        lock (gate)
        {
            if (pending++ == 0)
            {
                idle = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            }
        }

        _ = WriteLaterAsync(item, wait, clock, cancellationToken);
    }

    private async Task WriteLaterAsync(SlackWorkItem item, TimeSpan wait, TimeProvider clock, CancellationToken cancellationToken)
    {
        try
        {
            await Task.Delay(wait, clock, cancellationToken);
            await channel.Writer.WriteAsync(item, cancellationToken);
        }
        catch (OperationCanceledException)
        {
            // Shutting down: the item is dropped, as the queued ones are.
            Completed();
        }
    }

    /// <summary>Called by the worker when an item is done (whether it succeeded or not).</summary>
    public void Completed()
    {
        lock (gate)
        {
            if (--pending == 0)
            {
                idle.TrySetResult();
            }
        }
    }

    /// <summary>Completes when nothing is queued or running: for graceful shutdown and for tests.</summary>
    public Task WhenIdleAsync()
    {
        lock (gate)
        {
            return idle.Task;
        }
    }

    private static TaskCompletionSource CompletedSource()
    {
        var source = new TaskCompletionSource();
        source.SetResult();
        return source;
    }
}

/// <summary>
/// Runs queued Slack work, a few items at a time; a failing item is logged, never fatal. An item Slack did not take
/// for now (<see cref="SlackTryAgainException"/>) runs again after Slack's Retry-After or a backoff, a few times.
/// </summary>
/// <remarks><paramref name="retryClock"/> is the clock the outbound retries wait on (<see cref="OutboundHttp.RetryClockKey"/>).</remarks>
internal sealed partial class SlackBackgroundWorker(SlackBackgroundQueue queue, TimeProvider retryClock, ILogger<SlackBackgroundWorker> logger) : BackgroundService
{
    private const int Concurrency = 4;
    private const int MaxAttempts = 4;

    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Task.WhenAll(Enumerable.Range(0, Concurrency).Select(_ => RunAsync(stoppingToken)));

    private async Task RunAsync(CancellationToken stoppingToken)
    {
        try
        {
            await foreach (var item in queue.Reader.ReadAllAsync(stoppingToken))
            {
                try
                {
                    await item.Work(stoppingToken);
                }
                catch (SlackTryAgainException exception) when (item.Attempt < MaxAttempts)
                {
                    var wait = exception.RetryAfter ?? TimeSpan.FromSeconds(5 * Math.Pow(3, item.Attempt - 1));
                    LogTryingAgain(logger, item.Name, exception.Error, wait.TotalSeconds);
                    queue.EnqueueLater(item with { Attempt = item.Attempt + 1 }, wait, retryClock, stoppingToken);
                }
#pragma warning disable CA1031 // One failed reply must not stop the worker; the failure is logged with its id.
                catch (Exception exception) when (exception is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
#pragma warning restore CA1031
                {
                    LogFailed(logger, exception, item.Name);
                }
                finally
                {
                    queue.Completed();
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutting down.
        }
    }

    [LoggerMessage(EventId = 4140, Level = LogLevel.Error, Message = "Slack background work {Name} failed")]
    private static partial void LogFailed(ILogger logger, Exception exception, string name);

    [LoggerMessage(EventId = 4503, Level = LogLevel.Warning, Message = "Slack background work {Name} not taken ({Error}); trying again in {Seconds}s")]
    private static partial void LogTryingAgain(ILogger logger, string name, string error, double seconds);
}

/// <summary>
/// Runs each event id once per instance while Slack redelivers it (X-Slack-Retry-Num). A retry that arrives while the
/// first delivery is still running waits for it and answers as it does; an id whose handling failed is forgotten, so
/// that Slack's next retry does the work. Bounded; across instances and restarts the event id also travels as
/// ChatTurn.TurnId, which the turn ledger makes idempotent.
/// </summary>
internal sealed class SlackEventDeduplicator
{
    private const int Capacity = 10_000;
    private readonly Lock gate = new();
    private readonly Dictionary<string, Task> seen = new(StringComparer.Ordinal);
    private readonly Queue<string> order = new();

    /// <summary>Runs <paramref name="work"/> for the first delivery of an id; false when this was a repeat (after the first finished).</summary>
    public async Task<bool> RunOnceAsync(string eventId, Func<Task> work)
    {
        ArgumentNullException.ThrowIfNull(work);
        Task? running;
        TaskCompletionSource? mine = null;
        lock (gate)
        {
            if (!seen.TryGetValue(eventId, out running))
            {
                mine = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                seen[eventId] = mine.Task;
                order.Enqueue(eventId);
                if (order.Count > Capacity)
                {
                    seen.Remove(order.Dequeue());
                }
            }
        }

        if (mine is null)
        {
            await running!;
            return false;
        }

        try
        {
            await work();
            mine.SetResult();
            return true;
        }
        catch (Exception exception)
        {
            lock (gate)
            {
                if (seen.TryGetValue(eventId, out var entry) && entry == mine.Task)
                {
                    seen.Remove(eventId);
                }
            }

            mine.SetException(exception);
            _ = mine.Task.Exception; // observed here; a waiting retry rethrows it too.
            throw;
        }
    }
}
