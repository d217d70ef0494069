using CoPBot.Cards;
using CoPBot.Cards.Builders;
using CoPBot.Cards.Views;
using CoPBot.Services.App;
using CoPBot.Services.Domain;
using CoPBot.Services.Views;

namespace CoPBot.Bot.Conversation;

/// <summary>
/// Cards many people share (group chats and channels) show only what is the same for everyone. Each reader gets their
/// own view beside it: on Teams the card carries a refresh that their client runs (<see cref="CardActions.RefreshView"/>),
/// elsewhere the speaker's view goes to them alone. A view is always the asker's own: the refresh data names a card,
/// never a person.
/// </summary>
internal sealed partial class ConversationRouter
{
    /// <summary>A session card where it was asked for: the reader's own in a personal chat, else the shared one and the speaker's view.</summary>
    private async Task<ChatReply> SessionHereAsync(Actor actor, ChatTurn turn, SessionSummary session, string? text, CancellationToken cancellationToken) =>
        Audience(turn) == CardAudience.Reader
            ? new ChatReply { Text = text, Cards = [SessionCards.Details(session, CalendarBase)] }
            : await SharedAsync(actor, turn, SessionCards.Details(session, CalendarBase, CardAudience.Shared), CardActions.SharedViews.Session, session.Id.ToString(), [session.NetworkHandle], text, cancellationToken);

    private async Task<ChatReply> NetworkHereAsync(Actor actor, ChatTurn turn, NetworkSummary network, CancellationToken cancellationToken) =>
        Audience(turn) == CardAudience.Reader
            ? Cards(NetworkCards.Details(network))
            : await SharedAsync(actor, turn, NetworkCards.Details(network, CardAudience.Shared), CardActions.SharedViews.Network, network.Handle, [network.Handle], null, cancellationToken);

    private async Task<ChatReply> NetworksHereAsync(Actor actor, ChatTurn turn, IReadOnlyList<NetworkSummary> list, CancellationToken cancellationToken) =>
        Audience(turn) == CardAudience.Reader
            ? Cards(NetworkCards.List(list))
            : await SharedAsync(actor, turn, NetworkCards.List(list, CardAudience.Shared), CardActions.SharedViews.Networks, "", [.. list.Select(n => n.Handle)], null, cancellationToken);

    private async Task<ChatReply> SharedAsync(Actor actor, ChatTurn turn, CardView shared, string view, string key, IReadOnlyCollection<string> handles, string? text, CancellationToken cancellationToken)
    {
        var own = await OwnViewAsync(actor, view, key, cancellationToken);
        return new ChatReply
        {
            Text = text,
            Cards = [shared with { Refresh = await RefreshOfAsync(turn.User, view, key, handles, cancellationToken) }],
            SpeakerCards = own is null || SameForTheReader(own, shared) ? [] : [own],
        };
    }

    /// <summary>True when the speaker's own view adds nothing to the shared card (no status, link or button of their own).</summary>
    private static bool SameForTheReader(CardView own, CardView shared)
    {
        static IEnumerable<string> Verbs(CardView card) =>
            card.Actions.Concat(card.Sections.SelectMany(s => s.Items).SelectMany(i => i.Actions)).Select(a => a.Verb);

        return own.Status == shared.Status && own.Links.Count == shared.Links.Count && Verbs(own).SequenceEqual(Verbs(shared), StringComparer.Ordinal);
    }

    /// <summary>
    /// The refresh of a shared card: whoever asks gets their own view, with the same refresh so that it stays theirs.
    /// Nothing to show (a card about something the asker cannot see) is no card: the client keeps the shared one.
    /// </summary>
    private async Task<ChatReply> RefreshAsync(Actor actor, ChatTurn turn, IReadOnlyDictionary<string, string> data, CancellationToken cancellationToken)
    {
        var view = data.GetValueOrDefault(CardActions.ViewKey) ?? "";
        var key = (view is CardActions.SharedViews.Network ? data.GetValueOrDefault(CardActions.NetworkKey) : data.GetValueOrDefault(CardActions.SessionKey)) ?? "";
        CardView? own;
        try
        {
            own = await OwnViewAsync(actor, view, key, cancellationToken);
        }
        catch (DomainException)
        {
            return ChatReply.Nothing;
        }

        if (own is null)
        {
            return ChatReply.Nothing;
        }

        var handles = view == CardActions.SharedViews.Networks
            ? (await networks.ListAsync(actor, cancellationToken)).Select(n => n.Handle).ToList()
            : [data.GetValueOrDefault(CardActions.NetworkKey) ?? ""];
        return new ChatReply { UpdatedCard = own with { Refresh = await RefreshOfAsync(turn.User, view, key, handles, cancellationToken) } };
    }

    /// <summary>The reader's own view of a shared card (for a session, see <see cref="SessionCards.OwnView"/>); null for an unknown view.</summary>
    private async Task<CardView?> OwnViewAsync(Actor actor, string view, string key, CancellationToken cancellationToken)
    {
        switch (view)
        {
            case CardActions.SharedViews.Network:
                return NetworkCards.Details(await networks.GetAsync(actor, key, cancellationToken));
            case CardActions.SharedViews.Networks:
                return NetworkCards.List(await networks.ListAsync(actor, cancellationToken));
            case CardActions.SharedViews.Session or CardActions.SharedViews.Announcement:
            {
                var session = await sessions.GetAsync(actor, key, cancellationToken);
                var member = !session.ReaderIsOrganizer && session.MyAnswer is null && (await networks.GetAsync(actor, session.NetworkHandle, cancellationToken)).IsMember;
                return SessionCards.OwnView(session, member, view == CardActions.SharedViews.Announcement, CalendarBase);
            }

            default:
                return null;
        }
    }

    private Task<CardRefresh?> RefreshOfAsync(ChatUser where, string view, string key, IReadOnlyCollection<string> handles, CancellationToken cancellationToken) =>
        SharedCardRefresh.ForAsync(rosters, where.Channel, where.TenantId, view,
            view is CardActions.SharedViews.Session or CardActions.SharedViews.Announcement ? key : null, handles, cancellationToken);
}
