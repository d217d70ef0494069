using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using CoPBot.Bot.Conversation;
using CoPBot.Bot.Delivery;
using CoPBot.Bot.Slack;
using CoPBot.Services.Addresses;
using CoPBot.Testing;
using Microsoft.AspNetCore.WebUtilities;

namespace CoPBot.Bot.Tests.Slack;

public sealed class SlackChatSenderTests
{
    private static readonly CancellationToken Ct = TestContext.Current.CancellationToken;

    private static (SlackChatSender Sender, FakeSlackApi Api, HttpClient Http) Create()
    {
        var api = new FakeSlackApi();
        var (sender, http) = CreateSender(new HttpClient(api), new Uri("https://slack.com/api/"));
        return (sender, api, http);
    }

    /// <summary>A sender whose Web API calls go to a loopback Kestrel fake.</summary>
    private static (SlackChatSender Sender, HttpClient Http) CreateOn(LoopbackSlackApi api, string? botUserId = null) =>
        CreateSender(new HttpClient(), api.BaseUrl, botUserId);

    private static (SlackChatSender Sender, HttpClient Http) CreateSender(HttpClient http, Uri apiBaseUrl, string? botUserId = null)
    {
        var options = new FixedOptionsMonitor<SlackOptions>(new SlackOptions
        {
            ApiBaseUrl = apiBaseUrl,
            Apps = [new SlackAppOptions { AppId = "A1", SigningSecret = "s", Installations = [new SlackInstallationOptions { TeamId = "T1", BotToken = "xoxb-1", BotUserId = botUserId }] }],
        });
        var client = new SlackWebApiClient(http, new SlackRateLimits(), new SlackDirectChannels(), options, TimeProvider.System, new RecordingLogger<SlackWebApiClient>());
        return (new SlackChatSender(client, new SlackInstallations(options)), http);
    }

    private static readonly ChatReply Invitation = new()
    {
        Text = "You're invited",
        Cards = [new Cards.Views.CardView { Kind = Cards.Views.CardKinds.Invitation, Title = "IdeaLab <!channel>", Actions = [new Cards.Views.CardAction(Cards.CardActions.RsvpYes, "Accept")] }],
    };

