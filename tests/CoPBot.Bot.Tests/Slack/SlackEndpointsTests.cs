using System.Net;
using System.Text.Json;
using CoPBot.Bot.Conversation;
using CoPBot.Cards;
using CoPBot.Cards.Views;
using CoPBot.Services.Addresses;
using CoPBot.Testing;

namespace CoPBot.Bot.Tests.Slack;

public sealed class SlackEndpointsTests
{
    private static readonly CancellationToken Ct = TestContext.Current.CancellationToken;

    private static string Reference(string name) => ReferenceFiles.ReadText("slack/" + name);

    private static string FormPayload(string json) => "payload=" + Uri.EscapeDataString(json);

    // Signing

    [Fact]
    public async Task Commands_SlackSigningVector_IsAccepted()
    {
        var vector = JsonDocument.Parse(Reference("signing-vector.json")).RootElement;
        var timestamp = vector.GetProperty("timestamp").GetString()!;
        await using var host = new SlackTestHost(DateTimeOffset.FromUnixTimeSeconds(long.Parse(timestamp) + 30));
        using var client = host.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, "/slack/commands")
        {
            Content = new StringContent(vector.GetProperty("body").GetString()!, System.Text.Encoding.UTF8, "application/x-www-form-urlencoded"),
        };
        request.Headers.Add("X-Slack-Request-Timestamp", timestamp);
        request.Headers.Add("X-Slack-Signature", vector.GetProperty("expected_signature").GetString());

        using var response = await client.SendAsync(request, Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var turn = Assert.Single(host.Router.Turns);
        Assert.Equal("U2CERLKJA", turn.User.UserId);
        Assert.Equal("T1DC2JH3J", turn.User.TenantId);
        Assert.Equal(ChatChannels.Slack, turn.User.Channel);
    }

