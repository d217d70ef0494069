using System.Collections.Concurrent;
using System.Net;
using CoPBot.Bot.Slack;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace CoPBot.Bot.Tests.Slack;

/// <summary>A fake Slack Web API on a real Kestrel listening on 127.0.0.1, answering from a script.</summary>
public sealed class LoopbackSlackApi : IAsyncDisposable
{
    private readonly WebApplication app;
    private readonly ConcurrentQueue<Func<HttpContext, Task>> script = new();

    private LoopbackSlackApi(WebApplication app) => this.app = app;

    public ConcurrentQueue<(string Method, string? Authorization, string? ContentType, string Body, string Query)> Seen { get; } = new();

    public Uri BaseUrl => new(app.Urls.First() + "/api/");

    public static async Task<LoopbackSlackApi> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var fake = new LoopbackSlackApi(app);
        app.Map("/api/{method}", async (HttpContext http, string method) =>
        {
            using var reader = new StreamReader(http.Request.Body);
            var body = await reader.ReadToEndAsync();
            fake.Seen.Enqueue((method, http.Request.Headers.Authorization.ToString(), http.Request.ContentType, body, http.Request.QueryString.Value ?? ""));
            if (fake.script.TryDequeue(out var answer))
            {
                await answer(http);
            }
            else
            {
                http.Response.ContentType = "application/json";
                await http.Response.WriteAsync("""{"ok":true,"channel":"C1","ts":"1.000100"}""");
            }
        });
        await app.StartAsync(TestContext.Current.CancellationToken);
        return fake;
    }

    public void Then(Func<HttpContext, Task> answer) => script.Enqueue(answer);

    public void ThenJson(string json, int status = 200) => Then(async http =>
    {
        http.Response.StatusCode = status;
        http.Response.ContentType = "application/json";
        await http.Response.WriteAsync(json);
    });

    public void ThenTooManyRequests(int retryAfterSeconds) => Then(http =>
    {
        http.Response.StatusCode = StatusCodes.Status429TooManyRequests;
        http.Response.Headers.RetryAfter = retryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return Task.CompletedTask;
    });

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync();
        await app.DisposeAsync();
    }
}

public sealed class RecordingLogger<T> : ILogger<T>
{
    public ConcurrentQueue<(LogLevel Level, EventId Id, string Message)> Entries { get; } = new();

    public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => true;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
        Entries.Enqueue((logLevel, eventId, formatter(state, exception)));
}

internal sealed class FixedOptionsMonitor<T>(T value) : IOptionsMonitor<T>
{
    public T CurrentValue => value;

    public T Get(string? name) => value;

    public IDisposable? OnChange(Action<T, string?> listener) => null;
}

public sealed class SlackWebApiClientTests
{
    private static readonly CancellationToken Ct = TestContext.Current.CancellationToken;
    private static readonly SlackWorkspace Workspace = new("A1", "T1", "xoxb-test-token", null);

    /// <summary>The client as the host registers it (retries in its HttpClient pipeline), on the given clock.</summary>
    private static (SlackWebApiClient Client, RecordingLogger<SlackWebApiClient> Log, ServiceProvider Services) Create(Uri baseUrl, TimeProvider time, HttpMessageHandler? handler = null)
    {
        var log = new RecordingLogger<SlackWebApiClient>();
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSingleton(time);
        services.AddSingleton<IOptionsMonitor<SlackOptions>>(new FixedOptionsMonitor<SlackOptions>(new SlackOptions { ApiBaseUrl = baseUrl }));
        services.AddSingleton(new SlackRateLimits());
        services.AddSingleton<SlackDirectChannels>();
        services.AddSingleton<ILogger<SlackWebApiClient>>(log);
        var client = services.AddSlackWebApiClient();
        if (handler is not null)
        {
            client.ConfigurePrimaryHttpMessageHandler(() => handler);
        }

        var provider = services.BuildServiceProvider();
        return (provider.GetRequiredService<SlackWebApiClient>(), log, provider);
    }

    private static ChatPostMessageRequest Message => new() { Channel = "C1", Text = "hello" };

    [Fact]
    public async Task PostMessage_429WithRetryAfter_WaitsOnTheClockThenSucceeds()
    {
        await using var api = await LoopbackSlackApi.StartAsync();
        api.ThenTooManyRequests(7);
        var time = new SignallingTimeProvider(DateTimeOffset.UnixEpoch);
        var (client, _, http) = Create(api.BaseUrl, time);
        using var _h = http;

        var call = client.PostMessageAsync(Workspace, Message, Ct);
        await time.TimerCreated.WaitAsync(TimeSpan.FromSeconds(10), Ct);
        Assert.Single(api.Seen);
        Assert.False(call.IsCompleted);
        time.Advance(TimeSpan.FromSeconds(7));
        var result = await call.WaitAsync(TimeSpan.FromSeconds(10), Ct);

        Assert.True(result.Ok);
        Assert.Equal("1.000100", result.Response!.Ts);
        Assert.Equal(2, api.Seen.Count);
    }