    [Fact]
    public async Task Send_PersonalAddress_OpensTheDmThenPostsBlocksWithFallbackText()
    {
        var (sender, api, http) = Create();
        using var _h = http;

        var result = await sender.SendAsync(new ChatAddress("slack", "T1", "", ChatAddressKind.Personal, UserId: "U9"), Invitation, Ct);

        Assert.True(result.Ok);
        Assert.Equal("1700000000.000100", result.MessageId);
        Assert.Equal(["conversations.open", "chat.postMessage"], api.Requests.Select(r => r.Target));
        Assert.Contains("\"users\":\"U9\"", api.Requests[0].Body, StringComparison.Ordinal);
        var post = api.Requests[1].Body;
        Assert.Contains("\"channel\":\"D0FAKEDM\"", post, StringComparison.Ordinal);
        Assert.Contains("\"text\":\"You\\u0027re invited\"", post, StringComparison.Ordinal);
        Assert.Contains("\"blocks\":[", post, StringComparison.Ordinal);
        Assert.Contains("rsvp.yes", post, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Send_PersonalAddressWithARememberedDm_PostsWithoutOpeningIt()
    {
        var (sender, api, http) = Create();
        using var _h = http;

        var result = await sender.SendAsync(new ChatAddress("slack", "T1", "D0KNOWN", ChatAddressKind.Personal, UserId: "U9"), Invitation, Ct);

        Assert.True(result.Ok);
        Assert.Equal(["chat.postMessage"], api.Requests.Select(r => r.Target));
        Assert.Contains("\"channel\":\"D0KNOWN\"", api.Requests[0].Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Send_ChannelAddress_PostsToTheChannel()
    {
        var (sender, api, http) = Create();
        using var _h = http;

        var result = await sender.SendAsync(new ChatAddress("slack", "T1", "C777", ChatAddressKind.Channel), Invitation, Ct);

        Assert.True(result.Ok);
        var post = Assert.Single(api.Requests);
        Assert.Equal("chat.postMessage", post.Target);
        Assert.Contains("\"channel\":\"C777\"", post.Body, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("user_not_found", true)]
    [InlineData("channel_not_found", true)]
    [InlineData("account_inactive", true)]
    [InlineData("internal_error", false)]
    public async Task Send_SlackError_IsPermanentOnlyWhenRetryingCannotHelp(string error, bool permanent)
    {
        var (sender, api, http) = Create();
        using var _h = http;
        api.Respond = r => r.Target == "chat.postMessage" ? FakeSlackApi.Json($$"""{"ok":false,"error":"{{error}}"}""") : null;

        var result = await sender.SendAsync(new ChatAddress("slack", "T1", "C1", ChatAddressKind.Channel), Invitation, Ct);

        Assert.False(result.Ok);
        Assert.Equal(error, result.Error);
        Assert.Equal(permanent, result.Permanent);
    }

    [Fact]
    public async Task Send_RateLimitedForLong_ReturnsRetryAfter()
    {
        var (sender, api, http) = Create();
        using var _h = http;
        api.Respond = _ =>
        {
            var response = new HttpResponseMessage(HttpStatusCode.TooManyRequests);
            response.Headers.RetryAfter = new System.Net.Http.Headers.RetryConditionHeaderValue(TimeSpan.FromSeconds(90));
            return response;
        };

        var result = await sender.SendAsync(new ChatAddress("slack", "T1", "C1", ChatAddressKind.Channel), Invitation, Ct);

        Assert.False(result.Ok);
        Assert.False(result.Permanent);
        Assert.Equal(TimeSpan.FromSeconds(90), result.RetryAfter);
    }

    [Fact]
    public async Task Send_UnknownWorkspace_IsPermanentWithoutCallingSlack()
    {
        var (sender, api, http) = Create();
        using var _h = http;

        var result = await sender.SendAsync(new ChatAddress("slack", "T-other", "C1", ChatAddressKind.Channel), Invitation, Ct);

        Assert.True(result.Permanent);
        Assert.Empty(api.Requests);
    }

    // Delivery tags: chat.postMessage carries the outbox row as message metadata.

    private static readonly Guid Row = Guid.Parse("6f1c2a8e-0b7d-4e39-9a51-3c2d7e8f9a10");

    private static readonly DateTime Since = new(2026, 11, 28, 14, 25, 39, DateTimeKind.Utc);

    private static readonly ChatAddress RememberedDm = new("slack", "T1", "D0KNOWN", ChatAddressKind.Personal, UserId: "U9");

    [Fact]
    public async Task Send_ReplyWithOutboxId_PostsMetadataTaggedWithTheRow()
    {
        await using var api = await LoopbackSlackApi.StartAsync();
        var (sender, http) = CreateOn(api);
        using var _h = http;

        var result = await sender.SendAsync(RememberedDm, Invitation with { OutboxId = Row }, Ct);

        Assert.True(result.Ok);
        var post = Assert.Single(api.Seen);
        Assert.Equal("chat.postMessage", post.Method);
        using var body = JsonDocument.Parse(post.Body);
        var metadata = body.RootElement.GetProperty("metadata");
        Assert.Equal("copbot_delivery", metadata.GetProperty("event_type").GetString());
        Assert.Equal(Row.ToString("N"), metadata.GetProperty("event_payload").GetProperty("outbox_id").GetString());
    }

    [Fact]
    public async Task Send_ReplyWithoutOutboxId_PostsNoMetadata()
    {
        await using var api = await LoopbackSlackApi.StartAsync();
        var (sender, http) = CreateOn(api);
        using var _h = http;

        var result = await sender.SendAsync(RememberedDm, Invitation, Ct);

        Assert.True(result.Ok);
        using var body = JsonDocument.Parse(Assert.Single(api.Seen).Body);
        Assert.Equal("D0KNOWN", body.RootElement.GetProperty("channel").GetString());
        Assert.False(body.RootElement.TryGetProperty("metadata", out _));
    }

    // FindSentAsync: the person's DM history, read back with metadata.

    private static JsonObject Tag(Guid outboxId, string eventType = "copbot_delivery") => new()
    {
        ["event_type"] = eventType,
        ["event_payload"] = new JsonObject { ["outbox_id"] = outboxId.ToString("N") },
    };

    /// <summary>A history message; by default one the bot posted (bot_id, its user, this app).</summary>
    private static JsonObject Message(string ts, JsonNode? metadata, string user = "U0BOT", string? botId = "B0BOT", string? appId = "A1")
    {
        var message = new JsonObject { ["type"] = "message", ["user"] = user, ["text"] = "You're invited", ["ts"] = ts };
        if (botId is not null)
        {
            message["bot_id"] = botId;
        }

        if (appId is not null)
        {
            message["app_id"] = appId;
        }

        if (metadata is not null)
        {
            message["metadata"] = metadata;
        }

        return message;
    }

    private static JsonObject Tagged(string ts, Guid outboxId) => Message(ts, Tag(outboxId));

    private static string History(bool hasMore, string? nextCursor, params JsonNode[] messages) => new JsonObject
    {
        ["ok"] = true,
        ["messages"] = new JsonArray(messages),
        ["has_more"] = hasMore,
        ["pin_count"] = 0,
        ["response_metadata"] = new JsonObject { ["next_cursor"] = nextCursor ?? "" },
    }.ToJsonString();

    [Fact]
    public async Task FindSent_BotMessageTaggedWithTheRow_ReturnsFoundWithItsTs()
    {
        await using var api = await LoopbackSlackApi.StartAsync();
        api.ThenJson(History(false, null,
            Message("1795875990.000300", null, user: "U9", botId: null, appId: null),
            Tagged("1795875950.000200", Row),
            Tagged("1795875940.000100", Guid.NewGuid())));
        var (sender, http) = CreateOn(api);
        using var _h = http;

        var result = await sender.FindSentAsync(RememberedDm, Row, Since, Ct);

        Assert.Equal(SentLookup.Found("1795875950.000200"), result);
        var seen = Assert.Single(api.Seen);
        Assert.Equal("conversations.history", seen.Method);
        Assert.Equal("Bearer xoxb-1", seen.Authorization);
        var query = QueryHelpers.ParseQuery(seen.Query);
        Assert.Equal("D0KNOWN", query["channel"]);
        Assert.Equal("true", query["include_all_metadata"]);
        Assert.InRange(int.Parse(query["limit"]!, System.Globalization.CultureInfo.InvariantCulture), 1, 999);
        Assert.False(query.ContainsKey("cursor"));
    }

    [Fact]
    public async Task FindSent_Since_AsksForHistoryFromAMinuteEarlierAsASlackTs()
    {
        await using var api = await LoopbackSlackApi.StartAsync();
        api.ThenJson(History(false, null));
        var (sender, http) = CreateOn(api);
        using var _h = http;

        await sender.FindSentAsync(RememberedDm, Row, Since, Ct);

        // 2026-11-28T14:25:39Z is 1795875939 seconds after the epoch.
        Assert.Equal("1795875879.000000", QueryHelpers.ParseQuery(Assert.Single(api.Seen).Query)["oldest"]);
    }

    [Fact]
    public async Task FindSent_OnlyOtherMessages_ReturnsNotFound()
    {
        await using var api = await LoopbackSlackApi.StartAsync();
        api.ThenJson(History(false, null,
            Tagged("1795875990.000500", Guid.NewGuid()),
            Message("1795875980.000400", Tag(Row, eventType: "other_event")),
            Message("1795875970.000300", Tag(Row), appId: "A-other"),
            // A person's message never counts, whatever it carries.
            Message("1795875960.000200", Tag(Row), user: "U9", botId: null, appId: null),
            Message("1795875950.000100", null),
            Message("1795875945.000100", JsonNode.Parse("""{"event_type":"copbot_delivery","event_payload":{"outbox_id":42}}""")),
            Message("1795875940.000100", JsonNode.Parse("""{"event_type":"copbot_delivery","event_payload":"not an object"}"""))));
        var (sender, http) = CreateOn(api);
        using var _h = http;

        var result = await sender.FindSentAsync(RememberedDm, Row, Since, Ct);

        Assert.Equal(SentLookup.NotFound, result);
    }

    [Fact]
    public async Task FindSent_TaggedOnTheSecondPage_FollowsTheCursorAndFindsIt()
    {
        await using var api = await LoopbackSlackApi.StartAsync();
        api.ThenJson(History(true, "bmV4dF90czoxNzk1ODc1OTUw", Tagged("1795875990.000500", Guid.NewGuid())));
        api.ThenJson(History(false, null, Tagged("1795875950.000200", Row)));
        var (sender, http) = CreateOn(api);
        using var _h = http;

        var result = await sender.FindSentAsync(RememberedDm, Row, Since, Ct);

        Assert.Equal(SentLookup.Found("1795875950.000200"), result);
        var second = api.Seen.Last();
        Assert.Equal("bmV4dF90czoxNzk1ODc1OTUw", QueryHelpers.ParseQuery(second.Query)["cursor"]);
    }

    [Fact]
    public async Task FindSent_MoreHistoryThanItReads_ReturnsUnknown()
    {
        await using var api = await LoopbackSlackApi.StartAsync();
        for (var i = 0; i < 5; i++)
        {
            api.ThenJson(History(true, "cursor" + i, Tagged("1795875990.00050" + i, Guid.NewGuid())));
        }

        var (sender, http) = CreateOn(api);
        using var _h = http;

        var result = await sender.FindSentAsync(RememberedDm, Row, Since, Ct);

        Assert.Equal(SentLookup.Unknown, result);
        Assert.InRange(api.Seen.Count, 1, 3);
    }

    [Theory]
    [InlineData("""{"ok":false,"error":"missing_scope","needed":"im:history","provided":"chat:write"}""", 200)]
    [InlineData("""{"ok":false,"error":"channel_not_found"}""", 200)]
    [InlineData("""{"ok":false,"error":"not_in_channel"}""", 200)]
    [InlineData("""{"ok":false,"error":"internal_error"}""", 500)]
    public async Task FindSent_SlackRefuses_ReturnsUnknown(string answer, int status)
    {
        await using var api = await LoopbackSlackApi.StartAsync();
        api.ThenJson(answer, status);
        var (sender, http) = CreateOn(api);
        using var _h = http;

        var result = await sender.FindSentAsync(RememberedDm, Row, Since, Ct);

        Assert.Equal(SentLookup.Unknown, result);
        Assert.Equal("conversations.history", Assert.Single(api.Seen).Method);
    }

    [Fact]
    public async Task FindSent_RateLimitedLongerThanTheClientWaits_ReturnsUnknown()
    {
        await using var api = await LoopbackSlackApi.StartAsync();
        api.ThenTooManyRequests(120);
        var (sender, http) = CreateOn(api);
        using var _h = http;

        var result = await sender.FindSentAsync(RememberedDm, Row, Since, Ct);

        Assert.Equal(SentLookup.Unknown, result);
        Assert.Single(api.Seen);
    }

    [Fact]
    public async Task FindSent_PersonWithoutARememberedDm_OpensTheDmThenReadsIt()
    {
        await using var api = await LoopbackSlackApi.StartAsync();
        api.ThenJson("""{"ok":true,"channel":{"id":"D0OPENED"}}""");
        api.ThenJson(History(false, null, Tagged("1795875950.000200", Row)));
        var (sender, http) = CreateOn(api);
        using var _h = http;

        var result = await sender.FindSentAsync(RememberedDm with { ConversationId = "" }, Row, Since, Ct);

        Assert.Equal(SentLookup.Found("1795875950.000200"), result);
        Assert.Equal(["conversations.open", "conversations.history"], api.Seen.Select(s => s.Method));
        Assert.Equal("D0OPENED", QueryHelpers.ParseQuery(api.Seen.Last().Query)["channel"]);
    }

    [Theory]
    [InlineData(ChatAddressKind.Channel, "C777")]
    [InlineData(ChatAddressKind.Group, "G777")]
    public async Task FindSent_ChannelOrGroupAddress_ReturnsUnknownWithoutReadingHistory(ChatAddressKind kind, string conversationId)
    {
        await using var api = await LoopbackSlackApi.StartAsync();
        var (sender, http) = CreateOn(api);
        using var _h = http;

        var result = await sender.FindSentAsync(new ChatAddress("slack", "T1", conversationId, kind), Row, Since, Ct);

        Assert.Equal(SentLookup.Unknown, result);
        Assert.Empty(api.Seen);
    }

    [Fact]
    public async Task FindSent_UnknownWorkspace_ReturnsUnknownWithoutCallingSlack()
    {
        await using var api = await LoopbackSlackApi.StartAsync();
        var (sender, http) = CreateOn(api);
        using var _h = http;

        var result = await sender.FindSentAsync(RememberedDm with { TenantId = "T-other" }, Row, Since, Ct);

        Assert.Equal(SentLookup.Unknown, result);
        Assert.Empty(api.Seen);
    }

    [Fact]
    public async Task FindSent_RealBotMessageShapeWithoutAppId_IsRecognisedByItsBotId()
    {
        // The message of a captured block_actions payload: what Slack returns for a message a bot token posted
        // (bot_id and the bot's user, no app_id), here with CoPBot's tag added.
        var form = QueryHelpers.ParseQuery(ReferenceFiles.ReadText("slack/block_actions.static_select.form.txt").Trim());
        var message = JsonNode.Parse(JsonNode.Parse(form["payload"]!)!["message"]!.ToJsonString())!.AsObject();
        Assert.False(message.ContainsKey("app_id"));
        message["metadata"] = new JsonObject
        {
            ["event_type"] = "copbot_delivery",
            ["event_payload"] = new JsonObject { ["outbox_id"] = Row.ToString("D") },
        };
        await using var api = await LoopbackSlackApi.StartAsync();
        api.ThenJson(History(false, null, message));
        var (sender, http) = CreateOn(api);
        using var _h = http;

        var result = await sender.FindSentAsync(RememberedDm, Row, Since, Ct);

        Assert.Equal(SentLookup.Found(message["ts"]!.GetValue<string>()), result);
    }
}
