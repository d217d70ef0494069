using System.Collections.Concurrent;
using CoPBot.Bot.Conversation;
using CoPBot.Services.Addresses;

namespace CoPBot.Bot.Delivery;

/// <summary>
/// The platforms' published limits for proactive messages, enforced before each send so they are never exceeded:
/// Teams per conversation 7 per second, 8 per 2 s, 60 per 30 s and 1,800 per hour, and 50 per second per app per
/// tenant (<see href="https://learn.microsoft.com/microsoftteams/platform/bots/how-to/rate-limit"/>); Slack
/// chat.postMessage about one per second per channel
/// (<see href="https://docs.slack.dev/apis/web-api/rate-limits"/>; the Web API client adds each method's tier).
/// One limiter per key, created when first needed; the cache is bounded, and only limiters whose windows are empty
/// are ever evicted, so eviction cannot let a burst through. Several instances share a tenant's limit: each takes
/// its part (<see cref="Share"/>), from the number of live dispatchers their heartbeats show.
/// </summary>
internal sealed class DeliveryRateLimits(TimeProvider clock)
{
    /// <summary>How many keys (conversations, tenants) are remembered at most.</summary>
    public const int MaxKeys = 20_000;

    public static readonly RatePolicy TeamsConversation = new(
    [
        new(7, TimeSpan.FromSeconds(1)), new(8, TimeSpan.FromSeconds(2)), new(60, TimeSpan.FromSeconds(30)), new(1800, TimeSpan.FromHours(1)),
    ]);

    /// <summary>Teams' limit per app per tenant: this many requests in any second.</summary>
    public const int TenantPerSecond = 50;

    /// <summary>
    /// How many a second a tenant's senders start at most together (one per 20.8 ms), so the requests are spread
    /// evenly. What keeps Teams' second from ever holding more than fifty is <see cref="EnterTeamsTenantAsync"/>, right
    /// before each request; this pace leaves it 40 ms a second for the way there and back before it has to hold one.
    /// </summary>
    public const int TenantPace = 48;

    /// <summary>How long an answered request to a tenant still counts against its per-app limit (Teams counts per second).</summary>
    public static readonly TimeSpan TenantWindow = TimeSpan.FromSeconds(1);

    /// <summary>How many of a tenant's messages may start at once after a pause (a round of a few goes out together).</summary>
    public const int TenantBurst = 5;

    public static readonly RatePolicy TeamsTenant = TeamsTenantShare(1);

    public static readonly RatePolicy SlackChannel = new([new(1, TimeSpan.FromSeconds(1))]);

    /// <summary>The most dispatchers a tenant's limit can be shared by (each one then sends one message per second or so).</summary>
    public const int MaxInstances = TenantPerSecond;

    private static readonly TimeSpan WhenFull = TimeSpan.FromSeconds(1);

    private readonly Dictionary<string, SlidingWindowLogRateLimiter> _limiters = new(StringComparer.Ordinal);
    private readonly Dictionary<string, RequestWindow> _tenantWindows = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();
    private RatePolicy _teamsTenant = TeamsTenant;

    private readonly ConcurrentDictionary<string, int> _instances = new(StringComparer.Ordinal);

    /// <summary>
    /// This instance's part of a Teams tenant's 50 per second when <paramref name="instances"/> dispatchers send at
    /// once, each with its own clock: ⌊50 / n⌋ per window, the window long enough that together they start at most
    /// <see cref="TenantPace"/> a second and never shorter than a second, so no second ever holds more than 50 of
    /// theirs. Each paces its part evenly (window / limit apart), the <see cref="TenantBurst"/> at once shared out too,
    /// but never below two: a permit taken late (a timer fires late, a busy machine) is then made up by the next one,
    /// and does not lower the pace for good.
    /// </summary>
    public static RatePolicy TeamsTenantShare(int instances)
    {
        var n = Math.Clamp(instances, 1, MaxInstances);
        var limit = TenantPerSecond / n;
        var window = TimeSpan.FromSeconds(Math.Max(1.0, limit * n / (double)TenantPace));
        return new RatePolicy([new RateWindow(limit, window)], new RatePace(window / limit, Math.Max(2, TenantBurst / n)));
    }

    /// <summary>How many live instances (this one included) share the per-app limits of <paramref name="channel"/>.</summary>
    public int InstancesOn(string channel) => _instances.GetValueOrDefault(channel, 1);

