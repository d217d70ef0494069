using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using CoPBot.Bot.Teams;
using CoPBot.Bot.Tests.Slack;
using CoPBot.Bot.Tests.Teams;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace CoPBot.Bot.Tests.EndToEnd;

/// <summary>
/// The full Teams and Slack conversations with every log category at Debug, written to a capturing provider (message,
/// structured values, scopes and exceptions): none of it may carry a token, a secret, a response_url or a trigger id.
/// </summary>
public sealed class SecretsInLogsEndToEndTests
{
    [Fact]
    public async Task Conversations_LoggingAtDebug_LogNoTokenSecretResponseUrlOrTriggerId()
    {
        var logs = new CapturingLoggerProvider();
        var login = new FakeLoginAuthority();

        await using (var teams = await LiveBotHost.StartAsync(options: new LiveBotHostOptions { Configure = builder => LogEverything(builder, logs, login) }))
        {
            await TeamsEndToEndTests.ConversationAsync(teams);

            // And a throttled reply, so the retry pipeline logs too.
            var person = TeamsPerson.Named("Rita Retry");
            await teams.InstallForAsync(person);
            teams.Teams.Connector.Scripted.Enqueue(() => TeamsConnectorClientTests.Throttled(TimeSpan.FromSeconds(2)));
            await TeamsEndToEndTests.SayAsync(teams, person, "help");
        }

        await using (var slack = await LiveBotHost.StartAsync(options: new LiveBotHostOptions { Configure = builder => LogEverything(builder, logs, login) }))
        {
            await SlackEndToEndTests.ConversationAsync(slack);

            var throttled = 0;
            var respond = slack.Slack.Respond;
            slack.Slack.Respond = request => request.Target == "chat.postMessage" && Interlocked.Increment(ref throttled) == 1
                ? TooManyRequests()
                : respond(request);
            Assert.Equal(HttpStatusCode.OK, await slack.DirectMessageAsync(new SlackPerson("U0LENA", "Lena Member"), "help", "Ev0LOGS01"));
            Assert.Equal(2, throttled);
        }

        // The flows ran through the real token client and were logged in detail: the check below has something to read.
        Assert.Contains(login.Requests, uri => uri.AbsolutePath.EndsWith("/oauth2/v2.0/token", StringComparison.Ordinal));
        Assert.Contains(logs.Entries, e => e.Level == LogLevel.Debug);
        Assert.Equal(2, logs.Entries.Count(e => e.Category == "Polly" && e.Text.Contains("'OnRetry'", StringComparison.Ordinal)));
        Assert.Contains(logs.Entries, e => e.Text.Contains("/slack/commands", StringComparison.Ordinal));
        var forbidden = new Dictionary<string, string>
        {
            ["the bot's access token"] = FakeLoginAuthority.AccessToken,
            ["a Bot Framework channel token (JWT)"] = "eyJ",
            ["the bot's client secret"] = LiveBotHost.TeamsClientSecret,
            ["the Slack signing secret"] = LiveBotHost.SlackSecret,
            ["the check-in secret"] = LiveBotHost.CheckInSecret,
            ["a Slack bot token"] = "xoxb-",
            ["a Slack response_url"] = "hooks.slack.com",
            ["a slash command's trigger id"] = LiveBotHost.SlashTriggerPrefix,
            ["a button's trigger id"] = LiveBotHost.ClickTriggerPrefix,
        };
        foreach (var (what, value) in forbidden)
        {
            var leaks = logs.Entries.Where(e => e.Text.Contains(value, StringComparison.OrdinalIgnoreCase)).Select(e => $"[{e.Category}] {e.Text}").Take(3).ToList();
            Assert.True(leaks.Count == 0, $"The logs carry {what}:{Environment.NewLine}{string.Join(Environment.NewLine, leaks)}");
        }
    }

