using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using CoPBot.Bot.Conversation;
using CoPBot.Cards;
using CoPBot.Cards.Views;
using CoPBot.Services.Addresses;
using CoPBot.Testing;

namespace CoPBot.Bot.Tests.Teams;

/// <summary>
/// Real Teams payloads through POST /api/messages: the documented activities (signed tokens) and the Agents
/// Playground captures (anonymous Development mode). The connector calls the bot makes must have the shapes the
/// official SDK's calls have in the captures.
/// </summary>
public sealed class TeamsEndpointsTests
{
    private static readonly CardView UpdatedCard = new()
    {
        Kind = CardKinds.Invitation,
        Title = "IdeaLab: facilitation basics",
        Status = "You're going. Changed your mind?",
        Actions = [new CardAction(CardActions.RsvpNo, "Can't make it after all") { Data = new Dictionary<string, string> { [CardActions.SessionKey] = "s-42" } }],
    };

    // ---- reference/botframework/activities (signed) ----

    [Fact]
    public async Task PostMessages_PersonalMessageActivity_RoutesTextWithTimeZoneAndRepliesInTheChat()
    {
        using var host = new TeamsTestHost();
        var activity = Load("botframework/activities/personal-message.json");

        var response = await PostSignedAsync(host, activity);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var turn = Assert.Single(host.Router.Turns);
        Assert.Equal("Hello Teams TestBot.Sending bold-italic rich text", turn.Text);
        Assert.Equal(ChatConversationKind.Personal, turn.Conversation.Kind);
        Assert.Equal("America/Los_Angeles", turn.User.TimeZone);
        Assert.Equal("72f988bf-86f1-41af-91ab-2d7cd011db47", turn.User.TenantId);
        Assert.Equal((string?)activity["from"]!["id"], turn.User.UserId);
        Assert.Equal("1485983408511", turn.TurnId);
        var address = Assert.Single(host.AddressBook.All);
        Assert.Equal(ChatAddressKind.Personal, address.Kind);
        Assert.Equal((string?)activity["from"]!["id"], address.UserId);
        var reply = Assert.Single(host.Connector.Requests);
        Assert.Equal(HttpMethod.Post, reply.Method);
        Assert.Equal("/amer/v3/conversations/" + Uri.EscapeDataString((string)activity["conversation"]!["id"]!) + "/activities/1485983408511", reply.Path);
        Assert.Equal("Bearer " + FakeTokenProvider.Token, reply.Authorization);
        Assert.Equal("1485983408511", (string?)reply.Body!["replyToId"]);
        Assert.Equal((string?)activity["from"]!["id"], (string?)reply.Body["recipient"]!["id"]);
    }

