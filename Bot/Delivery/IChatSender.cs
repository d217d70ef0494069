using CoPBot.Bot.Conversation;
using CoPBot.Services.Addresses;
using CoPBot.Services.Views;

namespace CoPBot.Bot.Delivery;

/// <summary>
/// Sends one message to a remembered address on one platform. Teams and Slack each implement it; delivery and
/// the announce command pick the sender by <see cref="Channel"/>.
/// </summary>
public interface IChatSender
{
    /// <summary>"msteams", "slack" or "console".</summary>
    string Channel { get; }

    /// <summary>
    /// Posts the reply's text and cards to the address. For a personal address whose conversation does not exist
    /// yet (Teams), the sender creates it first. Returns the platform's id of the posted message.
    /// </summary>
    Task<SendResult> SendAsync(ChatAddress address, ChatReply message, CancellationToken cancellationToken);

    /// <summary>
    /// Replaces a message this bot posted earlier (<paramref name="messageId"/>, as <see cref="SendAsync"/> returned it)
    /// with <paramref name="message"/>: the organizer's progress card, updated in place. Optional: a platform that
    /// cannot update answers with a permanent failure.
    /// </summary>
    Task<SendResult> UpdateAsync(ChatAddress address, string messageId, ChatReply message, CancellationToken cancellationToken) =>
        Task.FromResult(new SendResult(false, Error: "This platform does not update messages.", Permanent: true));

    /// <summary>
    /// Looks for a message this bot posted to <paramref name="address"/> for outbox row <paramref name="outboxId"/>
    /// (tagged through <see cref="ChatReply.OutboxId"/>) at or after <paramref name="since"/>. Delivery asks when an
    /// instance died between starting a send and recording its outcome, so a message the platform already accepted
    /// is not sent twice. A platform that cannot tell answers <see cref="SentLookup.Unknown"/> and the message is sent
    /// again: twice is better than never for an invitation.
    /// </summary>
    Task<SentLookup> FindSentAsync(ChatAddress address, Guid outboxId, DateTime since, CancellationToken cancellationToken) =>
        Task.FromResult(SentLookup.Unknown);

    /// <summary>
    /// Before an organizer is promised an announcement in a channel: can the bot post there (joining it where the
    /// platform lets a bot join by itself)? A platform where a bot that hears a channel can always post there answers
    /// <see cref="ChannelAccess.Yes"/>.
    /// </summary>
    Task<ChannelAccess> CheckChannelAsync(ChatAddress address, CancellationToken cancellationToken) => Task.FromResult(ChannelAccess.Yes);

    /// <summary>A channel post that failed for good, in plain words for the organizer: where ("#general") and why.</summary>
    (string Where, string Why) DescribeFailure(ChannelPostFailure failure) =>
        (failure?.ChannelName is { Length: > 0 } name ? name : "a channel", "the platform refused the post");
}

/// <summary>Whether the bot can post to a channel; if not, what the organizer should do, in plain words.</summary>
public sealed record ChannelAccess(bool CanPost, string? Problem = null)
{
    public static ChannelAccess Yes { get; } = new(true);

    public static ChannelAccess No(string problem) => new(false, problem);
}

/// <summary>What <see cref="IChatSender.FindSentAsync"/> found: the message (with its platform id), no message, or that it cannot tell.</summary>
public sealed record SentLookup(SentLookupOutcome Outcome, string? MessageId = null)
{
    public static SentLookup Unknown { get; } = new(SentLookupOutcome.Unknown);

    public static SentLookup NotFound { get; } = new(SentLookupOutcome.NotFound);

    public static SentLookup Found(string? messageId) => new(SentLookupOutcome.Found, messageId);
}

public enum SentLookupOutcome
{
    /// <summary>The platform cannot say (or the lookup failed): send again.</summary>
    Unknown,

    /// <summary>The platform shows no such message: send it.</summary>
    NotFound,

    /// <summary>The platform already has it: record it as sent, do not send again.</summary>
    Found,
}

/// <param name="MessageId">The platform's id of the posted message (Teams activity id, Slack ts), for later updates.</param>
/// <param name="RetryAfter">When the platform said "too many requests": how long to wait before trying again.</param>
/// <param name="Permanent">True when trying again cannot help (unknown user, app removed): the message is dead-lettered.</param>
public sealed record SendResult(bool Ok, string? MessageId = null, string? Error = null, TimeSpan? RetryAfter = null, bool Permanent = false)
{
    public static SendResult Sent(string? messageId) => new(true, messageId);
}
