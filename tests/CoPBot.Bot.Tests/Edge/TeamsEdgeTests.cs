using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using CoPBot.Bot.Conversation;
using CoPBot.Bot.Tests.EndToEnd;
using CoPBot.Bot.Tests.Teams;
using CoPBot.Testing;

namespace CoPBot.Bot.Tests.Edge;

/// <summary>
/// Malformed and hostile activities through the real /api/messages with valid channel tokens, against the whole bot
/// (router, services, database). Every one gets a 4xx or a 2xx with a friendly answer: never a 5xx, a stack trace,
/// an error in the log or a long echo of what was typed.
/// </summary>
public sealed class TeamsEdgeTests
{
    /// <summary>The real activities every mutation starts from (reference folder, never copied).</summary>
    private static readonly string[] Samples =
    [
        "botframework/activities/personal-message.json",
        "botframework/activities/channel-message-mention.json",
        "botframework/activities/conversationUpdate-bot-added-to-team.json",
        "botframework/activities/message-card-submit-messageBack.json",
        "botframework/playground/10-bot-invoke-adaptiveCard-action-from-Action.Execute.json",
        "botframework/playground/02-bot-installationUpdate-personal.json",
    ];

    private int sequence;

    [Fact]
    public async Task EveryPositionOfRealActivities_NullWrongTypeOrOverLong_AnswersWithoutServerError()
    {
        await using var host = await LiveBotHost.StartAsync();
        var run = new EdgeRun(host);
        foreach (var sample in Samples)
        {
            var activity = Sample(sample);
            foreach (var mutation in EdgeInputs.Mutations(activity))
            {
                var json = Fresh(mutation.Json, activity);
                await run.CheckAsync($"{sample}: {mutation.Name}", () => PostAsync(host, json));
            }
        }

        run.AssertClean();
    }

    [Fact]
    public async Task BrokenBodies_AnswerWithoutServerError()
    {
        await using var host = await LiveBotHost.StartAsync();
        var run = new EdgeRun(host);
        foreach (var (name, body) in EdgeInputs.BrokenBodies())
        {
            await run.CheckAsync(name, () => host.PostTeamsBodyAsync(body, LiveBotHost.ServiceUrl));
        }

        run.AssertClean();
    }

    [Fact]
    public async Task PathologicalText_AtTheLimitAndAt100kB_AnswersQuicklyWithoutEcho()
    {
        await using var host = await LiveBotHost.StartAsync();
        var run = new EdgeRun(host);
        var personal = Sample(Samples[0]);
        var channel = Sample(Samples[1]);
        var mention = (string)channel["entities"]![0]!["text"]!;
        foreach (var length in new[] { ChatTurn.MaxTextLength, 100_000 })
        {
            foreach (var (name, text) in EdgeInputs.Pathological(length))
            {
                var inPersonal = Fresh(personal, personal)!;
                inPersonal["text"] = text;
                await run.CheckAsync($"personal, {length} chars of {name}", () => PostAsync(host, inPersonal), text);
                var inChannel = Fresh(channel, channel)!;
                inChannel["text"] = mention + " " + text;
                await run.CheckAsync($"channel, {length} chars of {name}", () => PostAsync(host, inChannel), text);
            }
        }

        run.AssertClean();
    }

    /// <summary>The case: 200 kB of "&lt;at&gt;" timed out the mention regex (RegexMatchTimeoutException, a 500).</summary>
    [Fact]
    public async Task TwoHundredKilobytesOfMentionTags_AnswersWithoutServerError()
    {
        await using var host = await LiveBotHost.StartAsync();
        var run = new EdgeRun(host);
        foreach (var piece in new[] { "<at>", "<at>x", "<at id=\"0\">" })
        {
            var activity = Fresh(Sample(Samples[1]), Sample(Samples[1]))!;
            activity["text"] = EdgeInputs.Repeat(piece, 200_000);
            await run.CheckAsync($"200 kB of {piece}", () => PostAsync(host, activity), (string)activity["text"]!);
        }

        run.AssertClean();
    }

    [Theory]
    [InlineData("entities")]
    [InlineData("membersAdded")]
    [InlineData("membersRemoved")]
    [InlineData("attachments")]
    public async Task NullListElement_Is400(string list)
    {
        await using var host = await LiveBotHost.StartAsync();
        var activity = Sample(list.StartsWith("members", StringComparison.Ordinal) ? Samples[2] : Samples[0]);
        activity[list] = new JsonArray((JsonNode?)null);

        using var response = await PostAsync(host, Fresh(activity, activity)!);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Empty(host.Logs.Errors);
    }

