using System.Globalization;
using System.Net;
using CoPBot.Bot.Tests.EndToEnd;
using CoPBot.Bot.Tests.Slack;
using CoPBot.Testing;

namespace CoPBot.Bot.Tests;

/// <summary>The built bot as its own process (<see cref="BotProcess"/>) in Production, answering signed Slack commands.</summary>
internal static class SlackBotProcess
{
    /// <summary>Production settings for one Slack app on the given storage, delivery off.</summary>
    public static Dictionary<string, string> Environment(string provider, string connectionString) => new()
    {
        ["ASPNETCORE_ENVIRONMENT"] = "Production",
        ["Logging__LogLevel__Default"] = "Warning",
        ["Logging__LogLevel__Microsoft.Hosting.Lifetime"] = "Information",
        ["Storage__Provider"] = provider == StorageProvider.PostgresName ? "Postgres" : "Sqlite",
        ["Storage__ConnectionString"] = connectionString,
        ["Delivery__Enabled"] = "false",
        ["Slack__ApiBaseUrl"] = "http://127.0.0.1:9/api/",

        // Every answer carries the committed result, never "Working on it" (which Slack does not redeliver).
        ["Slack__AcknowledgeWithin"] = "00:00:25",
        ["Slack__Apps__0__AppId"] = LiveBotHost.SlackAppId,
        ["Slack__Apps__0__SigningSecret"] = LiveBotHost.SlackSecret,
        ["Slack__Apps__0__Installations__0__TeamId"] = LiveBotHost.SlackTeam,
        ["Slack__Apps__0__Installations__0__BotToken"] = "xoxb-crash-test",
        ["Slack__Apps__0__Installations__0__BotUserId"] = LiveBotHost.SlackBotUser,
    };

    public static SlackCommand Command(SlackPerson person, string text, string triggerId) =>
        new(triggerId, LiveBotHost.CommandForm(person, "C0LEARN", text, "http://127.0.0.1:9/response", triggerId));

    /// <summary>Sends the command signed as Slack would; the answer is a 200 with the committed result.</summary>
    public static async Task SendAsync(Uri bot, SlackCommand command)
    {
        using var client = new HttpClient { BaseAddress = bot, Timeout = TimeSpan.FromSeconds(30) };
        var timestamp = DateTimeOffset.UtcNow.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        using var response = await SlackSigning.PostAsync(client, "/slack/commands", command.Form, LiveBotHost.SlackSecret, SlackSigning.Form, timestamp);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        Assert.DoesNotContain("Working on it", body, StringComparison.Ordinal);
    }

    internal sealed record SlackCommand(string TriggerId, string Form);
}
