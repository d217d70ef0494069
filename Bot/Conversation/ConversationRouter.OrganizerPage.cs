using CoPBot.Services.App;

namespace CoPBot.Bot.Conversation;

/// <summary>"my organizer page": a personal sign-in link to the organizer page in the browser.</summary>
internal sealed partial class ConversationRouter
{
    public const string OrganizerPageOnlyForOrganizers =
        "The organizer page shows the figures of networks you organize, and you don't organize one yet. Type \"networks\" to see what's on offer.";

    public const string OrganizerPageOnlyInPrivate = "Your organizer page link is personal, so I only give it in our one-to-one chat. Message me there.";

    public const string OrganizerPageNotSetUp = "The organizer page isn't set up on this server yet (it needs the host's public address, Bot:PublicBaseUrl).";

    private async Task<ChatReply> OrganizerPageAsync(Actor actor, ChatTurn turn, CancellationToken cancellationToken)
    {
        var mine = await networks.MineAsync(actor, cancellationToken);
        if (!mine.Any(n => n.IsOrganizer))
        {
            return new ChatReply { Text = OrganizerPageOnlyForOrganizers, Private = true };
        }

        // The link signs its holder in as this person: it is never posted where others read.
        if (turn.Conversation.Kind != ChatConversationKind.Personal)
        {
            return new ChatReply { Text = OrganizerPageOnlyInPrivate, Private = true };
        }

        if (organizerLinks.Create(actor.PersonId) is not { } link)
        {
            return new ChatReply { Text = OrganizerPageNotSetUp, Private = true };
        }

        return new ChatReply
        {
            Text = $"Your organizer page: {link}\nIt is for you alone, works once, and only for the next {organizerLinks.Lifetime.TotalMinutes:0} minutes.",
            Private = true,
        };
    }
}
