using CoPBot.Bot.Conversation;
using CoPBot.Services.Addresses;

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
}

/// <param name="MessageId">The platform's id of the posted message (Teams activity id, Slack ts), for later updates.</param>
/// <param name="RetryAfter">When the platform said "too many requests": how long to wait before trying again.</param>
/// <param name="Permanent">True when trying again cannot help (unknown user, app removed): the message is dead-lettered.</param>
public sealed record SendResult(bool Ok, string? MessageId = null, string? Error = null, TimeSpan? RetryAfter = null, bool Permanent = false)
{
    public static SendResult Sent(string? messageId) => new(true, messageId);
}