    /// <summary>
    /// Takes this instance's part of <paramref name="channel"/>'s per-app limits (each Teams tenant's 50 per second, each
    /// Slack workspace's method tiers), <paramref name="instances"/> dispatchers sending at once. A lower part holds at
    /// once (permits already taken still count); a higher one from the next permit asked for.
    /// </summary>
    public void Share(string channel, int instances)
    {
        ArgumentNullException.ThrowIfNull(channel);
        var n = Math.Clamp(instances, 1, MaxInstances);
        if (_instances.TryGetValue(channel, out var current) && current == n)
        {
            // Unchanged (every heartbeat says it again): the limiters keep their policy.
            return;
        }

        _instances[channel] = n;
        if (channel == ChatChannels.Teams)
        {
            lock (_gate)
            {
                _teamsTenant = n == 1 ? TeamsTenant : TeamsTenantShare(n);
            }
        }
    }

    /// <summary>How many limiters are cached now.</summary>
    public int Count
    {
        get
        {
            lock (_gate)
            {
                return _limiters.Count;
            }
        }
    }

    /// <summary>
    /// Takes a permit to send one message to <paramref name="address"/> now, from every limit that applies, or none:
    /// returns zero when taken, otherwise how long to wait before asking again.
    /// </summary>
    public TimeSpan TryAcquire(ChatAddress address)
    {
        ArgumentNullException.ThrowIfNull(address);
        lock (_gate)
        {
            var keys = KeysFor(address, _teamsTenant);
            if (keys.Count == 0)
            {
                return TimeSpan.Zero;
            }

            var limiters = new List<SlidingWindowLogRateLimiter>(keys.Count);
            foreach (var (key, policy) in keys)
            {
                if (GetOrCreate(key, policy) is not { } limiter)
                {
                    return WhenFull;
                }

                limiters.Add(limiter);
            }

            var wait = limiters.Max(l => l.TimeUntilAvailable());
            if (wait > TimeSpan.Zero)
            {
                return wait;
            }

            foreach (var limiter in limiters)
            {
                limiter.TakeUnchecked();
            }

            return TimeSpan.Zero;
        }
    }

    /// <summary>
    /// Waits for room in a Teams tenant's per-app limit right before a connector request goes on the wire, and holds it
    /// until the answer is back (dispose the result then): this instance's part of the 50, ⌊50 / n⌋ requests in flight
    /// or answered within the last second. The connector's pipeline asks for every call a proactive send makes:
    /// creating the chat, the message, a progress card's update, each retry after a 429. <see cref="TryAcquire"/>
    /// paces the sends before that; this is what no delay between the two can push past the limit.
    /// </summary>
    public ValueTask<IDisposable> EnterTeamsTenantAsync(string tenantId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(tenantId);
        RequestWindow? window;
        lock (_gate)
        {
            if (!_tenantWindows.TryGetValue(tenantId, out window))
            {
                if (_tenantWindows.Count >= MaxKeys)
                {
                    // Tenants come from configured bots, so this stays small; only windows that no longer count go.
                    foreach (var idle in _tenantWindows.Where(p => p.Value.IsIdle).Select(p => p.Key).ToList())
                    {
                        _tenantWindows.Remove(idle);
                    }
                }

                _tenantWindows[tenantId] = window = new RequestWindow(clock, TenantWindow);
            }
        }

        return window.EnterAsync(TenantPerSecond / InstancesOn(ChatChannels.Teams), cancellationToken);
    }

    private static List<(string Key, RatePolicy Policy)> KeysFor(ChatAddress address, RatePolicy teamsTenant)
    {
        var conversation = address.ConversationId is { Length: > 0 } id ? id : "user:" + address.UserId;
        return address.Channel switch
        {
            ChatChannels.Teams =>
            [
                ($"msteams|{address.TenantId}|{conversation}", TeamsConversation),
                ($"msteams|{address.TenantId}", teamsTenant),
            ],
            ChatChannels.Slack => [($"slack|{address.TenantId}|{conversation}", SlackChannel)],
            _ => [],
        };
    }

    private SlidingWindowLogRateLimiter? GetOrCreate(string key, RatePolicy policy)
    {
        if (_limiters.TryGetValue(key, out var limiter))
        {
            if (!ReferenceEquals(limiter.Configured, policy))
            {
                limiter.Reconfigure(policy);
            }

            return limiter;
        }

        if (_limiters.Count >= MaxKeys)
        {
            foreach (var (idleKey, idle) in _limiters.Where(p => p.Value.IdleDuration >= p.Value.Longest).ToList())
            {
                _limiters.Remove(idleKey);
                idle.Dispose();
            }

            if (_limiters.Count >= MaxKeys)
            {
                // Every cached conversation is busy: wait rather than forget a window that still counts.
                return null;
            }
        }

        limiter = new SlidingWindowLogRateLimiter(policy, clock);
        _limiters[key] = limiter;
        return limiter;
    }
}
