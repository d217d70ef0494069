using CoPBot.Services.Outbox;

namespace CoPBot.Bot.Delivery;

/// <summary>
/// One lane per conversation: its messages go one after another, different conversations side by side, at most
/// <c>maxParallel</c> at once. A conversation still sending from an earlier batch gets the new batch's messages after
/// those, so the dispatcher can start the next batch while the last one's conversations finish.
/// </summary>
internal sealed class SendLanes(int maxParallel) : IDisposable
{
    private readonly SemaphoreSlim _slots = new(maxParallel, maxParallel);

    /// <summary>Each conversation's last lane: a new one for the same conversation waits for it.</summary>
    private readonly Dictionary<string, Task> _lanes = new(StringComparer.Ordinal);

    /// <summary>
    /// Gives each conversation of <paramref name="batch"/> its lane, waiting for a free one as needed; returns once the
    /// last has started, with a task that completes (or fails) when all of them have.
    /// </summary>
    public async Task<Task> StartAsync(IReadOnlyList<OutboxMessage> batch, Func<OutboxMessage, Task> send, CancellationToken cancellationToken)
    {
        foreach (var finished in _lanes.Where(l => l.Value.IsCompleted).Select(l => l.Key).ToList())
        {
            _lanes.Remove(finished);
        }

        var started = new List<Task>();
        foreach (var conversation in batch.GroupBy(ConversationOf, StringComparer.Ordinal))
        {
            await _slots.WaitAsync(cancellationToken);
            var before = _lanes.GetValueOrDefault(conversation.Key) ?? Task.CompletedTask;
            var lane = RunAsync(before, [.. conversation], send);
            _lanes[conversation.Key] = lane;
            started.Add(lane);
        }

        return Task.WhenAll(started);
    }

    /// <summary>Waits for every lane started so far (their failures are their batches' to report).</summary>
    public async Task DrainAsync() => await Task.WhenAll(_lanes.Values).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);

    public void Dispose() => _slots.Dispose();

    private static string ConversationOf(OutboxMessage message) =>
        message.PersonId?.ToString() ?? $"{message.AddressChannel}|{message.AddressTenantId}|{message.AddressConversationId}";

    private async Task RunAsync(Task before, List<OutboxMessage> messages, Func<OutboxMessage, Task> send)
    {
        try
        {
            await before.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            foreach (var message in messages)
            {
                await send(message);
            }
        }
        finally
        {
            _slots.Release();
        }
    }
}
