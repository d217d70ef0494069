using System.Text.Json.Nodes;
using CoPBot.Services.App;
using CoPBot.Services.Domain;
using CoPBot.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CoPBot.Bot.Tests.EndToEnd;

/// <summary>
/// Issue 12's "done when" for introductions, on the real endpoints: a City attendee on Teams and a County attendee on
/// Slack both check in and ask; after the session each gets the introduction on their own platform, naming the other.
/// A third attendee who checked in and did not ask gets nothing, and is named to nobody.
/// </summary>
public sealed class IntroductionEndToEndTests
{
    private static readonly TeamsPerson Olivia = TeamsPerson.Named("Olivia Organizer");
    private static readonly TeamsPerson Maya = TeamsPerson.Named("Maya Member");
    private static readonly TeamsPerson Noah = TeamsPerson.Named("Noah Quiet");
    private static readonly SlackPerson Lena = new("U0LENA", "Lena Member");

    [Theory]
    [StorageProviders]
    public async Task TeamsAndSlackAttendees_BothAsk_EachIsIntroducedOnTheirOwnPlatform_TheOneWhoDidNotAskGetsNothing(string provider)
    {
        await using var host = await LiveBotHost.StartAsync(provider);
        await host.InstallForAsync(Olivia);
        await TeamsEndToEndTests.SayAsync(host, Olivia, "new network IdeaLab; handle: idealab");
        await TeamsEndToEndTests.SayAsync(host, Olivia, "schedule idealab: Prototyping on paper; when: 2027-03-11 09:30; for: 90 min; where: Room 4B, City Hall");
        await SlackEndToEndTests.SlashAsync(host, Lena, Lena.DirectChannel, "help");
        Assert.Contains("now open to", await TeamsEndToEndTests.SayAsync(host, Olivia, "open idealab to county"), StringComparison.Ordinal);
        await host.InstallForAsync(Maya);
        await host.InstallForAsync(Noah);
        await TeamsEndToEndTests.SayAsync(host, Noah, "hi");
        await TeamsEndToEndTests.SayAsync(host, Maya, "settings department Parks");

        var session = await host.QueryAsync(db => db.Sessions.SingleAsync(TestContext.Current.CancellationToken));
        host.Time.SetUtcNow(new DateTimeOffset(session.StartsAt));
        foreach (var (userId, aadId) in new[] { (Maya.Id, Maya.AadObjectId), (Noah.Id, Noah.AadObjectId), (Lena.Id, Lena.Id) })
        {
            await host.QueryAsync(async db =>
            {
                var personId = await db.Accounts.Where(a => a.UserId == userId || a.UserId == aadId).Select(a => a.PersonId).SingleAsync(TestContext.Current.CancellationToken);
                db.CheckIns.Add(CheckIn.Record(session.Id, personId, saidYes: false, host.Time.GetUtcNow().UtcDateTime));
                return await db.SaveChangesAsync(TestContext.Current.CancellationToken);
            });
        }

        Assert.Contains("coffee introduction", await TeamsEndToEndTests.SayAsync(host, Maya, "introduce me to someone from another government: I'm working on trail maps"), StringComparison.Ordinal);
        Assert.Contains("coffee introduction", await SlackEndToEndTests.SlashAsync(host, Lena, Lena.DirectChannel, "introduce me"), StringComparison.Ordinal);

        host.Time.SetUtcNow(new DateTimeOffset(IntroductionRequest.PairsAt(session) + TimeSpan.FromMinutes(1)));
        await using (var scope = host.Services.CreateAsyncScope())
        {
            var report = await scope.ServiceProvider.GetRequiredService<HousekeepingService>()
                .RunOnceAsync(new HousekeepingPolicy(TimeSpan.FromDays(1), TimeSpan.FromDays(30)), TestContext.Current.CancellationToken);
            Assert.Equal(1, report.IntroductionPairs);
            Assert.Equal(0, report.IntroductionNoMatches);
        }

        var teamsMark = host.Teams.Connector.Requests.Count;
        var slackMark = host.Slack.Requests.Count;
        Assert.Equal(2, await host.DeliverAsync());

        // One Teams message (Maya's: Noah, who checked in and did not ask, gets none) and one Slack message (Lena's).
        var toMaya = Assert.Single(host.ConnectorSince(teamsMark), r => r.Method == HttpMethod.Post);
        var mayaReads = EndToEndCards.AllText([toMaya]);
        Assert.Contains("Coffee introduction: Lena Member", mayaReads, StringComparison.Ordinal);
        Assert.Contains("Lake County", mayaReads, StringComparison.Ordinal);
        var toLena = Assert.Single(host.SlackSince(slackMark), r => r.Target == "chat.postMessage");
        Assert.Equal(Lena.DirectChannel, (string?)JsonNode.Parse(toLena.Body)!["channel"]);
        var lenaReads = EndToEndCards.AllText([toLena]);
        Assert.Contains("Coffee introduction: Maya Member", lenaReads, StringComparison.Ordinal);
        Assert.Contains("Parks", lenaReads, StringComparison.Ordinal);
        Assert.Contains("trail maps", lenaReads, StringComparison.Ordinal);

        // Noah's name is in nobody's message.
        Assert.DoesNotContain("Noah", mayaReads + lenaReads, StringComparison.Ordinal);
    }
}
