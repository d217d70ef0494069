using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace CoPBot.Benchmarks;

/// <summary>A published limit: at most <see cref="Count"/> accepted calls in any <see cref="Window"/>.</summary>
internal sealed record RateRule(string Name, int Count, TimeSpan Window);

/// <summary>The limits the fakes enforce (DESIGN/issue 5; Slack's conversations.open tier is configurable).</summary>
internal sealed record PlatformLimits
{
    /// <summary>Teams, per bot per conversation: 7/1 s, 8/2 s, 60/30 s, 1800/h.</summary>
    public IReadOnlyList<RateRule> TeamsConversation { get; init; } =
    [
        new("conversation 7/1s", 7, TimeSpan.FromSeconds(1)),
        new("conversation 8/2s", 8, TimeSpan.FromSeconds(2)),
        new("conversation 60/30s", 60, TimeSpan.FromSeconds(30)),
        new("conversation 1800/h", 1800, TimeSpan.FromHours(1)),
    ];

    /// <summary>Teams, per app per tenant: 50 requests per second (every connector call counts).</summary>
    public IReadOnlyList<RateRule> TeamsTenant { get; init; } = [new("tenant 50/s", 50, TimeSpan.FromSeconds(1))];

    /// <summary>Slack chat.postMessage: 1 per second per channel.</summary>
    public IReadOnlyList<RateRule> SlackPostPerChannel { get; init; } = [new("chat.postMessage 1/s/channel", 1, TimeSpan.FromSeconds(1))];

    /// <summary>Slack conversations.open, tier 3: about 50 per minute per app and workspace, in bursts.</summary>
    public int SlackOpenPerMinute { get; init; } = 50;

    public IReadOnlyList<RateRule> SlackOpen => [new($"conversations.open {SlackOpenPerMinute}/min", SlackOpenPerMinute, TimeSpan.FromMinutes(1))];
}

/// <summary>
/// A fake Teams connector (/teams/v3/...) and a fake Slack Web API (/slack/api/...) on Kestrel at 127.0.0.1. Both
/// enforce the published limits with sliding windows of accepted calls and answer 429 with Retry-After when a call
/// would exceed one. Every accepted message is counted per recipient and session, so duplicates show.
/// </summary>
internal sealed partial class FakePlatforms : IAsyncDisposable
{
    private readonly WebApplication app;
    private readonly PlatformLimits limits;
    private readonly Lock gate = new();
    private readonly Dictionary<string, Queue<long>> accepted = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<(string Platform, string Recipient, string Session), int> deliveries = new();
    private readonly ConcurrentDictionary<string, long> throttled = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, long> lastAccepted = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, long> firstAccepted = new(StringComparer.Ordinal);
    private long requests;
    private long slackOpens;

    private FakePlatforms(WebApplication app, PlatformLimits limits)
    {
        this.app = app;
        this.limits = limits;
    }

    public Uri TeamsServiceUrl { get; private set; } = null!;

    public Uri SlackApiBaseUrl { get; private set; } = null!;

    public long Requests => Interlocked.Read(ref requests);

    /// <summary>conversations.open calls accepted (a DM channel the bot did not know yet).</summary>
    public long SlackOpens => Interlocked.Read(ref slackOpens);

