using System.Threading.RateLimiting;
using CoPBot.Bot.Conversation;
using CoPBot.Bot.Delivery;

namespace CoPBot.Bot.Slack;

/// <summary>
/// Slack's per-method rate-limit tiers (<see href="https://docs.slack.dev/apis/web-api/rate-limits"/>), per app and
/// workspace: tier 2 ≈ 20/min, tier 3 ≈ 50/min, tier 4 ≈ 100/min; chat.postMessage ≈ 1 per second per channel with
/// short bursts. Calls wait in a queue for a token instead of provoking 429s. When several instances run, each takes
/// its part of a method's tier (from the live dispatchers <paramref name="shares"/> counts); chat.postMessage's
/// per-channel pace is left whole, since the instances rarely write to one channel at once.
/// </summary>
internal sealed class SlackRateLimits(DeliveryRateLimits? shares = null) : IDisposable
{
    private readonly PartitionedRateLimiter<string> limiter = PartitionedRateLimiter.Create<string, string>(
        key => RateLimitPartition.GetTokenBucketLimiter(key, Options));

    public static int PerMinute(string method) => method switch
    {
        SlackMethods.ChatPostMessage => 60,
        SlackMethods.ChatUpdate or SlackMethods.ConversationsOpen or SlackMethods.ConversationsHistory or SlackMethods.ConversationsJoin
            or SlackMethods.TeamInfo => 50,
        SlackMethods.ChatPostEphemeral or SlackMethods.ViewsOpen or SlackMethods.ViewsUpdate
            or SlackMethods.ViewsPublish or SlackMethods.UsersInfo => 100,
        _ => 20,
    };

    /// <summary>Waits for a token; false when the queue for this key is full or the wait was cancelled.</summary>
    public async ValueTask<bool> AcquireAsync(SlackWorkspace workspace, string method, string? channel, CancellationToken cancellationToken)
    {
        // chat.postMessage is limited per channel; the others per method.
        // A change in the number of instances starts new buckets: the tier is divided anew.
        var instances = shares?.InstancesOn(ChatChannels.Slack) ?? 1;
        var key = method == SlackMethods.ChatPostMessage && channel is not null
            ? $"{workspace.AppId}|{workspace.TeamId}|{method}|1|{channel}"
            : $"{workspace.AppId}|{workspace.TeamId}|{method}|{instances}";
        using var lease = await limiter.AcquireAsync(key, 1, cancellationToken);
        return lease.IsAcquired;
    }

    public void Dispose() => limiter.Dispose();

    private static TokenBucketRateLimiterOptions Options(string key)
    {
        var parts = key.Split('|');
        var method = parts[2];
        var perChannel = method == SlackMethods.ChatPostMessage;
        var perMinute = Math.Max(1, PerMinute(method) / int.Parse(parts[3], System.Globalization.CultureInfo.InvariantCulture));
        return new TokenBucketRateLimiterOptions
        {
            TokenLimit = perChannel ? 3 : perMinute,
            TokensPerPeriod = 1,
            ReplenishmentPeriod = perChannel ? TimeSpan.FromSeconds(1) : TimeSpan.FromMinutes(1) / perMinute,
            QueueLimit = 1000,
            QueueProcessingOrder = QueueProcessingOrder.OldestFirst,
            AutoReplenishment = true,
        };
    }
}

internal static class SlackMethods
{
    public const string ChatPostMessage = "chat.postMessage";
    public const string ChatUpdate = "chat.update";
    public const string ChatPostEphemeral = "chat.postEphemeral";
    public const string ConversationsOpen = "conversations.open";
    public const string ConversationsJoin = "conversations.join";

    /// <summary>
    /// Tier 3 for internal (customer-built) and Marketplace apps; Slack allows apps distributed commercially outside
    /// the Marketplace only 1 call a minute and 15 messages a page.
    /// </summary>
    public const string ConversationsHistory = "conversations.history";
    public const string ViewsOpen = "views.open";
    public const string ViewsUpdate = "views.update";
    public const string ViewsPublish = "views.publish";
    public const string UsersInfo = "users.info";
    public const string TeamInfo = "team.info";
}
