using System.Reflection;
using System.Text.Json;
using System.Text.Json.Nodes;
using CoPBot.Bot.Slack;
using CoPBot.Testing;
using Json.Schema;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace CoPBot.Bot.Tests.Slack;

public sealed class SlackManifestTests
{
    private static JsonSchema Schema()
    {
        // The schema names its dialect in its last key; JsonSchema.Net 8 needs it up front (see reference/README.md).
        var text = ReferenceFiles.ReadText("slack/manifest/manifest.schema.1.0.0.json");
        return JsonSchema.FromText(text, new BuildOptions { Dialect = Dialect.Draft07 });
    }

    private static bool IsValid(string json) =>
        Schema().Evaluate(JsonDocument.Parse(json).RootElement, new EvaluationOptions { OutputFormat = OutputFormat.List }).IsValid;

    private static string ManifestText() => RepositoryFile("manifest", "slack", "manifest.json");

    private static string RepositoryFile(params string[] parts)
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var path = Path.Combine([dir.FullName, .. parts]);
            if (File.Exists(Path.Combine(dir.FullName, "CoPBot.sln")) && File.Exists(path))
            {
                return File.ReadAllText(path);
            }
        }

        Assert.Fail($"{string.Join('/', parts)} was not found above the test binary.");
        return string.Empty;
    }

    private static List<string> Strings(JsonNode? array) => array!.AsArray().Select(s => s!.GetValue<string>()).ToList();

    /// <summary>The slash command's usage hint is the one the route table derives; "manifests" rewrites it.</summary>
    [Fact]
    public void Manifest_UsageHint_IsTheOneTheRouteTableDerives()
    {
        var command = JsonNode.Parse(ManifestText())!["features"]!["slash_commands"]![0]!;

        Assert.Equal(SlackUsageHint.Text, (string?)command["usage_hint"]);
        Assert.StartsWith("help | ", SlackUsageHint.Text, StringComparison.Ordinal);
        Assert.All(SlackUsageHint.Text.Split(" | "), word => Assert.NotNull(CoPBot.Bot.Conversation.CommandGrammar.Parse(word, out _)));
    }

    /// <summary>
    /// The manifest asks for exactly the scopes of the Web API methods the client calls and of the features the app
    /// declares (SlackScopes), no more: channels:read and groups:read were asked for and never used.
    /// </summary>
    [Fact]
    public void Manifest_Scopes_AreExactlyThoseTheCodeNeeds()
    {
        var manifest = JsonNode.Parse(ManifestText())!;

        Assert.Equal(SlackScopes.All, Strings(manifest["oauth_config"]!["scopes"]!["bot"]).Order(StringComparer.Ordinal));
        Assert.DoesNotContain("channels:read", SlackScopes.All);
        Assert.DoesNotContain("groups:read", SlackScopes.All);

        // Each feature's scope belongs to a feature the manifest declares.
        var events = Strings(manifest["settings"]!["event_subscriptions"]!["bot_events"]);
        Assert.All(SlackScopes.ByFeature.Keys.Where(f => f != "slash_command"), feature => Assert.Contains(feature, events));
        Assert.NotEmpty(manifest["features"]!["slash_commands"]!.AsArray());
    }

    /// <summary>Every Web API method the client calls (as SlackMethods.X in its source) has its scope in the table, and the table names no other.</summary>
    [Fact]
    public void ScopeTable_ListsEveryMethodTheClientCallsAndNoOther()
    {
        var source = RepositoryFile("Bot", "Slack", "SlackWebApiClient.cs");
        var constants = typeof(SlackMethods).GetFields(BindingFlags.Public | BindingFlags.Static).Where(f => f.IsLiteral)
            .ToDictionary(f => f.Name, f => (string)f.GetRawConstantValue()!, StringComparer.Ordinal);
        var called = System.Text.RegularExpressions.Regex.Matches(source, @"SlackMethods\.(\w+)\b(?!\]\s*=)")
            .Select(m => constants[m.Groups[1].Value]).ToHashSet(StringComparer.Ordinal);

        Assert.Equal(called.Order(StringComparer.Ordinal), SlackScopes.ByMethod.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(constants.Values.Order(StringComparer.Ordinal), SlackScopes.ByMethod.Keys.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Manifest_SlashCommands_AreTheOnesTheBotAnswersByDefault()
    {
        var manifest = JsonNode.Parse(ManifestText())!;
        var commands = manifest["features"]!["slash_commands"]!.AsArray().Select(c => c!["command"]!.GetValue<string>());

        Assert.Equal(new SlackOptions().AcceptedCommands, commands);
    }

    [Fact]
    public void Schema_SlackOwnFixtures_ValidPassesInvalidFails()
    {
        Assert.True(IsValid(ReferenceFiles.ReadText("slack/manifest/v1.manifest.valid.json")));
        Assert.False(IsValid(ReferenceFiles.ReadText("slack/manifest/v1.manifest.invalid.json")));
    }

    [Fact]
    public void Manifest_IsValidAgainstSlackSchema()
    {
        Assert.True(IsValid(ManifestText()));
    }

    [Fact]
    public void Manifest_WithAnUnknownSetting_IsRejected()
    {
        var manifest = JsonNode.Parse(ManifestText())!;
        manifest["settings"]!["bad_param"] = true;

        Assert.False(IsValid(manifest.ToJsonString()));
    }

    [Fact]
    public async Task Manifest_UrlsAndEvents_MatchTheMappedEndpoints()
    {
        var manifest = JsonNode.Parse(ManifestText())!;
        await using var host = new SlackTestHost();
        var routes = host.Services.GetRequiredService<EndpointDataSource>().Endpoints
            .OfType<RouteEndpoint>().Select(e => "/" + e.RoutePattern.RawText!.TrimStart('/')).ToHashSet();

        var command = manifest["features"]!["slash_commands"]![0]!;
        var urls = new[]
        {
            command["url"]!.GetValue<string>(),
            manifest["settings"]!["event_subscriptions"]!["request_url"]!.GetValue<string>(),
            manifest["settings"]!["interactivity"]!["request_url"]!.GetValue<string>(),
        }.Select(u => new Uri(u).AbsolutePath).ToList();

        Assert.Equal(
            [SlackEndpoints.GroupPath + SlackEndpoints.CommandsPath, SlackEndpoints.GroupPath + SlackEndpoints.EventsPath, SlackEndpoints.GroupPath + SlackEndpoints.InteractionsPath],
            urls);
        Assert.All(urls, u => Assert.Contains(u, routes));
        Assert.Equal("/cop", command["command"]!.GetValue<string>());
        Assert.True(manifest["features"]!["app_home"]!["home_tab_enabled"]!.GetValue<bool>());
        var events = manifest["settings"]!["event_subscriptions"]!["bot_events"]!.AsArray().Select(e => e!.GetValue<string>());
        Assert.Equal(["app_home_opened", "app_mention", "message.im"], events.Order());
        var scopes = manifest["oauth_config"]!["scopes"]!["bot"]!.AsArray().Select(s => s!.GetValue<string>()).ToList();
        Assert.Contains("chat:write", scopes);
        Assert.Contains("im:write", scopes);
        Assert.Contains("im:history", scopes);
        Assert.Contains("app_mentions:read", scopes);
        Assert.Contains("commands", scopes);
        Assert.Contains("users:read", scopes);
    }
}
