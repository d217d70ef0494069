using CoPBot.Bot.Conversation;
using CoPBot.Cards.Rendering;
using CoPBot.Cards.Views;

namespace CoPBot.Bot.Teams;

/// <summary>Turns a platform-neutral reply into Teams message activities (text, Adaptive Card attachments).</summary>
internal static class TeamsMessages
{
    public const string AdaptiveCardContentType = "application/vnd.microsoft.card.adaptive";

    public static Attachment CardAttachment(CardView view) =>
        new() { ContentType = AdaptiveCardContentType, Content = AdaptiveCardRenderer.Render(view) };

    /// <summary>
    /// One activity per card (each card stays well under Teams' 28 KB message limit on its own); the text goes with
    /// the first. Text is sent as plain text so user content cannot turn into markup.
    /// </summary>
    public static IReadOnlyList<TeamsActivity> Build(ChatReply reply, IReadOnlyList<CardView>? cards = null)
    {
        ArgumentNullException.ThrowIfNull(reply);
        cards ??= reply.Cards;
        var text = string.IsNullOrWhiteSpace(reply.Text) ? null : reply.Text;
        var activities = new List<TeamsActivity>();
        if (cards.Count == 0)
        {
            if (text is not null)
            {
                activities.Add(Message(text, null));
            }

            return activities;
        }

        for (var i = 0; i < cards.Count; i++)
        {
            activities.Add(Message(i == 0 ? text : null, [CardAttachment(cards[i])]));
        }

        return activities;
    }

    public static TeamsActivity Message(string? text, IReadOnlyList<Attachment>? attachments) => new()
    {
        Type = "message",
        Text = text,
        TextFormat = text is null ? null : "plain",
        Attachments = attachments,
        AttachmentLayout = attachments is null ? null : "list",
        ChannelId = TeamsTurns.ChannelId,
    };

    /// <summary>Fills the envelope of a reply to <paramref name="incoming"/> as the SDK does (from/recipient swapped).</summary>
    public static TeamsActivity ReplyEnvelope(TeamsActivity message, TeamsActivity incoming) => message with
    {
        ServiceUrl = incoming.ServiceUrl,
        ChannelId = incoming.ChannelId ?? TeamsTurns.ChannelId,
        From = incoming.Recipient,
        Recipient = incoming.From,
        Conversation = incoming.Conversation,
        ReplyToId = incoming.Id,
        Locale = incoming.Locale,
    };
}