    public static async Task<FakePlatforms> StartAsync(PlatformLimits limits, CancellationToken cancellationToken)
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { ContentRootPath = AppContext.BaseDirectory });
        builder.Configuration.Sources.Clear();
        builder.Configuration.AddInMemoryCollection();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        var fake = new FakePlatforms(app, limits);
        app.MapPost("/teams/v3/conversations/{conversationId}/activities", fake.TeamsSendAsync);
        app.MapPost("/teams/v3/conversations/{conversationId}/activities/{replyToId}", (string conversationId, HttpRequest request) => fake.TeamsSendAsync(conversationId, request));
        app.MapPost("/teams/v3/conversations", fake.TeamsCreateAsync);
        app.MapPost("/slack/api/conversations.open", fake.SlackOpenAsync);
        app.MapPost("/slack/api/chat.postMessage", fake.SlackPostAsync);
        await app.StartAsync(cancellationToken);
        var root = BotHost.AddressOf(app);
        fake.TeamsServiceUrl = new Uri(root, "/teams/");
        fake.SlackApiBaseUrl = new Uri(root, "/slack/api/");
        return fake;
    }

    /// <summary>Messages accepted per platform ("teams", "slack").</summary>
    public int Delivered(string platform) => deliveries.Where(d => d.Key.Platform == platform).Sum(d => d.Value);

    /// <summary>Distinct recipient-and-session pairs that got at least one message.</summary>
    public int UniqueDelivered(string platform) => deliveries.Count(d => d.Key.Platform == platform);

    /// <summary>Recipient-and-session pairs that got more than one message, counted once per extra message.</summary>
    public int Duplicates(string platform) => deliveries.Where(d => d.Key.Platform == platform).Sum(d => Math.Max(0, d.Value - 1));

    public long Throttled(string platform) => throttled.GetValueOrDefault(platform);

    /// <summary>When the last message on a platform was accepted (Stopwatch timestamp), or null.</summary>
    public long? LastAcceptedAt(string platform) => lastAccepted.TryGetValue(platform, out var at) ? at : null;

    public long? FirstAcceptedAt(string platform) => firstAccepted.TryGetValue(platform, out var at) ? at : null;

    public async ValueTask DisposeAsync() => await app.DisposeAsync();

    private async Task<IResult> TeamsSendAsync(string conversationId, HttpRequest request)
    {
        Interlocked.Increment(ref requests);
        var (body, json) = await ReadAsync(request);
        var tenant = json.TryGetProperty("conversation", out var c) && c.TryGetProperty("tenantId", out var t) ? t.GetString() : null;
        var app = json.TryGetProperty("from", out var f) && f.TryGetProperty("id", out var a) ? a.GetString() : null;
        var wait = Admit([($"teams|conv|{app}|{conversationId}", limits.TeamsConversation), ($"teams|tenant|{app}|{tenant}", limits.TeamsTenant)]);
        if (wait is not null)
        {
            return TooMany("teams", wait.Value, Results.Json(new { error = new { code = "TooManyRequests", message = "Throttled (benchmark fake)." } }, statusCode: 429));
        }

        Deliver("teams", conversationId, body);
        return Results.Json(new { id = $"1:{Guid.NewGuid():N}" });
    }

    private async Task<IResult> TeamsCreateAsync(HttpRequest request)
    {
        Interlocked.Increment(ref requests);
        var (_, root) = await ReadAsync(request);
        var tenant = root.TryGetProperty("tenantId", out var t) ? t.GetString() : null;
        var app = root.TryGetProperty("bot", out var b) && b.TryGetProperty("id", out var a) ? a.GetString() : null;
        var user = root.TryGetProperty("members", out var m) && m.GetArrayLength() > 0 && m[0].TryGetProperty("id", out var u) ? u.GetString() : "unknown";
        var wait = Admit([($"teams|tenant|{app}|{tenant}", limits.TeamsTenant)]);
        return wait is not null
            ? TooMany("teams", wait.Value, Results.Json(new { error = new { code = "TooManyRequests" } }, statusCode: 429))
            : Results.Json(new { id = $"a:{user}" });
    }

    private async Task<IResult> SlackOpenAsync(HttpRequest request)
    {
        Interlocked.Increment(ref requests);
        var (_, json) = await ReadAsync(request);
        var user = json.TryGetProperty("users", out var u) ? u.GetString() : null;
        var wait = Admit([($"slack|open|{request.Headers.Authorization}", limits.SlackOpen)]);
        if (wait is not null)
        {
            return TooMany("slack", wait.Value, Results.Json(new { ok = false, error = "ratelimited" }, statusCode: 429));
        }

        Interlocked.Increment(ref slackOpens);
        return Results.Json(new { ok = true, channel = new { id = $"D{user}" } });
    }

    private async Task<IResult> SlackPostAsync(HttpRequest request)
    {
        Interlocked.Increment(ref requests);
        var (body, json) = await ReadAsync(request);
        var channel = json.TryGetProperty("channel", out var c) ? c.GetString() ?? "" : "";
        var wait = Admit([($"slack|post|{request.Headers.Authorization}|{channel}", limits.SlackPostPerChannel)]);
        if (wait is not null)
        {
            return TooMany("slack", wait.Value, Results.Json(new { ok = false, error = "ratelimited" }, statusCode: 429));
        }

        Deliver("slack", channel, body);
        return Results.Json(new { ok = true, channel, ts = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture) + ".000100" });
    }

    /// <summary>Accepts the call under every rule, or returns how long until the tightest one would allow it.</summary>
    private TimeSpan? Admit(IReadOnlyList<(string Key, IReadOnlyList<RateRule> Rules)> checks)
    {
        var now = TimeProvider.System.GetTimestamp();
        lock (gate)
        {
            TimeSpan? wait = null;
            foreach (var (key, rules) in checks)
            {
                foreach (var rule in rules)
                {
                    var log = Log(key + "|" + rule.Name);
                    var window = (long)(rule.Window.TotalSeconds * TimeProvider.System.TimestampFrequency);
                    while (log.Count > 0 && now - log.Peek() >= window)
                    {
                        log.Dequeue();
                    }

                    if (log.Count >= rule.Count)
                    {
                        var free = TimeProvider.System.GetElapsedTime(now, log.Peek() + window);
                        wait = wait is null || free > wait ? free : wait;
                    }
                }
            }

            if (wait is not null)
            {
                return wait;
            }

            foreach (var (key, rules) in checks)
            {
                foreach (var rule in rules)
                {
                    Log(key + "|" + rule.Name).Enqueue(now);
                }
            }

            return null;
        }
    }

    private Queue<long> Log(string key)
    {
        if (!accepted.TryGetValue(key, out var log))
        {
            accepted[key] = log = new Queue<long>();
        }

        return log;
    }

    private WithRetryAfter TooMany(string platform, TimeSpan wait, IResult result)
    {
        throttled.AddOrUpdate(platform, 1, (_, n) => n + 1);

        // Retry-After is whole seconds on both platforms: round up, never 0.
        var seconds = Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds));
        return new WithRetryAfter(result, seconds);
    }

    private void Deliver(string platform, string recipient, string body)
    {
        var session = SessionId().Match(body) is { Success: true } m ? m.Groups[1].Value : "";
        deliveries.AddOrUpdate((platform, recipient, session), 1, (_, n) => n + 1);
        var now = TimeProvider.System.GetTimestamp();
        firstAccepted.TryAdd(platform, now);
        lastAccepted[platform] = now;
    }

    private static async Task<(string Body, JsonElement Root)> ReadAsync(HttpRequest request)
    {
        using var reader = new StreamReader(request.Body);
        var body = await reader.ReadToEndAsync();
        using var json = JsonDocument.Parse(body);
        return (body, json.RootElement.Clone());
    }

    // The session id as card action data carries it, plain (Adaptive Card data) or escaped inside a button value (Block Kit).
    [GeneratedRegex(@"session[^0-9a-fA-F]{1,16}([0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12})")]
    private static partial Regex SessionId();

    private sealed class WithRetryAfter(IResult inner, int seconds) : IResult
    {
        public Task ExecuteAsync(HttpContext httpContext)
        {
            httpContext.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
            return inner.ExecuteAsync(httpContext);
        }
    }
}
