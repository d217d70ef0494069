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

    private static string ManifestText()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var path = Path.Combine(dir.FullName, "manifest", "slack", "manifest.json");
            if (File.Exists(Path.Combine(dir.FullName, "CoPBot.sln")) && File.Exists(path))
            {
                return File.ReadAllText(path);
            }
        }

        Assert.Fail("manifest/slack/manifest.json was not found above the test binary.");
        return string.Empty;
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
