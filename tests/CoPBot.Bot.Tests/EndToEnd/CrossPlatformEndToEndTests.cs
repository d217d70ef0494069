using System.Net;
using System.Text.Json.Nodes;
using CoPBot.Bot.Tests.Teams;
using CoPBot.Cards;
using CoPBot.Services.Domain;
using CoPBot.Testing;
using Microsoft.EntityFrameworkCore;

namespace CoPBot.Bot.Tests.EndToEnd;

/// <summary>
/// One network, members on two platforms in two organizations: the City hosts it on Teams, opens it to the County,
/// whose people are on Slack. Both answer their invitation on their own platform; the roster is one.
/// </summary>
public sealed class CrossPlatformEndToEndTests
{
    private static readonly TeamsPerson Olivia = TeamsPerson.Named("Olivia Organizer");
    private static readonly TeamsPerson Maya = TeamsPerson.Named("Maya Member");
    private static readonly SlackPerson Lena = new("U0LENA", "Lena Member");

    [Theory]
    [StorageProviders]
    public async Task Conversation_TeamsAndSlackMembersBothSayYes_OneRosterOnEitherPlatform(string provider)
    {
        await using var host = await LiveBotHost.StartAsync(provider);

        await host.InstallForAsync(Olivia);
        await TeamsEndToEndTests.SayAsync(host, Olivia, "new network IdeaLab; handle: idealab");
        await TeamsEndToEndTests.SayAsync(host, Olivia, "schedule idealab: Prototyping on paper; when: 2027-03-11 09:30; for: 90 min; where: Room 4B, City Hall");

        // The County's Slack user cannot see the City's network until its organizer opens it to the County.
        Assert.DoesNotContain("IdeaLab", await SlackEndToEndTests.SlashAsync(host, Lena, Lena.DirectChannel, "networks"), StringComparison.Ordinal);
        Assert.Contains("now open to", await TeamsEndToEndTests.SayAsync(host, Olivia, "open idealab to county"), StringComparison.Ordinal);
        Assert.Contains("in IdeaLab.", await SlackEndToEndTests.SlashAsync(host, Lena, Lena.DirectChannel, "join idealab"), StringComparison.Ordinal);
        await host.InstallForAsync(Maya);
        Assert.Contains("in IdeaLab.", await TeamsEndToEndTests.SayAsync(host, Maya, "join idealab"), StringComparison.Ordinal);

        // One round of invitations reaches each member on their own platform.
        Assert.Contains("Inviting 2 members", await TeamsEndToEndTests.SayAsync(host, Olivia, "invite idealab-1"), StringComparison.Ordinal);
        var teamsMark = host.Teams.Connector.Requests.Count;
        var slackMark = host.Slack.Requests.Count;
        Assert.Equal(2, await host.DeliverAsync());
        // Besides Maya's invitation, the organizer's progress card is updated in place (a PUT on her own chat).
        var mayaInvitation = EndToEndCards.AdaptiveCards(Assert.Single(host.ConnectorSince(teamsMark), r => r.Method == HttpMethod.Post))[0];
        var lenaInvitation = Assert.Single(host.SlackSince(slackMark), r => r.Target == "chat.postMessage");
        Assert.Equal(Lena.DirectChannel, (string?)JsonNode.Parse(lenaInvitation.Body)!["channel"]);

        var (status, _) = await host.ClickInTeamsAsync(Maya, Maya.PersonalConversationId, CardActions.RsvpYes, EndToEndCards.ExecuteData(mayaInvitation, CardActions.RsvpYes));
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(HttpStatusCode.OK, await host.ClickInSlackAsync(Lena, Lena.DirectChannel, "1772359300.000001", EndToEndCards.Button(lenaInvitation, CardActions.RsvpYes), "1772359400.000100"));
        Assert.Equal(Answer.Yes, await TeamsEndToEndTests.AnswerOfAsync(host, Maya));
        Assert.Equal(Answer.Yes, await SlackEndToEndTests.AnswerOfAsync(host, Lena));
        Assert.Equal(1, await host.QueryAsync(db => db.Sessions.CountAsync(TestContext.Current.CancellationToken)));

        // The roster, asked from either side, is the same one: both names, each under their organization.
        var fromTeams = await TeamsEndToEndTests.SayAsync(host, Maya, "who is going to idealab");
        Assert.Contains("Maya Member (you)", fromTeams, StringComparison.Ordinal);
        Assert.Contains("Lena Member", fromTeams, StringComparison.Ordinal);
        Assert.Contains("City of Riverton", fromTeams, StringComparison.Ordinal);
        Assert.Contains("Lake County", fromTeams, StringComparison.Ordinal);
        var fromSlack = await SlackEndToEndTests.ModalAsync(host, Lena, Lena.DirectChannel, "who is going to idealab");
        Assert.Contains("Lena Member (you)", fromSlack, StringComparison.Ordinal);
        Assert.Contains("Maya Member", fromSlack, StringComparison.Ordinal);
        Assert.Contains("City of Riverton", fromSlack, StringComparison.Ordinal);
        Assert.Contains("Lake County", fromSlack, StringComparison.Ordinal);
    }
}
