using CoPBot.Cards;
using CoPBot.Cards.Views;
using CoPBot.Services.App;

namespace CoPBot.Bot.Conversation;

/// <summary>
/// How a card many people share refreshes into each reader's own view: one owner for the router's replies and the
/// announcements delivery posts. Only Teams runs refreshes; its clients run them by themselves for the people listed
/// (organizers and visible members on this tenant, up to the platform's 60) and, in small chats, for everyone.
/// </summary>
internal static class SharedCardRefresh
{
    /// <summary>The refresh for a shared card (<paramref name="view"/> is one of <see cref="CardActions.SharedViews"/>); null off Teams.</summary>
    public static async Task<CardRefresh?> ForAsync(
        RosterService rosters, string channel, string tenantId, string view, string? sessionId, IReadOnlyCollection<string> handles, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(rosters);
        ArgumentNullException.ThrowIfNull(handles);
        if (channel != ChatChannels.Teams)
        {
            return null;
        }

        var data = new Dictionary<string, string> { [CardActions.ViewKey] = view };
        if (sessionId is not null)
        {
            data[CardActions.SessionKey] = sessionId;
        }

        if (handles.Count == 1)
        {
            data[CardActions.NetworkKey] = handles.First();
        }

        var userIds = await rosters.OwnViewAccountsAsync(channel, tenantId, handles, CardRefresh.MaxUserIds, cancellationToken);
        return new CardRefresh(new CardAction(CardActions.RefreshView, "Show my view") { Data = data }, userIds);
    }
}
