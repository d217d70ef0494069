using CoPBot.Bot.Conversation;
using CoPBot.Bot.Slack;
using CoPBot.Bot.Teams;
using CoPBot.Services.App;
using Microsoft.Extensions.Options;

namespace CoPBot.Bot.Rooms;

/// <summary>
/// What a room screen's QR code encodes and shows, per platform: in Teams a deep link that opens the person's own chat
/// with CoPBot with the check-in message typed in (they press send); in Slack the app's messages tab, with the message
/// to type shown on the screen; in the console the message itself. The message holds the current code, so the links
/// change with it every minute.
/// </summary>
internal sealed class CheckInLinks(IOptions<TeamsOptions> teams, IOptions<SlackOptions> slack, IOptions<OrganizationOptions> organizations)
{
    /// <summary>The one check-in message: "here idealab-3 4821" (the understanding also reads "here 4821").</summary>
    public static string Message(string sessionReference, string code) => $"here {sessionReference} {code}";

    /// <summary>
    /// The links for a session whose network belongs to <paramref name="organizationSlugs"/>: one per Teams bot and
    /// Slack installation serving those organizations' tenants (all of them when no tenant is mapped), then the console.
    /// </summary>
    public IReadOnlyList<CheckInLink> For(string sessionReference, string code, IEnumerable<string> organizationSlugs)
    {
        ArgumentNullException.ThrowIfNull(organizationSlugs);
        var message = Message(sessionReference, code);
        var slugs = organizationSlugs.ToHashSet(StringComparer.OrdinalIgnoreCase);
        var tenants = organizations.Value.Entries.Where(e => slugs.Contains(e.Slug)).SelectMany(e => e.Tenants).ToHashSet(StringComparer.OrdinalIgnoreCase);
        var links = new List<CheckInLink>();
        foreach (var bot in teams.Value.Bots.Where(b => !string.IsNullOrEmpty(b.AppId)))
        {
            if (Serves(tenants, ChatChannels.Teams, bot.TenantId))
            {
                links.Add(new CheckInLink(ChatChannels.Teams, "Microsoft Teams", TeamsChat(bot.AppId, message), message));
            }
        }

        foreach (var app in slack.Value.Apps)
        {
            foreach (var installation in app.Installations.Where(i => Serves(tenants, ChatChannels.Slack, i.TeamId)))
            {
                links.Add(new CheckInLink(ChatChannels.Slack, "Slack", SlackMessagesTab(installation.TeamId, app.AppId), message));
            }
        }

        links.Add(new CheckInLink(ChatChannels.Console, "Console", null, message));
        return links;
    }

    /// <summary>
    /// Teams: a new or existing 1:1 chat with the bot ("28:" + its app id), the message in the compose box.
    /// https://learn.microsoft.com/microsoftteams/platform/concepts/build-and-test/deep-link-teams
    /// </summary>
    public static Uri TeamsChat(string botAppId, string message) =>
        new($"https://teams.microsoft.com/l/chat/0/0?users=28:{Uri.EscapeDataString(botAppId)}&message={Uri.EscapeDataString(message)}");

    /// <summary>Slack: the app's messages tab in the workspace; Slack links cannot prefill a message, so the screen shows it.</summary>
    public static Uri SlackMessagesTab(string teamId, string appId) =>
        new($"slack://app?team={Uri.EscapeDataString(teamId)}&id={Uri.EscapeDataString(appId)}&tab=messages");

    /// <summary>A bot or installation serves the room when its tenant is one of the organizations' (or either is not mapped).</summary>
    private static bool Serves(HashSet<string> tenants, string channel, string? tenantId) =>
        tenants.Count == 0 || string.IsNullOrEmpty(tenantId) || tenants.Contains($"{channel}:{tenantId}");
}

/// <summary>One way into the check-in chat: the platform, its name for people, the link to encode (none for the console), and the message.</summary>
internal sealed record CheckInLink(string Channel, string Label, Uri? Url, string Message);
