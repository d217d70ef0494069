using System.Net;
using CoPBot.Bot.Conversation;
using CoPBot.Bot.Delivery;
using CoPBot.Cards;
using CoPBot.Cards.Views;
using CoPBot.Services.Addresses;
using Microsoft.Extensions.DependencyInjection;

namespace CoPBot.Bot.Tests.Teams;

/// <summary>Proactive delivery: a 1:1 invitation to someone the bot has not talked to yet, channel posts, failures.</summary>
public sealed class TeamsChatSenderTests
{
    private const string ServiceUrl = "http://127.0.0.1:38777/_connector";
    private const string PlaygroundTenant = "00000000-0000-0000-0000-0000000000001";

    private static readonly ChatReply Invitation = new()
    {
        Cards =
        [
            new CardView
            {
                Kind = CardKinds.Invitation,
                Title = "IdeaLab: facilitation basics",
                Actions = [new CardAction(CardActions.RsvpYes, "Accept") { Data = new Dictionary<string, string> { [CardActions.SessionKey] = "s-42" } }],
            },
        ],
    };

    [Fact]
    public async Task SendAsync_PersonalAddressWithoutConversation_CreatesItLikeTheSdkThenSends()
    {
        using var host = new TeamsTestHost(extra: new Dictionary<string, string?>
        {
            ["Teams:Bots:0:AppId"] = "00000000-0000-0000-0000-00000000000011",
            ["Teams:Bots:0:TenantId"] = PlaygroundTenant,
            ["Teams:Bots:0:Name"] = "Test Bot",
        });
        host.Connector.CreatedConversationId = "c8ff8ec1-8d0e-40f2-a2d9-06d54325ab1c@test.user";
        var sender = Sender(host);
        var address = new ChatAddress(ChatChannels.Teams, PlaygroundTenant, "", ChatAddressKind.Personal, "user-id-1", ServiceUrl);

        var result = await sender.SendAsync(address, Invitation, TestContext.Current.CancellationToken);

        Assert.True(result.Ok, result.Error);
        Assert.NotNull(result.MessageId);
        var requests = host.Connector.Requests.ToArray();
        Assert.Equal(2, requests.Length);
        var create = TeamsEndpointsTests.Load("botframework/playground/18-connector-createConversation-other-user.json")["request"]!.AsObject();
        Assert.Equal("/_connector/v3/conversations", requests[0].Path);
        Assert.Equal("user-id-1", (string?)requests[0].Body!["members"]![0]!["id"]);
        Assert.Equal(PlaygroundTenant, (string?)requests[0].Body!["channelData"]!["tenant"]!["id"]);
        Assert.Equal("28:00000000-0000-0000-0000-00000000000011", (string?)requests[0].Body!["bot"]!["id"]);
        foreach (var (key, _) in create["body"]!.AsObject())
        {
            Assert.True(requests[0].Body!.AsObject().ContainsKey(key), $"createConversation lacks '{key}'");
        }

        var card = TeamsEndpointsTests.Load("botframework/playground/19-connector-proactive-card-to-other-user.json")["request"]!.AsObject();
        Assert.StartsWith(((string)card["url"]!)[..^("/" + Uri.EscapeDataString(host.Connector.CreatedConversationId)).Length], requests[1].Path, StringComparison.Ordinal);
        Assert.Equal("/_connector/v3/conversations/c8ff8ec1-8d0e-40f2-a2d9-06d54325ab1c%40test.user/activities", requests[1].Path);
        Assert.Equal(host.Connector.CreatedConversationId, (string?)requests[1].Body!["conversation"]!["id"]);
        Assert.Equal("application/vnd.microsoft.card.adaptive", (string?)requests[1].Body!["attachments"]![0]!["contentType"]);
        var remembered = Assert.Single(host.AddressBook.All);
        Assert.Equal(host.Connector.CreatedConversationId, remembered.ConversationId);
        Assert.Equal("user-id-1", remembered.UserId);
    }

