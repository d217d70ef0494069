using System.Net;
using CoPBot.Bot.Tests.Teams;
using CoPBot.Cards;
using CoPBot.Services.Domain;

namespace CoPBot.Bot.Tests.EndToEnd;

/// <summary>
/// Rule 4 through the endpoints: whatever an organizer asks about a session, on Teams or Slack, no answer names a
/// person who declined, on either platform. (The network's member list is another matter: members are listed there
/// by their own consent, whatever they answered.)
/// </summary>
public sealed class PrivacyEndToEndTests
{
    private static readonly TeamsPerson Olivia = TeamsPerson.Named("Olivia Organizer");
    private static readonly TeamsPerson Maya = TeamsPerson.Named("Maya Member");
    private static readonly TeamsPerson Noah = TeamsPerson.Named("Noah Decliner");
    private static readonly SlackPerson Omar = new("U0OMAR", "Omar Decliner");
    private static readonly SlackPerson Sam = new("U0SAM", "Sam Coorganizer");

    [Fact]
    public async Task OrganizerViews_AfterDeclinesOnBothPlatforms_NeverNameADecliner()
    {
        await using var host = await LiveBotHost.StartAsync();
        await host.InstallForAsync(Olivia);
        await TeamsEndToEndTests.SayAsync(host, Olivia, "new network IdeaLab; handle: idealab");
        await TeamsEndToEndTests.SayAsync(host, Olivia, "schedule idealab: Prototyping on paper; when: 2027-03-11 09:30; for: 90 min; where: Room 4B; capacity: 12");
        await SlackEndToEndTests.SlashAsync(host, Sam, Sam.DirectChannel, "hello");
        await SlackEndToEndTests.SlashAsync(host, Omar, Omar.DirectChannel, "hello");
        await TeamsEndToEndTests.SayAsync(host, Olivia, "open idealab to county");
        // Co-hosted across organizations: the City's organizer adds the County's organizer, who is on Slack.
        Assert.Contains("Sam Coorganizer now co-organizes IdeaLab", await TeamsEndToEndTests.SayAsync(host, Olivia, "add organizer Sam Coorganizer to idealab"), StringComparison.Ordinal);
        foreach (var member in new[] { Maya, Noah })
        {
            await host.InstallForAsync(member);
            await TeamsEndToEndTests.SayAsync(host, member, "join idealab");
        }

        await SlackEndToEndTests.SlashAsync(host, Omar, Omar.DirectChannel, "join idealab");
        await TeamsEndToEndTests.SayAsync(host, Olivia, "invite idealab-1");
        Assert.Equal(3, await host.DeliverAsync());
        await TeamsEndToEndTests.SayAsync(host, Maya, "yes");
        await TeamsEndToEndTests.SayAsync(host, Noah, "no");
        await SlackEndToEndTests.SlashAsync(host, Omar, Omar.DirectChannel, "rsvp no idealab-1");
        Assert.Equal(Answer.No, await TeamsEndToEndTests.AnswerOfAsync(host, Noah));
        Assert.Equal(Answer.No, await SlackEndToEndTests.AnswerOfAsync(host, Omar));

        // Everything the Teams organizer can ask about the session, typed and clicked.
        var seen = new List<string>();
        foreach (var text in new[] { "stats idealab-1", "who is going to idealab", "who idealab-1", "session idealab-1", "sessions idealab", "my sessions", "invite idealab-1", "my data", "network idealab" })
        {
            seen.Add(await TeamsEndToEndTests.SayAsync(host, Olivia, text));
        }

        var mark = host.Teams.Connector.Requests.Count;
        await host.SayPersonallyAsync(Olivia, "stats idealab-1");
        var statsCard = EndToEndCards.AdaptiveCards(host.ConnectorSince(mark).Single(r => EndToEndCards.AdaptiveCards(r).Count > 0))[0];
        foreach (var verb in new[] { CardActions.WhoIsGoing, CardActions.OpenRescheduleForm })
        {
            mark = host.Teams.Connector.Requests.Count;
            var (status, body) = await host.ClickInTeamsAsync(Olivia, Olivia.PersonalConversationId, verb, EndToEndCards.ExecuteData(statsCard, verb));
            Assert.Equal(HttpStatusCode.OK, status);
            seen.Add(EndToEndCards.AllText(body) + "\n" + EndToEndCards.AllText(host.ConnectorSince(mark)));
        }

        // And the Slack co-organizer, with /cop.
        foreach (var text in new[] { "stats idealab-1", "session idealab-1", "sessions idealab", "invite idealab-1", "my data" })
        {
            seen.Add(await SlackEndToEndTests.SlashAsync(host, Sam, Sam.DirectChannel, text));
        }

        foreach (var text in new[] { "who is going to idealab", "who idealab-1" })
        {
            seen.Add(await SlackEndToEndTests.ModalAsync(host, Sam, Sam.DirectChannel, text));
        }

        // Positive controls: the views did answer (figures, the yes-sayer's name), on both platforms.
        Assert.Equal(2, seen.Count(v => v.Contains("Not this time", StringComparison.Ordinal)));
        Assert.Contains(seen, v => v.Contains("Going to Prototyping on paper", StringComparison.Ordinal) && v.Contains("Maya Member", StringComparison.Ordinal));
        var everything = string.Join("\n", seen);
        Assert.Contains("Maya Member", everything, StringComparison.Ordinal);
        Assert.DoesNotContain("Noah", everything, StringComparison.Ordinal);
        Assert.DoesNotContain("Omar", everything, StringComparison.Ordinal);
        Assert.DoesNotContain("Decliner", everything, StringComparison.Ordinal);
    }
}
