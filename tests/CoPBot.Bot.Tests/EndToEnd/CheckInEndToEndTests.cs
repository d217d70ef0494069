using System.Net;
using System.Text.Json.Nodes;
using CoPBot.Services.App;
using CoPBot.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CoPBot.Bot.Tests.EndToEnd;

/// <summary>
/// Check-in at the room over the real endpoints: a Teams member who said yes and a Slack walk-in from a partner
/// organization each send one message with the code the room screen shows now, and the organizer's stats count them.
/// </summary>
public sealed class CheckInEndToEndTests
{
    private static readonly TeamsPerson Olivia = TeamsPerson.Named("Olivia Organizer");
    private static readonly TeamsPerson Maya = TeamsPerson.Named("Maya Member");
    private static readonly SlackPerson Lena = new("U0LENA", "Lena Walkin");

    [Theory]
    [StorageProviders]
    public async Task CheckIn_TeamsMemberAndSlackWalkIn_WelcomedAndCounted(string provider)
    {
        await using var host = await LiveBotHost.StartAsync(provider);
        await host.InstallForAsync(Olivia);
        await TeamsEndToEndTests.SayAsync(host, Olivia, "new network IdeaLab; handle: idealab");
        await TeamsEndToEndTests.SayAsync(host, Olivia, "schedule idealab: Prototyping on paper; when: 2027-03-11 09:30; for: 90 min; where: Room 4B, City Hall");
        Assert.Equal(HttpStatusCode.OK, await host.DirectMessageAsync(Lena, "networks", "Ev0NETS1")); // the County is known once one of its people spoke
        Assert.Contains("now open to", await TeamsEndToEndTests.SayAsync(host, Olivia, "open idealab to county"), StringComparison.Ordinal);
        await host.InstallForAsync(Maya);
        await TeamsEndToEndTests.SayAsync(host, Maya, "rsvp yes idealab");
        var session = await host.QueryAsync(db => db.Sessions.SingleAsync(TestContext.Current.CancellationToken));
        host.Time.SetUtcNow(session.StartsAt.AddMinutes(-10));
        var codes = host.Services.GetRequiredService<CheckInCodes>();

        // Maya scanned the QR code: Teams opened her chat with "here idealab-1 <code>" typed in, and she sent it.
        var teams = await TeamsEndToEndTests.SayAsync(host, Maya, $"here idealab-1 {codes.Current(session.Id, host.Time.GetUtcNow())}");

        // A minute later Lena, from the County on Slack, types the code alone in the app's messages tab.
        host.Time.Advance(TimeSpan.FromMinutes(1));
        var mark = host.Slack.Requests.Count;
        Assert.Equal(HttpStatusCode.OK, await host.DirectMessageAsync(Lena, $"here {codes.Current(session.Id, host.Time.GetUtcNow())}", "Ev0HERE1"));
        var slack = Assert.Single(host.SlackSince(mark), r => r.Target == "chat.postMessage");

        Assert.Contains("Welcome to IdeaLab! You're checked in.", teams, StringComparison.Ordinal);
        Assert.Contains("Welcome to IdeaLab! You're checked in.", EndToEndCards.AllText([slack]), StringComparison.Ordinal);
        Assert.Equal(Lena.DirectChannel, (string?)JsonNode.Parse(slack.Body)!["channel"]);
        var stats = await TeamsEndToEndTests.SayAsync(host, Olivia, "stats idealab-1");
        Assert.Contains("Came", stats, StringComparison.Ordinal);
        Assert.Contains("Walk-ins", stats, StringComparison.Ordinal);
        Assert.DoesNotContain("Maya", stats, StringComparison.Ordinal);
        Assert.DoesNotContain("Lena", stats, StringComparison.Ordinal);
        var counts = await host.QueryAsync(db => db.CheckIns.GroupBy(c => c.SaidYes).Select(g => new { g.Key, Count = g.Count() })
            .ToDictionaryAsync(x => x.Key, x => x.Count, TestContext.Current.CancellationToken));
        Assert.Equal(1, counts[true]);
        Assert.Equal(1, counts[false]);
    }

    [Fact]
    public async Task CheckIn_SlackCodeTwoMinutesOld_RefusedKindly()
    {
        await using var host = await LiveBotHost.StartAsync();
        await host.InstallForAsync(Olivia);
        await TeamsEndToEndTests.SayAsync(host, Olivia, "new network IdeaLab; handle: idealab");
        await TeamsEndToEndTests.SayAsync(host, Olivia, "schedule idealab: Prototyping on paper; when: 2027-03-11 09:30; for: 90 min; where: Room 4B, City Hall");
        Assert.Equal(HttpStatusCode.OK, await host.DirectMessageAsync(Lena, "networks", "Ev0NETS2"));
        Assert.Contains("now open to", await TeamsEndToEndTests.SayAsync(host, Olivia, "open idealab to county"), StringComparison.Ordinal);
        var session = await host.QueryAsync(db => db.Sessions.SingleAsync(TestContext.Current.CancellationToken));
        host.Time.SetUtcNow(session.StartsAt);
        var codes = host.Services.GetRequiredService<CheckInCodes>();
        var shown = codes.Current(session.Id, host.Time.GetUtcNow());
        do
        {
            // Two minutes on, unless a later minute happens to have the same four digits.
            host.Time.Advance(TimeSpan.FromMinutes(1));
        }
        while (codes.Accepts(session.Id, shown, host.Time.GetUtcNow()));

        var mark = host.Slack.Requests.Count;
        Assert.Equal(HttpStatusCode.OK, await host.DirectMessageAsync(Lena, $"here {shown}", "Ev0HERE2"));

        var reply = EndToEndCards.AllText([Assert.Single(host.SlackSince(mark), r => r.Target == "chat.postMessage")]);
        Assert.Contains("changes every minute", reply, StringComparison.Ordinal);
        Assert.Equal(0, await host.QueryAsync(db => db.CheckIns.CountAsync(TestContext.Current.CancellationToken)));

        // The code on the screen now works: it was the code's age that was refused.
        mark = host.Slack.Requests.Count;
        var now = codes.Current(session.Id, host.Time.GetUtcNow());
        Assert.Equal(HttpStatusCode.OK, await host.DirectMessageAsync(Lena, $"here {now}", "Ev0HERE3"));
        Assert.Contains("You're checked in.", EndToEndCards.AllText(host.SlackSince(mark)), StringComparison.Ordinal);
    }
}
