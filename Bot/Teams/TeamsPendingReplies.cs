using System.Collections.Concurrent;

namespace CoPBot.Bot.Teams;

/// <summary>
/// What is left of a reply that could not go out after its turn was done (the connector failed, throttled for long,
/// did not answer, or the bot had no token), kept for Teams' redelivery of the same activity: the turn ledger makes
/// the redelivery change nothing, and this makes it send what was not sent, once. Bounded in number and age, and kept
/// in this instance only: a redelivery that reaches another instance finds nothing here and sends nothing.
/// </summary>
internal sealed class TeamsPendingReplies(TimeProvider clock)
{
    private const int Capacity = 1_000;
    private static readonly TimeSpan Retention = TimeSpan.FromMinutes(15);

    private readonly ConcurrentDictionary<string, PendingReply> pending = new(StringComparer.Ordinal);

    /// <summary>The key of an activity's reply; null for an activity without an id (its redelivery cannot be told apart).</summary>
    public static string? KeyOf(TeamsActivity activity) =>
        activity is { Id: { Length: > 0 } id, Conversation.Id: { Length: > 0 } conversationId }
            ? $"{TeamsTurns.TenantOf(activity)}:{conversationId}:{id}"
            : null;

    /// <summary>Keeps the unsent <paramref name="reply"/> for <paramref name="key"/>, replacing what was kept before.</summary>
    public void Keep(string key, PendingReply reply)
    {
        var now = clock.GetUtcNow();
        foreach (var (oldKey, old) in pending)
        {
            if (now - old.KeptAt > Retention)
            {
                pending.TryRemove(new(oldKey, old));
            }
        }

        if (pending.Count >= Capacity)
        {
            // Full of fresh entries: the oldest goes, so a new failure is never the one dropped.
            var oldest = pending.MinBy(p => p.Value.KeptAt);
            pending.TryRemove(oldest);
        }

        pending[key] = reply with { KeptAt = now };
    }

    /// <summary>Takes what was kept for <paramref name="key"/>, once: two redeliveries at the same moment do not both get it.</summary>
    public PendingReply? Take(string key) =>
        pending.TryRemove(key, out var reply) && clock.GetUtcNow() - reply.KeptAt <= Retention ? reply : null;
}

/// <summary>The messages of a reply not sent yet, in order, and where they were to go.</summary>
internal sealed record PendingReply(IReadOnlyList<TeamsActivity> Messages, bool Private, Guid? ProgressRunId)
{
    public DateTimeOffset KeptAt { get; init; }
}