    [Fact]
    public async Task Commands_SlashCommandForm_BecomesATextTurnAndRepliesEphemerally()
    {
        await using var host = new SlackTestHost();
        host.Router.Reply = _ => ChatReply.Say("Your sessions: <none>");
        var form = Reference("slash_command.form.txt").Trim().Replace("text=&", "text=who+idealab&", StringComparison.Ordinal);

        using var response = await host.PostFormAsync("/slack/commands", form, SlackTestHost.VectorSecret);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var turn = Assert.Single(host.Router.Turns);
        Assert.Equal("who idealab", turn.Text);
        Assert.Equal("G8PSS9T3V", turn.Conversation.Id);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync(Ct));
        Assert.Equal("ephemeral", body.RootElement.GetProperty("response_type").GetString());
        Assert.Equal("Your sessions: &lt;none&gt;", body.RootElement.GetProperty("text").GetString());
    }

    /// <summary>A slash command carries no time zone: users.info gives it (asked once, then cached), so quiet hours are the person's own.</summary>
    [Fact]
    public async Task Commands_SlashCommandUser_GetsTheirZoneFromUsersInfo_AskedOnce()
    {
        await using var host = new SlackTestHost();
        host.Router.Reply = _ => ChatReply.Say("ok");
        var form = Reference("slash_command.form.txt").Trim();

        foreach (var text in new[] { "text=my+sessions&", "text=help&" })
        {
            using var response = await host.PostFormAsync("/slack/commands", form.Replace("text=&", text, StringComparison.Ordinal), SlackTestHost.VectorSecret);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        Assert.Equal(2, host.Router.Turns.Count);
        Assert.All(host.Router.Turns, turn => Assert.Equal("Europe/Amsterdam", turn.User.TimeZone));
        Assert.Single(host.SlackApi.To("users.info"));
    }

    [Theory]
    [InlineData("%2Fcopy")]
    [InlineData("%2Fother-app")]
    [InlineData("")]
    public async Task Commands_NotADeclaredCommand_PoliteEphemeralAnswerAndRouterSeesNothing(string name)
    {
        await using var host = new SlackTestHost();
        var form = Reference("slash_command.form.txt").Trim().Replace("command=%2Fwebhook-collect", "command=" + name, StringComparison.Ordinal);

        using var response = await host.PostFormAsync("/slack/commands", form, SlackTestHost.VectorSecret);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync(Ct));
        Assert.Equal("ephemeral", body.RootElement.GetProperty("response_type").GetString());
        Assert.StartsWith("Unknown command.", body.RootElement.GetProperty("text").GetString(), StringComparison.Ordinal);
        Assert.Empty(host.Router.Turns);
    }

    [Fact]
    public async Task Commands_DeclaredCommandInAnotherCase_IsAnswered()
    {
        await using var host = new SlackTestHost();
        var form = Reference("slash_command.form.txt").Trim().Replace("command=%2Fwebhook-collect", "command=%2FCOP", StringComparison.Ordinal);

        using var response = await host.PostFormAsync("/slack/commands", form, SlackTestHost.VectorSecret);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Single(host.Router.Turns);
    }

    [Theory]
    [InlineData("missing")]
    [InlineData("wrong")]
    [InlineData("stale")]
    [InlineData("tampered")]
    [InlineData("future")]
    public async Task Commands_BadSignature_Returns401AndRouterSeesNothing(string flaw)
    {
        await using var host = new SlackTestHost();
        var form = Reference("slash_command.form.txt").Trim();
        var now = host.Time.GetUtcNow().ToUnixTimeSeconds();
        var timestamp = flaw switch
        {
            "stale" => (now - 360).ToString(System.Globalization.CultureInfo.InvariantCulture),
            "future" => (now + 360).ToString(System.Globalization.CultureInfo.InvariantCulture),
            _ => null,
        };

        using var response = await host.PostSignedAsync("/slack/commands", form, SlackTestHost.VectorSecret, "application/x-www-form-urlencoded", timestamp, request =>
        {
            switch (flaw)
            {
                case "missing":
                    request.Headers.Remove("X-Slack-Signature");
                    break;
                case "wrong":
                    request.Headers.Remove("X-Slack-Signature");
                    request.Headers.Add("X-Slack-Signature", "v0=" + new string('0', 64));
                    break;
                case "tampered":
                    var bytes = System.Text.Encoding.UTF8.GetBytes(form);
                    bytes[^1] ^= 1;
                    var headers = request.Content!.Headers.ContentType;
                    request.Content = new ByteArrayContent(bytes);
                    request.Content.Headers.ContentType = headers;
                    break;
            }
        });

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        await host.IdleAsync();
        Assert.Empty(host.Router.Turns);
        Assert.Empty(host.SlackApi.Requests);
    }

    [Fact]
    public async Task Events_UnknownWorkspace_Returns403AndRouterSeesNothing()
    {
        await using var host = new SlackTestHost();
        var json = Reference("event_callback.app_mention.json").Replace("T123ABC456", "TUNKNOWN1", StringComparison.Ordinal);

        using var response = await host.PostJsonAsync("/slack/events", json, SlackTestHost.MentionSecret);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        await host.IdleAsync();
        Assert.Empty(host.Router.Turns);
    }

    [Fact]
    public async Task Events_SignedByAnotherAppThanTheOneNamed_Returns403()
    {
        await using var host = new SlackTestHost();

        // Valid signature of the DM app, but the payload names the mention app.
        using var response = await host.PostJsonAsync("/slack/events", Reference("event_callback.app_mention.json"), SlackTestHost.DirectSecret);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Empty(host.Router.Turns);
    }

    [Fact]
    public async Task Events_BodyOverTheLimit_Returns413()
    {
        await using var host = new SlackTestHost(extraSettings: new() { ["Slack:MaxRequestBodyBytes"] = "1024" });
        var json = Reference("event_callback.message_im.json").Replace("Hello hello", new string('x', 2000), StringComparison.Ordinal);

        using var response = await host.PostJsonAsync("/slack/events", json, SlackTestHost.DirectSecret);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Empty(host.Router.Turns);
    }

    [Fact]
    public async Task Events_SlackNotConfigured_Returns404()
    {
        await using var host = new SlackTestHost(slackEnabled: false);

        using var response = await host.PostJsonAsync("/slack/events", Reference("url_verification.json"), SlackTestHost.MentionSecret);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task Events_MalformedJson_Returns400()
    {
        await using var host = new SlackTestHost();

        using var response = await host.PostJsonAsync("/slack/events", "{not json", SlackTestHost.MentionSecret);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    // Events

    [Fact]
    public async Task Events_UrlVerification_EchoesChallenge()
    {
        await using var host = new SlackTestHost();

        using var response = await host.PostJsonAsync("/slack/events", Reference("url_verification.json"), SlackTestHost.MentionSecret);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync(Ct));
        Assert.Equal("3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P", body.RootElement.GetProperty("challenge").GetString());
    }

    [Fact]
    public async Task Events_AppMention_StripsMentionRoutesAndRepliesInChannel()
    {
        await using var host = new SlackTestHost();
        host.Router.Reply = _ => ChatReply.Say("<!channel> stays literal");

        using var response = await host.PostJsonAsync("/slack/events", Reference("event_callback.app_mention.json"), SlackTestHost.MentionSecret);
        await host.IdleAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var turn = Assert.Single(host.Router.Turns);
        Assert.Equal("is it everything a river should be?", turn.Text);
        Assert.Equal("Ev123ABC456", turn.TurnId);
        Assert.Equal(ChatConversationKind.Channel, turn.Conversation.Kind);
        Assert.Equal("River", turn.User.DisplayName);
        Assert.Equal("Europe/Amsterdam", turn.User.TimeZone);
        var post = Assert.Single(host.SlackApi.To("chat.postMessage"));
        Assert.Equal("Bearer xoxb-mention", post.Authorization);
        Assert.StartsWith("application/json", post.ContentType, StringComparison.Ordinal);
        Assert.Contains("charset=utf-8", post.ContentType, StringComparison.OrdinalIgnoreCase);
        using var body = JsonDocument.Parse(post.Body);
        Assert.Equal("C123ABC456", body.RootElement.GetProperty("channel").GetString());
        Assert.Equal("&lt;!channel&gt; stays literal", body.RootElement.GetProperty("text").GetString());
        Assert.Contains(host.Addresses.All, a => a.ConversationId == "C123ABC456" && a.Kind == ChatAddressKind.Channel);
    }

    /// <summary>A reply in a channel: everyone's card in the channel, the speaker's own view of it beside it for them alone.</summary>
    private static ChatReply SharedWithOwnView() => new()
    {
        Cards = [new CardView { Kind = CardKinds.SessionDetails, Title = "Card for all", Actions = [new CardAction(CardActions.WhoIsGoing, "Who's going?")] }],
        SpeakerCards = [new CardView { Kind = CardKinds.SessionDetails, Title = "Card for you", Actions = [new CardAction(CardActions.CancelSession, "Cancel session")] }],
    };

    [Fact]
    public async Task Events_AppMentionInAChannel_SharedCardInTheChannel_OwnViewEphemeralToTheSpeaker()
    {
        await using var host = new SlackTestHost();
        host.Router.Reply = _ => SharedWithOwnView();

        using var response = await host.PostJsonAsync("/slack/events", Reference("event_callback.app_mention.json"), SlackTestHost.MentionSecret);
        await host.IdleAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var post = Assert.Single(host.SlackApi.To("chat.postMessage")).Body;
        Assert.Contains("Card for all", post, StringComparison.Ordinal);
        Assert.DoesNotContain(CardActions.CancelSession, post, StringComparison.Ordinal);
        using var own = JsonDocument.Parse(Assert.Single(host.SlackApi.To("chat.postEphemeral")).Body);
        Assert.Equal("U061F7AUR", own.RootElement.GetProperty("user").GetString());
        Assert.Equal("C123ABC456", own.RootElement.GetProperty("channel").GetString());
        Assert.Contains("Card for you", own.RootElement.GetRawText(), StringComparison.Ordinal);
        Assert.Contains(CardActions.CancelSession, own.RootElement.GetRawText(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Commands_InAChannel_AnswerEphemerally_WithTheSpeakersOwnView()
    {
        await using var host = new SlackTestHost();
        host.Router.Reply = _ => SharedWithOwnView();
        var form = Reference("slash_command.form.txt").Trim().Replace("text=&", "text=session+idealab-1&", StringComparison.Ordinal);

        using var response = await host.PostFormAsync("/slack/commands", form, SlackTestHost.VectorSecret);

        var body = await response.Content.ReadAsStringAsync(Ct);
        using var parsed = JsonDocument.Parse(body);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("ephemeral", parsed.RootElement.GetProperty("response_type").GetString());
        Assert.Contains("Card for you", body, StringComparison.Ordinal);
        Assert.DoesNotContain("Card for all", body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Events_DirectMessage_RoutesAsPersonalTurnAndRemembersTheAddress()
    {
        await using var host = new SlackTestHost();

        using var response = await host.PostJsonAsync("/slack/events", Reference("event_callback.message_im.json"), SlackTestHost.DirectSecret);
        await host.IdleAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var turn = Assert.Single(host.Router.Turns);
        Assert.Equal("Hello hello can you hear me?", turn.Text);
        Assert.Equal(ChatConversationKind.Personal, turn.Conversation.Kind);
        Assert.Equal("D024BE91L", turn.Conversation.Id);
        var address = Assert.Single(host.Addresses.All);
        Assert.Equal(("T123ABC456", "U2147483697", ChatAddressKind.Personal), (address.TenantId, address.UserId, address.Kind));
        Assert.Single(host.SlackApi.To("chat.postMessage"));
    }

    [Theory]
    [InlineData("\"subtype\": \"message_changed\",")]
    [InlineData("\"bot_id\": \"B0BOT\",")]
    public async Task Events_EditedOrBotMessage_IsIgnored(string extra)
    {
        await using var host = new SlackTestHost();
        var json = Reference("event_callback.message_im.json").Replace("\"channel_type\": \"im\"", extra + " \"channel_type\": \"im\"", StringComparison.Ordinal);

        using var response = await host.PostJsonAsync("/slack/events", json, SlackTestHost.DirectSecret);
        await host.IdleAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Empty(host.Router.Turns);
    }

    [Fact]
    public async Task Events_OwnBotUserMessage_IsIgnored()
    {
        await using var host = new SlackTestHost(extraSettings: new() { ["Slack:Apps:2:Installations:0:BotUserId"] = "U2147483697" });

        using var response = await host.PostJsonAsync("/slack/events", Reference("event_callback.message_im.json"), SlackTestHost.DirectSecret);
        await host.IdleAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Empty(host.Router.Turns);
    }

    [Fact]
    public async Task Events_RedeliveredEvent_ReachesRouterOnce()
    {
        await using var host = new SlackTestHost();
        var json = Reference("event_callback.message_im.json");

        using var first = await host.PostJsonAsync("/slack/events", json, SlackTestHost.DirectSecret);
        using var retry = await host.PostJsonAsync("/slack/events", json, SlackTestHost.DirectSecret, r => r.Headers.Add("X-Slack-Retry-Num", "1"));
        await host.IdleAsync();

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(HttpStatusCode.OK, retry.StatusCode);
        Assert.Single(host.Router.Turns);
        Assert.Single(host.SlackApi.To("chat.postMessage"));
    }

    [Fact]
    public async Task Events_AppHomeOpened_PublishesHomeBuiltFromMySessions()
    {
        await using var host = new SlackTestHost();
        host.Router.Reply = _ => new ChatReply
        {
            Cards = [new CardView { Kind = CardKinds.MySessions, Title = "Your sessions", Sections = [new CardSection("IdeaLab", [new CardItem("March skills session")])] }],
        };
        var json = """
            {"token":"x","team_id":"T123ABC456","api_app_id":"A123ABC456","type":"event_callback","event_id":"EvHOME1","event_time":1,
             "event":{"type":"app_home_opened","user":"U061F7AUR","channel":"D0HOME","tab":"home","event_ts":"1.2"}}
            """;

        using var response = await host.PostJsonAsync("/slack/events", json, SlackTestHost.MentionSecret);
        await host.IdleAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var turn = Assert.Single(host.Router.Turns);
        Assert.Equal(CardActions.MySessions, turn.Action?.Verb);
        var publish = Assert.Single(host.SlackApi.To("views.publish"));
        using var body = JsonDocument.Parse(publish.Body);
        Assert.Equal("U061F7AUR", body.RootElement.GetProperty("user_id").GetString());
        Assert.Equal("home", body.RootElement.GetProperty("view").GetProperty("type").GetString());
        Assert.Contains("March skills session", publish.Body, StringComparison.Ordinal);
    }

    // Interactions

    [Fact]
    public async Task Interactions_ButtonClick_RoutesVerbAndReplacesTheMessage()
    {
        await using var host = new SlackTestHost();
        host.Router.Reply = _ => new ChatReply
        {
            UpdatedCard = new CardView { Kind = CardKinds.Invitation, Title = "IdeaLab", Status = "You're going. Changed your mind?" },
        };

        using var response = await host.PostFormAsync("/slack/interactions", Reference("block_actions.button.form.txt").Trim(), SlackTestHost.ButtonSecret);
        await host.IdleAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var turn = Assert.Single(host.Router.Turns);
        Assert.Equal("f8s", turn.Action?.Verb);
        Assert.Equal("1584059959.813426:U045VRZFT", turn.TurnId);
        Assert.Equal("T47563693", turn.User.TenantId);
        var respond = Assert.Single(host.SlackApi.To("response_url"));
        Assert.Equal("/actions/T47563693/6204672533/x7ZLaiVMoECAW50Gw1ZYAXEM", respond.Uri.AbsolutePath);
        using var body = JsonDocument.Parse(respond.Body);
        Assert.True(body.RootElement.GetProperty("replace_original").GetBoolean());
        Assert.Contains("Changed your mind?", respond.Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Interactions_OurButton_CarriesVerbAndDataFromTheRenderedCard()
    {
        await using var host = new SlackTestHost();
        var json = ReferenceFiles.ReadText("slack/block_actions.button.form.txt").Trim();
        var payload = Uri.UnescapeDataString(json["payload=".Length..].Replace('+', ' '));
        var ours = payload
            .Replace("\"action_id\":\"f8s\"", "\"action_id\":\"rsvp.yes\"", StringComparison.Ordinal)
            .Replace("\"value\":\"click_me_123\",\"style\"", "\"value\":\"{\\\"session\\\":\\\"42\\\"}\",\"style\"", StringComparison.Ordinal);

        using var response = await host.PostFormAsync("/slack/interactions", FormPayload(ours), SlackTestHost.ButtonSecret);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var turn = Assert.Single(host.Router.Turns);
        Assert.Equal(CardActions.RsvpYes, turn.Action?.Verb);
        Assert.Equal("42", turn.Action!.Data[CardActions.SessionKey]);
    }

    [Fact]
    public async Task Interactions_DoubleClick_PassesTheSameTurnIdTwice()
    {
        await using var host = new SlackTestHost();
        var form = Reference("block_actions.button.form.txt").Trim();

        using var first = await host.PostFormAsync("/slack/interactions", form, SlackTestHost.ButtonSecret);
        using var second = await host.PostFormAsync("/slack/interactions", form, SlackTestHost.ButtonSecret);
        await host.IdleAsync();

        Assert.Equal(2, host.Router.Turns.Count);
        Assert.Equal(host.Router.Turns[0].TurnId, host.Router.Turns[1].TurnId);
    }

    [Fact]
    public async Task Interactions_StaticSelect_MergesStateValues()
    {
        await using var host = new SlackTestHost();

        using var response = await host.PostFormAsync("/slack/interactions", Reference("block_actions.static_select.form.txt").Trim(), SlackTestHost.SelectSecret);
        await host.IdleAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var turn = Assert.Single(host.Router.Turns);
        Assert.Equal("select-fruit", turn.Action?.Verb);
        Assert.Equal("select-fruit|apple", turn.Action!.Data["EAEE"]);
        Assert.Equal(ChatConversationKind.Personal, turn.Conversation.Kind);
    }

    [Fact]
    public async Task Interactions_ViewSubmission_MergesInputsAndReturnsFieldErrors()
    {
        await using var host = new SlackTestHost();
        host.Router.Reply = _ => new ChatReply
        {
            UpdatedCard = new CardView
            {
                Kind = CardKinds.ScheduleForm,
                Title = "Schedule",
                Inputs = [new CardInput("comment", "Comment", CardInputKind.Text) { Error = "Please say what to prepare." }],
            },
        };

        using var response = await host.PostFormAsync("/slack/interactions", FormPayload(Reference("view_submission.json")), SlackTestHost.ModalSecret);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var turn = Assert.Single(host.Router.Turns);
        Assert.Equal("modal-callback-id", turn.Action?.Verb);
        Assert.Equal("3", turn.Action!.Data["rating"]);
        Assert.Equal("2019-09-23", turn.Action.Data["date-of-visit"]);
        Assert.Equal("Just amazing!", turn.Action.Data["comment"]);
        Assert.Equal(
            """{"response_action":"errors","errors":{"comment":"Please say what to prepare."}}""",
            await response.Content.ReadAsStringAsync(Ct));
    }

    [Fact]
    public async Task Interactions_ViewSubmissionSuccess_ClosesModalAndSendsConfirmationByDm()
    {
        await using var host = new SlackTestHost();
        host.Router.Reply = _ => ChatReply.Say("Scheduled.");

        using var response = await host.PostFormAsync("/slack/interactions", FormPayload(Reference("view_submission.json")), SlackTestHost.ModalSecret);
        await host.IdleAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(string.Empty, await response.Content.ReadAsStringAsync(Ct));
        Assert.Single(host.SlackApi.To("conversations.open"));
        var post = Assert.Single(host.SlackApi.To("chat.postMessage"));
        Assert.Contains("D0FAKEDM", post.Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Commands_ScheduleFormReply_OpensAModal()
    {
        await using var host = new SlackTestHost();
        host.Router.Reply = _ => new ChatReply
        {
            Cards =
            [
                new CardView
                {
                    Kind = CardKinds.ScheduleForm,
                    Title = "Schedule a session",
                    Inputs = [new CardInput("date", "Date", CardInputKind.Date) { Required = true }],
                    Actions = [new CardAction(CardActions.SubmitSchedule, "Schedule") { Style = CardActionStyle.Positive, Data = new Dictionary<string, string> { [CardActions.NetworkKey] = "idealab" } }],
                },
            ],
        };

        using var response = await host.PostFormAsync("/slack/commands", Reference("slash_command.form.txt").Trim(), SlackTestHost.VectorSecret);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var open = Assert.Single(host.SlackApi.To("views.open"));
        using var body = JsonDocument.Parse(open.Body);
        Assert.Equal("398738663015.47445629121.803a0bc887a14d10d2c447fce8b6703c", body.RootElement.GetProperty("trigger_id").GetString());
        var view = body.RootElement.GetProperty("view");
        Assert.Equal("modal", view.GetProperty("type").GetString());
        Assert.Equal(CardActions.SubmitSchedule, view.GetProperty("callback_id").GetString());
        Assert.Equal("""{"network":"idealab"}""", view.GetProperty("private_metadata").GetString());
    }

    [Fact]
    public async Task Commands_SlowRouter_AcknowledgesThenAnswersThroughResponseUrl()
    {
        await using var host = new SlackTestHost();
        host.Router.Gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        host.Router.Reply = _ => ChatReply.Say("Here is the roster.");
        _ = host.Services; // start the host before watching its clock
        host.Time.ResetTimerSignal();

        var post = host.PostFormAsync("/slack/commands", Reference("slash_command.form.txt").Trim(), SlackTestHost.VectorSecret);
        await host.Time.TimerCreated.WaitAsync(TimeSpan.FromSeconds(10), Ct);
        host.Time.Advance(TimeSpan.FromSeconds(3));
        using var response = await post.WaitAsync(TimeSpan.FromSeconds(10), Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("Working on it", await response.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
        Assert.Empty(host.SlackApi.To("response_url"));

        host.Router.Gate.SetResult();
        await host.IdleAsync();

        var respond = Assert.Single(host.SlackApi.To("response_url"));
        Assert.Contains("Here is the roster.", respond.Body, StringComparison.Ordinal);
        Assert.Contains("\"response_type\":\"ephemeral\"", respond.Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Commands_RouterThrows_AnswersPolitelyNot500()
    {
        await using var host = new SlackTestHost();
        host.Router.Reply = _ => throw new InvalidOperationException("boom");

        using var response = await host.PostFormAsync("/slack/commands", Reference("slash_command.form.txt").Trim(), SlackTestHost.VectorSecret);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("did not work", await response.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
    }
}