    [Fact]
    public async Task SendAsync_RememberedChannel_PostsANewThreadToTheChannel()
    {
        using var host = new TeamsTestHost(anonymous: true);
        var address = await RememberFromPlaygroundAsync(host, "21-bot-installationUpdate-team.json");
        var sender = Sender(host);

        var result = await sender.SendAsync(address, Invitation with { Text = "New session announced" }, TestContext.Current.CancellationToken);

        Assert.True(result.Ok, result.Error);
        var request = Assert.Single(host.Connector.Requests);
        Assert.Equal("/_connector/v3/conversations/team-id/activities", request.Path);
        Assert.Equal("team-id", (string?)request.Body!["conversation"]!["id"]);
        Assert.Equal("00000000-0000-0000-0000-00000000000011", (string?)request.Body["from"]!["id"]);
        Assert.Equal("New session announced", (string?)request.Body["text"]);
        Assert.Null(request.Body["replyToId"]);
    }

    [Fact]
    public async Task SendAsync_RememberedPersonalConversation_SendsWithoutCreatingOne()
    {
        using var host = new TeamsTestHost(anonymous: true);
        var address = await RememberFromPlaygroundAsync(host, "02-bot-installationUpdate-personal.json");

        var result = await Sender(host).SendAsync(address, ChatReply.Say("Reminder: IdeaLab tomorrow"), TestContext.Current.CancellationToken);

        Assert.True(result.Ok, result.Error);
        var request = Assert.Single(host.Connector.Requests);
        Assert.Equal("/_connector/v3/conversations/cb8a5d30-c18d-4603-a512-ace0998253a0/activities", request.Path);
        Assert.Equal("user-id-0", (string?)request.Body!["recipient"]!["id"]);
    }

    [Fact]
    public async Task SendAsync_Throttled_ReturnsRetryAfter()
    {
        using var host = new TeamsTestHost(anonymous: true);
        var address = await RememberFromPlaygroundAsync(host, "02-bot-installationUpdate-personal.json");
        host.Connector.Scripted.Enqueue(() => TeamsConnectorClientTests.Throttled(TimeSpan.FromMinutes(2)));

        var result = await Sender(host).SendAsync(address, ChatReply.Say("hi"), TestContext.Current.CancellationToken);

        Assert.False(result.Ok);
        Assert.False(result.Permanent);
        Assert.Equal(TimeSpan.FromMinutes(2), result.RetryAfter);
    }

    [Theory]
    [InlineData(HttpStatusCode.Forbidden)]
    [InlineData(HttpStatusCode.NotFound)]
    public async Task SendAsync_UserGoneOrBotRemoved_IsPermanent(HttpStatusCode status)
    {
        using var host = new TeamsTestHost(anonymous: true);
        var address = await RememberFromPlaygroundAsync(host, "02-bot-installationUpdate-personal.json");
        host.Connector.Scripted.Enqueue(() => new HttpResponseMessage(status));

        var result = await Sender(host).SendAsync(address, ChatReply.Say("hi"), TestContext.Current.CancellationToken);

        Assert.False(result.Ok);
        Assert.True(result.Permanent);
        Assert.NotNull(result.Error);
    }

    [Fact]
    public async Task SendAsync_NoBotForTenantAndNoReference_IsPermanentWithoutCallingTheConnector()
    {
        using var host = new TeamsTestHost();
        var address = new ChatAddress(ChatChannels.Teams, "unknown-tenant", "", ChatAddressKind.Personal, "29:someone");
        using var scope = host.Services.CreateScope();
        var options = scope.ServiceProvider.GetRequiredService<Microsoft.Extensions.Options.IOptions<CoPBot.Bot.Teams.TeamsOptions>>();
        options.Value.Bots[0].TenantId = "another-tenant";

        var result = await Sender(host).SendAsync(address, ChatReply.Say("hi"), TestContext.Current.CancellationToken);

        Assert.False(result.Ok);
        Assert.True(result.Permanent);
        Assert.Empty(host.Connector.Requests);
    }

    private static IChatSender Sender(TeamsTestHost host) =>
        host.Services.GetServices<IChatSender>().Single(s => s.Channel == ChatChannels.Teams);

    private static async Task<ChatAddress> RememberFromPlaygroundAsync(TeamsTestHost host, string capture)
    {
        var activity = TeamsEndpointsTests.Load("botframework/playground/" + capture)["request"]!["body"]!.AsObject();
        using var client = host.CreateClient();
        using var content = new StringContent(activity.ToJsonString(), System.Text.Encoding.UTF8, "application/json");
        var response = await client.PostAsync(new Uri("/api/messages", UriKind.Relative), content, TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return Assert.Single(host.AddressBook.All);
    }
}