    /// <summary>A /cop the router does not answer within Slack's acknowledgement budget finishes in the background, and says so in the log without its trigger id.</summary>
    [Fact]
    public async Task SlowCommand_FinishedInTheBackground_LogsNoTriggerId()
    {
        var logs = new CapturingLoggerProvider();
        var login = new FakeLoginAuthority();
        await using var slack = await LiveBotHost.StartAsync(options: new LiveBotHostOptions
        {
            Configure = builder =>
            {
                LogEverything(builder, logs, login);
                builder.ConfigureAppConfiguration(c => c.AddInMemoryCollection(new Dictionary<string, string?> { ["Slack:AcknowledgeWithin"] = "00:00:00" }));
            },
        });

        var (status, body) = await slack.SlashAsync(new SlackPerson("U0SLOW", "Sam Slow"), "C0LEARN", "help");

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Contains("Working on it", body?.ToJsonString() ?? "", StringComparison.Ordinal);
        Assert.Contains(logs.Entries, e => e.EventId == 4131);
        var leaks = logs.Entries.Where(e => e.Text.Contains(LiveBotHost.SlashTriggerPrefix, StringComparison.Ordinal)).Select(e => e.Text).ToList();
        Assert.True(leaks.Count == 0, string.Join(Environment.NewLine, leaks));
    }

    private static HttpResponseMessage TooManyRequests()
    {
        var response = new HttpResponseMessage(HttpStatusCode.TooManyRequests);
        response.Headers.RetryAfter = new RetryConditionHeaderValue(TimeSpan.FromSeconds(1));
        return response;
    }

    private static void LogEverything(IWebHostBuilder builder, CapturingLoggerProvider logs, FakeLoginAuthority login)
    {
        builder.ConfigureAppConfiguration(configuration => configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Logging:LogLevel:Default"] = "Debug",
            ["Logging:LogLevel:Microsoft"] = "Debug",
            ["Logging:LogLevel:Microsoft.AspNetCore"] = "Debug",
            ["Logging:LogLevel:Microsoft.EntityFrameworkCore"] = "Debug",
            ["Logging:LogLevel:System"] = "Debug",
            ["Logging:LogLevel:Polly"] = "Debug",
            ["Teams:LoginAuthority"] = FakeLoginAuthority.Authority,
        }));
        builder.ConfigureLogging(logging => logging.AddProvider(logs));
        builder.ConfigureTestServices(services =>
        {
            // The real token client (MSAL) against the fake login authority, so the client secret is really sent.
            services.AddSingleton<ITeamsTokenProvider, MsalTeamsTokenProvider>();
            services.AddHttpClient(MsalTeamsTokenProvider.HttpClientName).ConfigurePrimaryHttpMessageHandler(login.CreateHandler);
        });
    }

}

/// <summary>Keeps every log entry with everything a provider could write: message, structured values, scopes, exception.</summary>
internal sealed class CapturingLoggerProvider : ILoggerProvider, ISupportExternalScope
{
    private IExternalScopeProvider scopes = new LoggerExternalScopeProvider();

    public ConcurrentQueue<(string Category, LogLevel Level, int EventId, string Text)> Entries { get; } = new();

    public ILogger CreateLogger(string categoryName) => new Capturing(this, categoryName);

    public void SetScopeProvider(IExternalScopeProvider scopeProvider) => scopes = scopeProvider;

    public void Dispose()
    {
    }

    private sealed class Capturing(CapturingLoggerProvider provider, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => provider.scopes.Push(state);

        public bool IsEnabled(LogLevel logLevel) => logLevel != LogLevel.None;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            var text = new StringBuilder(formatter(state, exception));
            Append(text, state);
            provider.scopes.ForEachScope((scope, sb) => Append(sb, scope), text);
            if (exception is not null)
            {
                text.Append(" | ").Append(exception);
            }

            provider.Entries.Enqueue((category, logLevel, eventId.Id, text.ToString()));
        }

        private static void Append(StringBuilder text, object? state)
        {
            text.Append(" | ").Append(state);
            if (state is IEnumerable<KeyValuePair<string, object?>> values)
            {
                foreach (var (key, value) in values)
                {
                    text.Append(' ').Append(key).Append('=').Append(value);
                }
            }
        }
    }
}