    [Fact]
    public async Task PostMessages_ChannelMessageWithMention_RemovesTheBotMentionAndRepliesInTheThread()
    {
        using var host = new TeamsTestHost();
        var activity = Load("botframework/activities/channel-message-mention.json");

        var response = await PostSignedAsync(host, activity);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var turn = Assert.Single(host.Router.Turns);
        Assert.Equal("Hello @Jingjing Xia", turn.Text);
        Assert.Equal(ChatConversationKind.Channel, turn.Conversation.Kind);
        Assert.Equal("19:253b1f341670408fb6fe51050b6e6ceb@thread.skype", turn.Conversation.Id);
        Assert.Empty(host.AddressBook.All);
        var reply = Assert.Single(host.Connector.Requests);
        Assert.Contains(Uri.EscapeDataString("19:253b1f341670408fb6fe51050b6e6ceb@thread.skype;messageid=1485983194839"), reply.Path, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PostMessages_BotAddedToTeam_RemembersTheChannelAndWelcomes()
    {
        using var host = new TeamsTestHost();
        var activity = Load("botframework/activities/conversationUpdate-bot-added-to-team.json");

        var response = await PostSignedAsync(host, activity);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Empty(host.Router.Turns);
        var address = Assert.Single(host.AddressBook.All);
        Assert.Equal(ChatAddressKind.Channel, address.Kind);
        Assert.Equal("19:0b7f32667e064dd9b25d7969801541f4@thread.tacv2", address.ConversationId);
        Assert.Equal("TestTeam2022", address.Name);
        var welcome = Assert.Single(host.Connector.Requests);
        var text = (string)welcome.Body!["text"]!;
        Assert.Contains("opt-in", text, StringComparison.Ordinal);
        Assert.Contains("help", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PostMessages_BotAddedPersonalDocSample_Returns200()
    {
        using var host = new TeamsTestHost();
        var response = await PostSignedAsync(host, Load("botframework/activities/conversationUpdate-bot-added-personal.json"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Empty(host.Router.Turns);
    }

    [Fact]
    public async Task PostMessages_MessageBackWithoutVerb_RoutesTheTextWithClientTimeZone()
    {
        using var host = new TeamsTestHost();
        var response = await PostSignedAsync(host, Load("botframework/activities/message-card-submit-messageBack.json"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var turn = Assert.Single(host.Router.Turns);
        Assert.Equal("User just clicked the MessageBack button", turn.Text);
        Assert.Equal("America/Los_Angeles", turn.User.TimeZone);
    }

    [Fact]
    public async Task PostMessages_DocumentedAdaptiveCardInvoke_AnswersWithTheUpdatedCard()
    {
        using var host = new TeamsTestHost();
        host.Router.Reply = _ => new ChatReply { UpdatedCard = UpdatedCard };
        var shape = Load("botframework/activities/invoke-adaptiveCard-action.shape.json");
        var activity = Load("botframework/activities/personal-message.json");
        foreach (var (key, value) in shape["request"]!.AsObject())
        {
            activity[key] = value!.DeepClone();
        }

        activity.Remove("text");
        var response = await PostSignedAsync(host, activity);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var turn = Assert.Single(host.Router.Turns);
        Assert.Equal("def", turn.Action!.Verb);
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken))!;
        var expected = shape["examples"]!["response_card"]!;
        Assert.Equal((int)expected["statusCode"]!, (int)body["statusCode"]!);
        Assert.Equal((string?)expected["type"], (string?)body["type"]);
        Assert.Equal("AdaptiveCard", (string?)body["value"]!["type"]);
        Assert.Equal("1.5", (string?)body["value"]!["version"]);
    }

    // ---- reference/botframework/playground (anonymous Development) ----

    [Fact]
    public async Task HeadMessages_PlaygroundProbe_IsNotAccepted()
    {
        using var host = new TeamsTestHost(anonymous: true);
        using var client = host.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Head, "/api/messages");

        var response = await client.SendAsync(request, TestContext.Current.CancellationToken);

        Assert.Contains(response.StatusCode, new[] { HttpStatusCode.NotFound, HttpStatusCode.MethodNotAllowed });
        Assert.Empty(host.Router.Turns);
    }

    [Theory]
    [InlineData("02-bot-installationUpdate-personal.json", ChatAddressKind.Personal, "cb8a5d30-c18d-4603-a512-ace0998253a0")]
    [InlineData("12-bot-installationUpdate-groupchat.json", ChatAddressKind.Group, "e21f5068-b565-4b1a-b3e9-b39ac7110065")]
    [InlineData("21-bot-installationUpdate-team.json", ChatAddressKind.Channel, "team-id")]
    public async Task PostMessages_PlaygroundInstallationUpdate_RemembersTheAddress(string capture, ChatAddressKind kind, string conversationId)
    {
        using var host = new TeamsTestHost(anonymous: true);
        var (activity, expectedStatus) = LoadCapture(capture);

        var response = await PostAsync(host, activity, null);

        Assert.Equal(expectedStatus, (int)response.StatusCode);
        var address = Assert.Single(host.AddressBook.All);
        Assert.Equal(kind, address.Kind);
        Assert.Equal(conversationId, address.ConversationId);
        Assert.Equal("00000000-0000-0000-0000-0000000000001", address.TenantId);
        Assert.Equal("http://127.0.0.1:38777/_connector", address.ServiceUrl);
        Assert.Empty(host.Connector.Requests);
    }

    [Fact]
    public async Task PostMessages_PlaygroundUninstall_ForgetsTheAddress()
    {
        using var host = new TeamsTestHost(anonymous: true);
        var (activity, _) = LoadCapture("02-bot-installationUpdate-personal.json");
        await PostAsync(host, activity, null);
        activity["action"] = "remove";

        var response = await PostAsync(host, activity, null);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Empty(host.AddressBook.All);
    }

    [Theory]
    [InlineData("03-bot-conversationUpdate-personal.json", "04-connector-reply-welcome-text.json", ChatAddressKind.Personal)]
    [InlineData("13-bot-conversationUpdate-groupchat.json", null, ChatAddressKind.Group)]
    [InlineData("22-bot-conversationUpdate-team.json", null, ChatAddressKind.Channel)]
    public async Task PostMessages_PlaygroundBotAdded_RemembersAndWelcomesLikeTheSdk(string capture, string? connectorCapture, ChatAddressKind kind)
    {
        using var host = new TeamsTestHost(anonymous: true);
        var (activity, expectedStatus) = LoadCapture(capture);

        var response = await PostAsync(host, activity, null);

        Assert.Equal(expectedStatus, (int)response.StatusCode);
        Assert.Equal(kind, Assert.Single(host.AddressBook.All).Kind);
        var welcome = Assert.Single(host.Connector.Requests);
        Assert.Equal(
            "/_connector/v3/conversations/" + Uri.EscapeDataString((string)activity["conversation"]!["id"]!) + "/activities/" + (string)activity["id"]!,
            welcome.Path);
        Assert.Contains("opt-in", (string)welcome.Body!["text"]!, StringComparison.Ordinal);
        if (connectorCapture is not null)
        {
            AssertSameShape(LoadConnectorCapture(connectorCapture), welcome);
        }
    }

    [Fact]
    public async Task PostMessages_PlaygroundMemberAddedToChannel_IsNotGreeted()
    {
        using var host = new TeamsTestHost(anonymous: true);
        var (activity, _) = LoadCapture("25-bot-custom-conversationUpdate-membersAdded-channel.json");

        var response = await PostAsync(host, activity, null);

        // Nobody is messaged for having been added somewhere: they did not opt in.
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Empty(host.Connector.Requests);
        Assert.Empty(host.AddressBook.All);
    }

    [Fact]
    public async Task PostMessages_PlaygroundPlainText_RepliesLikeTheSdk()
    {
        using var host = new TeamsTestHost(anonymous: true);
        var (activity, expectedStatus) = LoadCapture("05-bot-message-plain-text.json");

        var response = await PostAsync(host, activity, null);

        Assert.Equal(expectedStatus, (int)response.StatusCode);
        var turn = Assert.Single(host.Router.Turns);
        Assert.Equal("hello harness", turn.Text);
        Assert.Equal("UTC", turn.User.TimeZone);
        Assert.Equal("Alex Wilber", turn.User.DisplayName);
        Assert.Equal("user-id-0", Assert.Single(host.AddressBook.All).UserId);
        AssertSameShape(LoadConnectorCapture("06-connector-reply-text.json"), Assert.Single(host.Connector.Requests));
    }

    [Fact]
    public async Task PostMessages_PlaygroundReplyWithCard_PostsAnAdaptiveCardAttachmentLikeTheSdk()
    {
        using var host = new TeamsTestHost(anonymous: true);
        host.Router.Reply = _ => new ChatReply { Cards = [UpdatedCard] };
        var (activity, _) = LoadCapture("05-bot-message-plain-text.json");

        await PostAsync(host, activity, null);

        var request = Assert.Single(host.Connector.Requests);
        AssertSameShape(LoadConnectorCapture("07-connector-reply-adaptive-card.json"), request);
        var attachment = request.Body!["attachments"]![0]!;
        Assert.Equal("application/vnd.microsoft.card.adaptive", (string?)attachment["contentType"]);
        Assert.Equal("AdaptiveCard", (string?)attachment["content"]!["type"]);
        Assert.Equal("list", (string?)request.Body["attachmentLayout"]);
    }

    [Fact]
    public async Task PostMessages_PlaygroundActionSubmit_RoutesTheActionAndUpdatesTheCardInPlace()
    {
        using var host = new TeamsTestHost(anonymous: true);
        host.Router.Reply = _ => new ChatReply { UpdatedCard = UpdatedCard, Text = "Thanks, see you there." };
        var (activity, expectedStatus) = LoadCapture("08-bot-message-from-Action.Submit.json");

        var response = await PostAsync(host, activity, null);

        Assert.Equal(expectedStatus, (int)response.StatusCode);
        var action = Assert.Single(host.Router.Turns).Action!;
        Assert.Equal("accept", action.Verb);
        Assert.Equal("none", action.Data["diet"]);
        Assert.False(action.Data.ContainsKey("verb"));
        var requests = host.Connector.Requests.ToArray();
        Assert.Equal(2, requests.Length);
        var update = requests[0];
        Assert.Equal(HttpMethod.Put, update.Method);
        Assert.Equal("/_connector/v3/conversations/cb8a5d30-c18d-4603-a512-ace0998253a0/activities/1795864948334", update.Path);
        Assert.Equal("1795864948334", (string?)update.Body!["id"]);
        AssertSameShape(LoadConnectorCapture("27-connector-PUT-update-card-in-place.json"), update, compareReplyTo: false);
        AssertSameShape(LoadConnectorCapture("09-connector-reply-to-submit.json"), requests[1]);
    }

    [Fact]
    public async Task PostMessages_PlaygroundActionExecute_AnswersWithTheCardLikeTheSdk()
    {
        using var host = new TeamsTestHost(anonymous: true);
        host.Router.Reply = _ => new ChatReply { UpdatedCard = UpdatedCard };
        var capture = JsonNode.Parse(File.ReadAllText(ReferenceFiles.PathOf("botframework/playground/10-bot-invoke-adaptiveCard-action-from-Action.Execute.json")))!;
        var activity = capture["request"]!["body"]!.AsObject();

        var response = await PostAsync(host, activity, null);

        Assert.Equal((int)capture["response"]!["status"]!, (int)response.StatusCode);
        var action = Assert.Single(host.Router.Turns).Action!;
        Assert.Equal("decline", action.Verb);
        Assert.Equal("s-42", action.Data["sessionId"]);
        Assert.Equal("none", action.Data["diet"]);
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken))!;
        var expected = capture["response"]!["body"]!;
        Assert.Equal((int)expected["statusCode"]!, (int)body["statusCode"]!);
        Assert.Equal((string?)expected["type"], (string?)body["type"]);
        Assert.Equal((string?)expected["value"]!["type"], (string?)body["value"]!["type"]);
        Assert.Equal((string?)expected["value"]!["version"], (string?)body["value"]!["version"]);
        Assert.Contains("Changed your mind", body["value"]!.ToJsonString(), StringComparison.Ordinal);
        Assert.Empty(host.Connector.Requests);
    }

    [Fact]
    public async Task PostMessages_ActionExecuteWithTextOnly_AnswersWithAMessage()
    {
        using var host = new TeamsTestHost(anonymous: true);
        host.Router.Reply = _ => ChatReply.Say("No problem, thanks for letting us know.");
        var (activity, _) = LoadCapture("10-bot-invoke-adaptiveCard-action-from-Action.Execute.json");

        var response = await PostAsync(host, activity, null);

        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken))!;
        Assert.Equal(200, (int)body["statusCode"]!);
        Assert.Equal("application/vnd.microsoft.activity.message", (string?)body["type"]);
        Assert.Equal("No problem, thanks for letting us know.", (string?)body["value"]);
    }

    [Fact]
    public async Task PostMessages_PlaygroundGroupChatMention_RoutesWithoutTheMentionAndRepliesLikeTheSdk()
    {
        using var host = new TeamsTestHost(anonymous: true);
        var (activity, expectedStatus) = LoadCapture("14-bot-message-groupchat-with-mention.json");

        var response = await PostAsync(host, activity, null);

        Assert.Equal(expectedStatus, (int)response.StatusCode);
        var turn = Assert.Single(host.Router.Turns);
        Assert.Equal("invite all", turn.Text);
        Assert.Equal(ChatConversationKind.Group, turn.Conversation.Kind);
        Assert.Empty(host.AddressBook.All);
        AssertSameShape(LoadConnectorCapture("20-connector-reply-in-groupchat.json"), Assert.Single(host.Connector.Requests));
    }

    [Fact]
    public async Task PostMessages_PlaygroundChannelMention_RepliesInTheThreadLikeTheSdk()
    {
        using var host = new TeamsTestHost(anonymous: true);
        var (activity, expectedStatus) = LoadCapture("23-bot-message-channel-with-mention.json");

        var response = await PostAsync(host, activity, null);

        Assert.Equal(expectedStatus, (int)response.StatusCode);
        var turn = Assert.Single(host.Router.Turns);
        Assert.Equal("channel post", turn.Text);
        Assert.Equal(ChatConversationKind.Channel, turn.Conversation.Kind);
        Assert.Equal("team-id", turn.Conversation.Id);
        AssertSameShape(LoadConnectorCapture("24-connector-reply-in-channel-thread.json"), Assert.Single(host.Connector.Requests));
    }

    [Fact]
    public async Task PostMessages_PrivateReplyInChannel_GoesToTheOneToOneChat()
    {
        using var host = new TeamsTestHost(anonymous: true);
        host.Router.Reply = _ => new ChatReply { Text = "Your data: ...", Private = true };
        var (activity, _) = LoadCapture("23-bot-message-channel-with-mention.json");

        await PostAsync(host, activity, null);

        var requests = host.Connector.Requests.ToArray();
        Assert.Equal(2, requests.Length);
        AssertSameShape(LoadConnectorCapture("16-connector-createConversation-current-user.json"), requests[0], compareReplyTo: false);
        Assert.Equal("/_connector/v3/conversations/" + Uri.EscapeDataString(host.Connector.CreatedConversationId) + "/activities", requests[1].Path);
    }

    [Fact]
    public async Task PostMessages_HtmlEntitiesInText_AreDecoded()
    {
        using var host = new TeamsTestHost(anonymous: true);
        var (activity, _) = LoadCapture("14-bot-message-groupchat-with-mention.json");
        activity["text"] = "<at>Test Bot</at>&nbsp;join&nbsp;IdeaLab &amp; friends";

        await PostAsync(host, activity, null);

        Assert.Equal("join IdeaLab & friends", Assert.Single(host.Router.Turns).Text);
    }

    [Fact]
    public async Task PostMessages_UnknownActivityType_Returns200AndIsIgnored()
    {
        using var host = new TeamsTestHost(anonymous: true);
        var (activity, _) = LoadCapture("05-bot-message-plain-text.json");
        activity["type"] = "messageReaction";

        var response = await PostAsync(host, activity, null);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Empty(host.Router.Turns);
        Assert.Empty(host.Connector.Requests);
    }

    [Fact]
    public async Task PostMessages_ConnectorFailsWhileReplying_StillReturns200()
    {
        using var host = new TeamsTestHost(anonymous: true);
        host.Connector.Scripted.Enqueue(() => new HttpResponseMessage(HttpStatusCode.Forbidden));
        var (activity, _) = LoadCapture("05-bot-message-plain-text.json");

        var response = await PostAsync(host, activity, null);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Single(host.Router.Turns);
    }

    // ---- helpers ----

    internal static JsonObject Load(string relativePath) =>
        JsonNode.Parse(File.ReadAllText(ReferenceFiles.PathOf(relativePath)))!.AsObject();

    private static (JsonObject Activity, int Status) LoadCapture(string name)
    {
        var capture = Load("botframework/playground/" + name);
        return (capture["request"]!["body"]!.AsObject(), (int)capture["response"]!["status"]!);
    }

    private static JsonObject LoadConnectorCapture(string name) => Load("botframework/playground/" + name)["request"]!.AsObject();

    private static async Task<HttpResponseMessage> PostSignedAsync(TeamsTestHost host, JsonObject activity) =>
        await PostAsync(host, activity, host.Mint((string)activity["serviceUrl"]!));

    private static async Task<HttpResponseMessage> PostAsync(TeamsTestHost host, JsonObject activity, string? token)
    {
        using var client = host.CreateClient();
        return await TeamsFarSide.PostAsync(client, activity, token);
    }

    /// <summary>
    /// The bot's request has the SDK's method, the same path shape, and the same envelope: the fields the SDK sent
    /// are present, and the ids that address the message (conversation, from, recipient, replyTo) are equal.
    /// </summary>
    internal static void AssertSameShape(JsonObject captured, ConnectorRequest actual, bool compareReplyTo = true)
    {
        Assert.Equal((string)captured["method"]!, actual.Method.Method);
        var expectedBody = captured["body"]!.AsObject();
        var body = Assert.IsType<JsonObject>(actual.Body);
        foreach (var (key, _) in expectedBody)
        {
            if (key is "inputHint" or "locale" or "text" or "attachments" or "attachmentLayout" or "replyToId" or "id")
            {
                continue; // content, not envelope; checked by the tests that care
            }

            Assert.True(body.ContainsKey(key), $"The bot's request lacks '{key}', which the SDK sends.");
        }

        foreach (var path in new[] { "conversation.id", "from.id", "recipient.id", "conversation.tenantId", "tenantId", "bot.id", "isGroup", "channelData.tenant.id", "channelId", "serviceUrl", "type" })
        {
            var expected = Select(expectedBody, path);
            if (expected is not null && ((path != "conversation.id" && path != "serviceUrl") || compareReplyTo))
            {
                Assert.Equal(expected.ToJsonString(), Select(body, path)?.ToJsonString());
            }
        }

        if (compareReplyTo && expectedBody["replyToId"] is not null)
        {
            Assert.Equal((string?)expectedBody["replyToId"], (string?)body["replyToId"]);
            Assert.Equal((string)captured["url"]!, actual.Path);
        }

        if (expectedBody["members"] is JsonArray members)
        {
            Assert.Equal(members.Count, body["members"]!.AsArray().Count);
        }
    }

    private static JsonNode? Select(JsonNode node, string path)
    {
        JsonNode? current = node;
        foreach (var part in path.Split('.'))
        {
            current = current is JsonObject obj ? obj[part] : null;
        }

        return current;
    }
}
