using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using CoPBot.Bot.Conversation;
using CoPBot.Bot.Slack;
using CoPBot.Bot.Tests.EndToEnd;
using CoPBot.Testing;
using Microsoft.AspNetCore.WebUtilities;

namespace CoPBot.Bot.Tests.Edge;

/// <summary>
/// Malformed and hostile Slack payloads, correctly signed, through the real /slack endpoints against the whole bot.
/// Events are handled in the background, so the verdict also waits for the queue and reads the error log.
/// </summary>
public sealed class SlackEdgeTests
{
    private static readonly string[] EventSamples = ["slack/event_callback.app_mention.json", "slack/event_callback.message_im.json", "slack/url_verification.json"];

    private static readonly string[] InteractionSamples = ["slack/block_actions.button.form.txt", "slack/block_actions.static_select.form.txt", "slack/view_submission.json"];

    private int sequence;

    [Fact]
    public async Task EveryPositionOfRealEvents_NullWrongTypeOrOverLong_AnswersWithoutServerError()
    {
        await using var host = await LiveBotHost.StartAsync();
        var run = new EdgeRun(host);
        foreach (var sample in EventSamples)
        {
            var envelope = Event(sample);
            foreach (var mutation in EdgeInputs.Mutations(envelope))
            {
                var json = Fresh(mutation.Json, envelope, "event_id");
                await run.CheckAsync($"{sample}: {mutation.Name}", () => PostEventAsync(host, json));
            }
        }

        run.AssertClean();
    }

    [Fact]
    public async Task EveryPositionOfRealInteractions_NullWrongTypeOrOverLong_AnswersWithoutServerError()
    {
        await using var host = await LiveBotHost.StartAsync();
        var run = new EdgeRun(host);
        foreach (var sample in InteractionSamples)
        {
            var payload = Interaction(sample);
            foreach (var mutation in EdgeInputs.Mutations(payload))
            {
                var json = Fresh(mutation.Json, payload, "trigger_id");
                await run.CheckAsync($"{sample}: {mutation.Name}", () => PostInteractionAsync(host, json));
            }
        }

        run.AssertClean();
    }

    [Fact]
    public async Task EveryFieldOfARealSlashCommand_MissingEmptyOrHostile_AnswersWithoutServerError()
    {
        await using var host = await LiveBotHost.StartAsync();
        var run = new EdgeRun(host);
        var form = Command("help");
        foreach (var field in form.Keys)
        {
            foreach (var (variant, value) in new (string, string?)[] { ("missing", null), ("empty", ""), ("over-long", EdgeInputs.OverLong), ("control characters", "a\u0000b\nc"), ("invalid UTF-8", "\uFFFD\uFFFD") })
            {
                var fields = Command("help");
                fields["trigger_id"] = $"{fields["trigger_id"]}{++sequence}";
                if (value is null)
                {
                    fields.Remove(field);
                }
                else
                {
                    fields[field] = value;
                }

                await run.CheckAsync($"{field} {variant}", () => PostCommandAsync(host, fields));
            }
        }

        foreach (var (name, body) in EdgeInputs.BrokenBodies())
        {
            await run.CheckAsync("commands: " + name, () => host.PostSlackBodyAsync("/slack/commands", body, "application/x-www-form-urlencoded"));
            await run.CheckAsync("events: " + name, () => host.PostSlackBodyAsync("/slack/events", body, "application/json"));
            await run.CheckAsync("interactions: " + name, () => host.PostSlackBodyAsync("/slack/interactions", [.. "payload="u8, .. body], "application/x-www-form-urlencoded"));
        }

        run.AssertClean();
    }

    [Fact]
    public async Task PathologicalText_AtTheLimitAndAt100kB_AnswersWithoutEcho()
    {
        await using var host = await LiveBotHost.StartAsync();
        var run = new EdgeRun(host);
        var mention = Event(EventSamples[0]);
        var direct = Event(EventSamples[1]);
        foreach (var length in new[] { ChatTurn.MaxTextLength, 100_000 })
        {
            foreach (var (name, text) in EdgeInputs.Pathological(length))
            {
                var command = Command(text);
                command["trigger_id"] += (++sequence).ToString(System.Globalization.CultureInfo.InvariantCulture);
                await run.CheckAsync($"/cop with {length} chars of {name}", () => PostCommandAsync(host, command), text);
                var inChannel = Fresh(mention, mention, "event_id")!;
                inChannel["event"]!["text"] = "<@" + LiveBotHost.SlackBotUser + "> " + text;
                await run.CheckAsync($"mention with {length} chars of {name}", () => PostEventAsync(host, inChannel), text);
                var inDirect = Fresh(direct, direct, "event_id")!;
                inDirect["event"]!["text"] = text;
                await run.CheckAsync($"DM with {length} chars of {name}", () => PostEventAsync(host, inDirect), text);
            }
        }

        run.AssertClean();
    }

    [Theory]
    [InlineData("authorizations")]
    [InlineData("actions")]
    [InlineData("state values")]
    [InlineData("user")]
    public async Task NullWhereAValueIsRequired_Is400(string where)
    {
        await using var host = await LiveBotHost.StartAsync();
        HttpResponseMessage response;
        if (where == "authorizations")
        {
            var envelope = Fresh(Event(EventSamples[0]), null, "event_id")!;
            envelope["authorizations"] = new JsonArray((JsonNode?)null);
            response = await PostEventAsync(host, envelope);
        }
        else
        {
            var payload = Interaction(InteractionSamples[1]);
            switch (where)
            {
                case "actions":
                    payload["actions"] = new JsonArray((JsonNode?)null);
                    break;
                case "state values":
                    payload["state"]!["values"]!["EAEE"] = null;
                    break;
                default:
                    payload["user"] = null;
                    break;
            }

            response = await PostInteractionAsync(host, payload);
        }

        using (response)
        {
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        }

        await host.SlackIdleAsync();
        Assert.Empty(host.Logs.Errors);
    }

