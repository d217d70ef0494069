using CoPBot.Cards.Views;
using CoPBot.Services.App;

namespace CoPBot.Bot.Conversation;

/// <summary>
/// What the router answers: plain text (no markup; renderers escape it) and card views. When the turn was a
/// card action, <see cref="UpdatedCard"/> is the new state of the card that was clicked, for in-place update.
/// </summary>
public sealed record ChatReply
{
    public string? Text { get; init; }

    public IReadOnlyList<CardView> Cards { get; init; } = [];

    /// <summary>
    /// In a group chat or channel, where <see cref="Cards"/> is what everyone sees: the speaker's own view of those
    /// cards (their answer, their buttons), for a platform that shows it to them alone (a Slack ephemeral message).
    /// Teams cards carry a refresh instead, so each reader's client asks for its own view.
    /// </summary>
    public IReadOnlyList<CardView> SpeakerCards { get; init; } = [];

    /// <summary>The reply as the speaker alone will see it: their own view in place of the shared cards.</summary>
    public ChatReply ForSpeakerAlone() => SpeakerCards.Count == 0 ? this : this with { Cards = SpeakerCards, SpeakerCards = [] };

    /// <summary>The clicked card as it should now read (Teams Action.Execute answer, Slack chat.update).</summary>
    public CardView? UpdatedCard { get; init; }

    /// <summary>
    /// When the reply's card shows the progress of an organizer's delivery run: the run's id. The platform records
    /// the id of the message it posted, and delivery updates that card in place until the run ends.
    /// </summary>
    public Guid? ProgressRunId { get; init; }

    /// <summary>
    /// For a message delivery sends: the outbox row it delivers. A platform that can tag a message (Slack message
    /// metadata) does, so that <see cref="Delivery.IChatSender.FindSentAsync"/> can find it after a crash.
    /// </summary>
    public Guid? OutboxId { get; init; }

    /// <summary>
    /// The sessions and networks the reply shows the person, which become their context in this conversation (what a
    /// later "yes" or "who's going?" refers to); null leaves their context as it was.
    /// </summary>
    public ShownContext? Shown { get; init; }

    /// <summary>True when only the person who spoke should see the reply (Slack ephemeral, Teams personal).</summary>
    public bool Private { get; init; }

    /// <summary>Nothing to send (a redelivered turn that was already handled).</summary>
    public static ChatReply Nothing { get; } = new();

    public bool IsEmpty => Text is null && Cards.Count == 0 && UpdatedCard is null;

    public static ChatReply Say(string text) => new() { Text = text };
}

/// <summary>The one entry point every platform calls with a turn.</summary>
public interface IConversationRouter
{
    Task<ChatReply> HandleAsync(ChatTurn turn, CancellationToken cancellationToken);
}