    /// <summary>Ids longer than their columns (PostgreSQL enforces them) are refused at the door with a bare 400.</summary>
    [Theory]
    [MemberData(nameof(OverLongIds))]
    public async Task OverLongOrControlCharacterIds_Are400BeforeStorage(string provider, string field, string value)
    {
        await using var host = await LiveBotHost.StartAsync(provider);
        var activity = Sample(Samples[0]);
        switch (field)
        {
            case "from.id":
                activity["from"]!["id"] = value;
                break;
            case "tenant":
                activity["channelData"]!["tenant"]!["id"] = value;
                break;
            case "conversation.id":
                activity["conversation"]!["id"] = value;
                break;
            case "serviceUrl":
                activity["serviceUrl"] = value;
                break;
            case "id":
                activity["id"] = value;
                break;
        }

        using var response = await PostAsync(host, activity);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("", await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        Assert.True(host.Logs.Errors.Count == 0, string.Join('\n', host.Logs.Errors));
        Assert.Equal(0, await host.QueryAsync(db => Task.FromResult(db.ChatAddresses.Count() + db.Accounts.Count())));
    }

    public static TheoryData<string, string, string> OverLongIds()
    {
        var data = new TheoryData<string, string, string>();
        foreach (var provider in new[] { StorageProvider.SqliteName, StorageProvider.PostgresName })
        {
            data.Add(provider, "from.id", "29:" + new string('a', 400));
            data.Add(provider, "tenant", new string('t', 200));
            data.Add(provider, "conversation.id", "a:" + new string('c', 600));
            data.Add(provider, "serviceUrl", "https://smba.trafficmanager.net/" + new string('s', 300) + "/");
            data.Add(provider, "id", new string('9', 400));
            data.Add(provider, "from.id", "29:abc\u0000def");
            data.Add(provider, "conversation.id", "a:abc\ndef");
        }

        return data;
    }

    /// <summary>A reference activity made to belong to the live host: its tenant, its bot, its service URL.</summary>
    private static JsonObject Sample(string path)
    {
        var node = TeamsEndpointsTests.Load(path);
        var activity = node["request"]?["body"]?.AsObject() ?? node;
        activity = activity.DeepClone().AsObject();
        activity["serviceUrl"] = LiveBotHost.ServiceUrl;
        activity["channelId"] = "msteams";
        activity["recipient"] = new JsonObject { ["id"] = LiveBotHost.BotId, ["name"] = "CoPBot" };
        var channelData = activity["channelData"] as JsonObject ?? [];
        channelData["tenant"] = new JsonObject { ["id"] = LiveBotHost.TeamsTenant };
        activity["channelData"] = channelData;
        if (activity["conversation"] is JsonObject conversation)
        {
            conversation["tenantId"] = LiveBotHost.TeamsTenant;
        }

        foreach (var mention in (activity["entities"] as JsonArray ?? []).OfType<JsonObject>().Where(e => (string?)e["type"] == "mention"))
        {
            mention["mentioned"] = new JsonObject { ["id"] = LiveBotHost.BotId, ["name"] = "CoPBot" };
        }

        return activity;
    }

    /// <summary>A copy with a new activity id (unless the case changed the id), so the turn ledger sees a new turn.</summary>
    private JsonObject? Fresh(JsonNode? json, JsonObject sample)
    {
        var copy = json?.DeepClone() as JsonObject;
        if (copy is not null && copy["id"]?.GetValueKind() == System.Text.Json.JsonValueKind.String && (string?)copy["id"] == (string?)sample["id"])
        {
            copy["id"] = $"edge-{Interlocked.Increment(ref sequence)}";
        }

        return copy;
    }

    /// <summary>Signed as the channel signs: the token's serviceurl claim is the activity's (when it has one).</summary>
    private static Task<HttpResponseMessage> PostAsync(LiveBotHost host, JsonObject? activity)
    {
        var serviceUrl = activity?["serviceUrl"]?.GetValueKind() == System.Text.Json.JsonValueKind.String
            ? (string)activity["serviceUrl"]!
            : LiveBotHost.ServiceUrl;
        return host.PostTeamsBodyAsync(Encoding.UTF8.GetBytes(activity?.ToJsonString(EdgeInputs.Wire) ?? "null"), serviceUrl.Length == 0 ? LiveBotHost.ServiceUrl : serviceUrl);
    }
}