    /// <summary>Ids longer than their columns (PostgreSQL enforces them) are refused at the door with a bare 400.</summary>
    [Theory]
    [MemberData(nameof(OverLongIds))]
    public async Task OverLongOrControlCharacterIds_Are400BeforeStorage(string provider, string field, string value)
    {
        await using var host = await LiveBotHost.StartAsync(provider);
        var command = Command("help");
        command[field] = value;

        using var response = await PostCommandAsync(host, command);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("", await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        await host.SlackIdleAsync();
        Assert.True(host.Logs.Errors.Count == 0, string.Join('\n', host.Logs.Errors));
        Assert.Equal(0, await host.QueryAsync(db => Task.FromResult(db.ChatAddresses.Count() + db.Accounts.Count())));
    }

    public static TheoryData<string, string, string> OverLongIds()
    {
        var data = new TheoryData<string, string, string>();
        foreach (var provider in new[] { StorageProvider.SqliteName, StorageProvider.PostgresName })
        {
            data.Add(provider, "user_id", "U" + new string('A', 400));
            data.Add(provider, "channel_id", "C" + new string('C', 600));
            data.Add(provider, "trigger_id", new string('4', 400));
            data.Add(provider, "user_id", "U12\u0000");
        }

        return data;
    }

    /// <summary>A reference envelope made to belong to the live host's workspace and app.</summary>
    private static JsonObject Event(string path)
    {
        var envelope = JsonNode.Parse(ReferenceFiles.ReadText(path))!.AsObject();
        if ((string?)envelope["type"] == "url_verification")
        {
            return envelope;
        }

        envelope["team_id"] = LiveBotHost.SlackTeam;
        envelope["api_app_id"] = LiveBotHost.SlackAppId;
        foreach (var authorization in (envelope["authorizations"] as JsonArray ?? []).OfType<JsonObject>())
        {
            authorization["team_id"] = LiveBotHost.SlackTeam;
        }

        return envelope;
    }

    /// <summary>A reference interaction payload (form-encoded or plain JSON) made to belong to the live host.</summary>
    private static JsonObject Interaction(string path)
    {
        var text = ReferenceFiles.ReadText(path);
        var json = path.EndsWith(".form.txt", StringComparison.Ordinal) ? QueryHelpers.ParseQuery(text)["payload"].ToString() : text;
        var payload = JsonNode.Parse(json)!.AsObject();
        payload["team"] = new JsonObject { ["id"] = LiveBotHost.SlackTeam, ["domain"] = "lakecounty" };
        payload["api_app_id"] = LiveBotHost.SlackAppId;
        payload["user"]!["team_id"] = LiveBotHost.SlackTeam;
        if (payload["view"] is JsonObject view)
        {
            view["team_id"] = LiveBotHost.SlackTeam;
        }

        return payload;
    }

    private static Dictionary<string, string> Command(string text)
    {
        var form = QueryHelpers.ParseQuery(ReferenceFiles.ReadText("slack/slash_command.form.txt"))
            .ToDictionary(f => f.Key, f => f.Value.ToString(), StringComparer.Ordinal);
        form["team_id"] = LiveBotHost.SlackTeam;
        form["api_app_id"] = LiveBotHost.SlackAppId;
        form["command"] = "/cop";
        form["text"] = text;
        return form;
    }

    /// <summary>A copy with a new id in <paramref name="idField"/> (unless the case changed it), so dedup and the ledger see a new turn.</summary>
    private JsonObject? Fresh(JsonNode? json, JsonObject? sample, string idField)
    {
        var copy = json?.DeepClone() as JsonObject;
        if (copy is not null && copy[idField]?.GetValueKind() == JsonValueKind.String && (sample is null || (string?)copy[idField] == (string?)sample[idField]))
        {
            copy[idField] = $"{copy[idField]}{Interlocked.Increment(ref sequence)}";
        }

        if (copy?["actions"] is JsonArray { Count: > 0 } actions && actions[0] is JsonObject clicked && clicked["action_ts"]?.GetValueKind() == JsonValueKind.String)
        {
            clicked["action_ts"] = $"1700000000.{sequence:D6}";
        }

        return copy;
    }

    private static Task<HttpResponseMessage> PostEventAsync(LiveBotHost host, JsonObject? envelope) =>
        host.PostSlackBodyAsync("/slack/events", EdgeInputs.Bytes(envelope), "application/json");

    private static Task<HttpResponseMessage> PostInteractionAsync(LiveBotHost host, JsonObject? payload) =>
        host.PostSlackBodyAsync("/slack/interactions", Encoding.UTF8.GetBytes("payload=" + Uri.EscapeDataString(payload?.ToJsonString(EdgeInputs.Wire) ?? "null")), "application/x-www-form-urlencoded");

    private static Task<HttpResponseMessage> PostCommandAsync(LiveBotHost host, Dictionary<string, string> fields) =>
        host.PostSlackBodyAsync(
            "/slack/commands",
            Encoding.UTF8.GetBytes(string.Join('&', fields.Select(f => f.Key + "=" + Uri.EscapeDataString(f.Value)))),
            "application/x-www-form-urlencoded");
}
