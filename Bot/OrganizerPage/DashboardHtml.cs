using System.Text;
using CoPBot.Cards.Builders;
using CoPBot.Services.Views;
using static CoPBot.Bot.OrganizerPage.HtmlPage;

namespace CoPBot.Bot.OrganizerPage;

/// <summary>The organizer page's body: per network, the room screens of upcoming sessions and the charts. Counts only.</summary>
internal static class DashboardHtml
{
    public const string SaidYes = "Said yes";
    public const string Came = "Came";
    public const string WalkIns = "Walk-ins";

    public static string Body(OrganizerDashboard dashboard)
    {
        ArgumentNullException.ThrowIfNull(dashboard);
        var body = new StringBuilder()
            .Append("<a class=\"skip\" href=\"#main\">Skip to the figures</a>")
            .Append("<header><p>CoPBot</p><form method=\"post\" action=\"").Append(OrganizerPageEndpoints.SignOutPath).Append("\"><button type=\"submit\">Sign out</button></form></header>")
            .Append("<main id=\"main\">")
            .Append("<h1>Organizer page: ").Append(Encode(dashboard.OrganizerName)).Append("</h1>")
            .Append("<p>Counts only: nobody is named, and nobody is listed for coming or not. Groups of fewer than ")
            .Append(GroupCounts.MinimumGroupSize).Append(" people are counted under \u201C").Append(GroupCounts.OtherLabel).Append("\u201D.</p>");
        if (dashboard.Networks.Count > 1)
        {
            body.Append("<nav aria-label=\"Your networks\"><ul>");
            foreach (var network in dashboard.Networks)
            {
                body.Append("<li><a href=\"#").Append(Encode(network.Handle)).Append("\">").Append(Encode(network.Name)).Append("</a></li>");
            }

            body.Append("</ul></nav>");
        }

        foreach (var network in dashboard.Networks)
        {
            Network(body, network);
        }

        return body.Append("</main>").ToString();
    }

    private static void Network(StringBuilder body, NetworkDashboard network)
    {
        var id = Encode(network.Handle);
        body.Append("<section aria-labelledby=\"").Append(id).Append("\"><h2 id=\"").Append(id).Append("\">").Append(Encode(network.Name)).Append("</h2>");

        body.Append("<h3>Room screens</h3>");
        var upcoming = network.Sessions.Where(s => s.IsUpcoming).ToList();
        if (upcoming.Count == 0)
        {
            body.Append("<p>No session coming up.</p>");
        }
        else
        {
            body.Append("<ul>");
            foreach (var session in upcoming)
            {
                body.Append("<li><a href=\"").Append(OrganizerPageEndpoints.RoomPath(session.SessionId)).Append("\">Room screen for ")
                    .Append(Encode(session.Title)).Append(" (").Append(Encode(session.Reference)).Append("), ")
                    .Append(Encode(Format.Instant(session.StartsAt, session.TimeZoneId))).Append("</a></li>");
            }

            body.Append("</ul>");
        }

        var shown = network.Sessions.Where(s => !s.IsCancelled).ToList();
        body.Append("<h3>Sessions</h3>");
        if (shown.Count == 0)
        {
            body.Append("<p>No sessions yet.</p>");
        }
        else
        {
            body.Append(SvgCharts.GroupedBars(
                $"{id}-sessions",
                $"{network.Name}: said yes, came and walk-ins per session",
                "For each session, oldest first: how many said yes, how many came (checked in), and of those, walk-ins who had not said yes.",
                shown.Select(s => s.Reference).ToList(),
                [
                    new ChartSeries(SaidYes, shown.Select(s => s.SaidYes).ToList()),
                    new ChartSeries(Came, shown.Select(s => s.Came).ToList()),
                    new ChartSeries(WalkIns, shown.Select(s => s.WalkIns).ToList()),
                ]));
        }

        Groups(body, $"{id}-departments", network.Name, "Who said yes, by department", "Department", network.ByDepartment);
        Groups(body, $"{id}-organizations", network.Name, "Who said yes, by organization", "Organization", network.ByOrganization);
        body.Append("</section>");
    }

    private static void Groups(StringBuilder body, string id, string networkName, string heading, string groupName, IReadOnlyList<GroupCount> groups)
    {
        body.Append("<h3>").Append(Encode(heading)).Append("</h3>");
        if (groups.Count == 0)
        {
            body.Append("<p>Nobody has said yes yet.</p>");
            return;
        }

        body.Append(SvgCharts.GroupBars(id, $"{networkName}: {heading}", $"People who said yes to any of the sessions shown, each counted once, by {groupName.ToLowerInvariant()}.", groupName, groups));
    }
}