    [Fact]
    public async Task PostMessage_RetryAfterLongerThanAllowed_ReturnsRateLimitedWithTheWait()
    {
        await using var api = await LoopbackSlackApi.StartAsync();
        api.ThenTooManyRequests(120);
        var (client, log, http) = Create(api.BaseUrl, new SignallingTimeProvider(DateTimeOffset.UnixEpoch));
        using var _h = http;

        var result = await client.PostMessageAsync(Workspace, Message, Ct);

        Assert.False(result.Ok);
        Assert.Equal(SlackWebApiClient.RateLimitedError, result.Error);
        Assert.Equal(TimeSpan.FromSeconds(120), result.RetryAfter);
        Assert.Single(api.Seen);

        // A warning, not an error: the caller (the outbox, the background queue) posts it again after the wait.
        Assert.Contains(log.Entries, e => e.Level == LogLevel.Warning);
        Assert.DoesNotContain(log.Entries, e => e.Level >= LogLevel.Error);
    }

    [Fact]
    public async Task PostMessage_OkFalse_ReturnsSlackErrorCodeAndLogsItWithoutTheToken()
    {
        await using var api = await LoopbackSlackApi.StartAsync();
        api.ThenJson("""{"ok":false,"error":"channel_not_found"}""");
        var (client, log, http) = Create(api.BaseUrl, TimeProvider.System);
        using var _h = http;

        var result = await client.PostMessageAsync(Workspace, Message, Ct);

        Assert.False(result.Ok);
        Assert.Equal("channel_not_found", result.Error);
        var entry = Assert.Single(log.Entries, e => e.Level == LogLevel.Error);
        Assert.Contains("chat.postMessage", entry.Message, StringComparison.Ordinal);
        Assert.Contains("channel_not_found", entry.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(log.Entries, e => e.Message.Contains("xoxb", StringComparison.Ordinal));
    }

    [Fact]
    public async Task PostMessage_SendsBearerTokenAndUtf8Json()
    {
        await using var api = await LoopbackSlackApi.StartAsync();
        var (client, _, http) = Create(api.BaseUrl, TimeProvider.System);
        using var _h = http;

        await client.PostMessageAsync(Workspace, Message with { Text = "Café & co" }, Ct);

        var seen = Assert.Single(api.Seen);
        Assert.Equal("chat.postMessage", seen.Method);
        Assert.Equal("Bearer xoxb-test-token", seen.Authorization);
        Assert.Equal("application/json; charset=utf-8", seen.ContentType);
        Assert.Contains("\"channel\":\"C1\"", seen.Body, StringComparison.Ordinal);
        Assert.Contains("\"unfurl_links\":false", seen.Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task OpenDirectMessage_SecondCall_UsesTheCachedChannel()
    {
        await using var api = await LoopbackSlackApi.StartAsync();
        api.ThenJson("""{"ok":true,"channel":{"id":"D0123"}}""");
        var (client, _, http) = Create(api.BaseUrl, TimeProvider.System);
        using var _h = http;

        var first = await client.OpenDirectMessageAsync(Workspace, "U1", Ct);
        var second = await client.OpenDirectMessageAsync(Workspace, "U1", Ct);

        Assert.Equal("D0123", first.Response!.Channel!.Id);
        Assert.Equal("D0123", second.Response!.Channel!.Id);
        Assert.Single(api.Seen);
    }

    [Fact]
    public async Task GetUser_ReadsNameAndTimeZone()
    {
        await using var api = await LoopbackSlackApi.StartAsync();
        api.ThenJson("""{"ok":true,"user":{"id":"U1","name":"river","tz":"America/Chicago","profile":{"display_name":"River"}}}""");
        var (client, _, http) = Create(api.BaseUrl, TimeProvider.System);
        using var _h = http;

        var result = await client.GetUserAsync(Workspace, "U1", Ct);

        Assert.Equal("America/Chicago", result.Response!.User!.Tz);
        Assert.Equal("River", result.Response.User.Profile!.DisplayName);
        var seen = Assert.Single(api.Seen);
        Assert.Equal(("users.info", "?user=U1"), (seen.Method, seen.Query));
    }

    [Fact]
    public async Task PostMessage_AnswerLargerThanTheBound_IsAnInvalidResponseNotReadWhole()
    {
        var padding = new string('x', BoundedBody.MaxResponseBytes);
        using var api = new FakeSlackApi { Respond = _ => FakeSlackApi.Json($$"""{"ok":true,"channel":"C1","ts":"1.000100","padding":"{{padding}}"}""") };
        var (client, log, services) = Create(new Uri("https://slack.com/api/"), TimeProvider.System, api);
        using var _s = services;

        var result = await client.PostMessageAsync(Workspace, Message, Ct);

        Assert.False(result.Ok);
        Assert.Equal(SlackWebApiClient.InvalidResponseError, result.Error);
        Assert.Contains(log.Entries, e => e.Level == LogLevel.Error && e.Message.Contains(SlackWebApiClient.InvalidResponseError, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Respond_UrlOutsideSlack_IsRefused()
    {
        var (client, log, http) = Create(new Uri("https://slack.com/api/"), TimeProvider.System, new FakeSlackApi());
        using var _h = http;

        var result = await client.RespondAsync(new Uri("https://attacker.example/hook"), new SlackResponseMessage { Text = "x" }, Ct);

        Assert.False(result.Ok);
        Assert.NotEmpty(log.Entries);
    }
}
