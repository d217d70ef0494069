using System.Net;
using System.Text.Json.Nodes;
using CoPBot.Cards;
using CoPBot.Testing;
using static CoPBot.Bot.Tests.Conversation.RoleAndOrganizationTests;

namespace CoPBot.Bot.Tests.EndToEnd;

/// <summary>
/// Issue 9, part 4 on Teams, through POST /api/messages with signed tokens and the real router and database: a card
/// posted in a channel is the same for everyone and carries a refresh; each person's client refreshes it into their
/// own view, and nobody's view shows another person's state.
/// </summary>
public sealed class TeamsSharedCardTests
{
    private static readonly TeamsPerson Olivia = TeamsPerson.Named("Olivia Organizer");
    private static readonly TeamsPerson Maya = TeamsPerson.Named("Maya Member");
    private static readonly TeamsPerson Carol = TeamsPerson.Named("Carol Curious");

    [Fact]
    public async Task SessionCardInAChannel_RefreshesIntoEachPersonsOwnView()
    {
        await using var host = await LiveBotHost.StartAsync();
        await host.InstallInTeamAsync(Olivia);
        await SayAsync(host, Olivia, "new network IdeaLab; handle: idealab");
        await SayAsync(host, Olivia, "schedule idealab: Prototyping on paper; when: 2027-03-11 09:30; for: 90 min; where: Room 4B; capacity: 12");
        await SayAsync(host, Maya, "join idealab");
        await SayAsync(host, Olivia, "invite idealab-1");
        await host.DeliverAsync();
        await SayAsync(host, Maya, "yes");
        await SayAsync(host, Carol, "hi");

        var mark = host.Teams.Connector.Requests.Count;
        Assert.Equal(HttpStatusCode.OK, (await host.SayInChannelAsync(Olivia, "session idealab-1")).StatusCode);
        var shared = Assert.Single(host.ConnectorSince(mark).SelectMany(EndToEndCards.AdaptiveCards));
        AdaptiveCardSchema.AssertValid(shared);

        // Everyone sees the same card: no organizer actions, no answer, no personal calendar link.
        Assert.DoesNotContain(OrganizerVerbs, v => EndToEndCards.HasExecute(shared, v));
        Assert.DoesNotContain("You're going", EndToEndCards.AllText(shared), StringComparison.Ordinal);
        Assert.DoesNotContain("/calendar/", shared.ToJsonString(), StringComparison.Ordinal);
        var refresh = shared["refresh"]!;
        Assert.Equal(CardActions.RefreshView, (string?)refresh["action"]!["verb"]);
        Assert.Equal([Olivia.Id, Maya.Id], refresh["userIds"]!.AsArray().Select(n => (string?)n));

        var olivias = await OwnViewAsync(host, Olivia, shared);
        var mayas = await OwnViewAsync(host, Maya, shared);
        var carols = await OwnViewAsync(host, Carol, shared);

        Assert.All(OrganizerVerbs, v => Assert.True(EndToEndCards.HasExecute(olivias, v), v));
        Assert.False(EndToEndCards.HasExecute(olivias, CardActions.RsvpYes));
        Assert.Contains("You're going", EndToEndCards.AllText(mayas), StringComparison.Ordinal);
        Assert.True(EndToEndCards.HasExecute(mayas, CardActions.RsvpNo));
        Assert.DoesNotContain(OrganizerVerbs, v => EndToEndCards.HasExecute(mayas, v));
        Assert.True(EndToEndCards.HasExecute(carols, CardActions.JoinNetwork));
        Assert.DoesNotContain("You're going", EndToEndCards.AllText(carols), StringComparison.Ordinal);
        Assert.DoesNotContain(OrganizerVerbs, v => EndToEndCards.HasExecute(carols, v));

        // Each view keeps the refresh, so it stays its reader's own; a refresh posts nothing in the conversation.
        Assert.All(new[] { olivias, mayas, carols }, view => Assert.Equal(CardActions.RefreshView, (string?)view["refresh"]!["action"]!["verb"]));
        Assert.Empty(host.ConnectorSince(mark + 1));
    }

    [Fact]
    public async Task AnnouncementInAChannel_CarriesARefresh_MembersSeeNoJoin_OutsidersDo()
    {
        await using var host = await LiveBotHost.StartAsync();
        await host.InstallInTeamAsync(Olivia);
        await SayAsync(host, Olivia, "new network IdeaLab; handle: idealab");
        await SayAsync(host, Olivia, "schedule idealab: Prototyping on paper; when: 2027-03-11 09:30; for: 90 min; where: Room 4B");
        await SayAsync(host, Maya, "join idealab");
        await SayAsync(host, Carol, "hi");
        Assert.Equal(HttpStatusCode.OK, (await host.SayInChannelAsync(Olivia, "announce idealab-1")).StatusCode);

        var mark = host.Teams.Connector.Requests.Count;
        Assert.Equal(1, await host.DeliverAsync());
        var announcement = Assert.Single(host.ConnectorSince(mark).SelectMany(EndToEndCards.AdaptiveCards));

        AdaptiveCardSchema.AssertValid(announcement);
        Assert.Equal(CardActions.SharedViews.Announcement, (string?)announcement["refresh"]!["action"]!["data"]![CardActions.ViewKey]);
        Assert.Equal([Olivia.Id, Maya.Id], announcement["refresh"]!["userIds"]!.AsArray().Select(n => (string?)n));
        Assert.False(EndToEndCards.HasExecute(await OwnViewAsync(host, Maya, announcement), CardActions.JoinNetwork));
        Assert.True(EndToEndCards.HasExecute(await OwnViewAsync(host, Carol, announcement), CardActions.JoinNetwork));
        Assert.True(EndToEndCards.HasExecute(await OwnViewAsync(host, Olivia, announcement), CardActions.CancelSession));
    }

    [Fact]
    public async Task Refresh_SignedForAnotherServiceUrl_IsRefusedBeforeItIsRead()
    {
        await using var host = await LiveBotHost.StartAsync();
        var body = System.Text.Encoding.UTF8.GetBytes(new JsonObject
        {
            ["type"] = "invoke", ["name"] = "adaptiveCard/action", ["channelId"] = "msteams", ["id"] = "r-1", ["serviceUrl"] = LiveBotHost.ServiceUrl,
            ["from"] = new JsonObject { ["id"] = Maya.Id },
            ["conversation"] = new JsonObject { ["id"] = LiveBotHost.TeamsChannel, ["conversationType"] = "channel" },
            ["value"] = new JsonObject
            {
                ["action"] = new JsonObject { ["type"] = "Action.Execute", ["verb"] = CardActions.RefreshView, ["data"] = new JsonObject { [CardActions.ViewKey] = "session" } },
                ["trigger"] = "automatic",
            },
        }.ToJsonString());

        using var unsigned = await host.PostTeamsBodyAsync(body, "https://elsewhere.example/");

        Assert.Equal(HttpStatusCode.Unauthorized, unsigned.StatusCode);
    }

    private static async Task<JsonNode> OwnViewAsync(LiveBotHost host, TeamsPerson person, JsonNode shared)
    {
        var (status, body) = await host.RefreshInChannelAsync(person, shared, "17000000shared");
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(200, (int?)body!["statusCode"]);
        Assert.Equal("application/vnd.microsoft.card.adaptive", (string?)body["type"]);
        AdaptiveCardSchema.AssertValid(body["value"]!);
        return body["value"]!;
    }

    private static async Task SayAsync(LiveBotHost host, TeamsPerson person, string text) =>
        Assert.Equal(HttpStatusCode.OK, (await host.SayPersonallyAsync(person, text)).StatusCode);
}
