using System.Threading.RateLimiting;

namespace CoPBot.Bot.Slack;

/// <summary>
/// Slack's per-method rate-limit tiers (<see href="https://docs.slack.dev/apis/web-api/rate-limits"/>), per app and
/// workspace: tier 2 ≈ 20/min, tier 3 ≈ 50/min, tier 4 ≈ 100/min; chat.postMessage ≈ 1 per second per channel with
/// short bursts. Calls wait in a queue for a token instead of provoking 429s.
/// </summary>
internal sealed class SlackRateLimits : IDisposable
{
    private readonly PartitionedRateLimiter<string> limiter = PartitionedRateLimiter.Create<string, string>(
        key => RateLimitPartition.GetTokenBucketLimiter(key, Options));

    public static int PerMinute(string method) => method switch
    {
        SlackMethods.ChatPostMessage => 60,
        SlackMethods.ChatUpdate or SlackMethods.ConversationsOpen or SlackMethods.ConversationsHistory => 50,
        SlackMethods.ChatPostEphemeral or SlackMethods.ViewsOpen or SlackMethods.ViewsUpdate
            or SlackMethods.ViewsPublish or SlackMethods.UsersInfo => 100,
        _ => 20,
    };

    /// <summary>Waits for a token; false when the queue for this key is full or the wait was cancelled.</summary>
    public async ValueTask<bool> AcquireAsync(SlackWorkspace workspace, string method, string? channel, CancellationToken cancellationToken)
    {
        // chat.postMessage is limited per channel; the others per method.
        var key = method == SlackMethods.ChatPostMessage && channel is not null
            ? $"{workspace.AppId}|{workspace.TeamId}|{method}|{channel}"
            : $"{workspace.AppId}|{workspace.TeamId}|{method}";
        using var lease = await limiter.AcquireAsync(key, 1, cancellationToken);
        return lease.IsAcquired;
    }

    public void Dispose() => limiter.Dispose();

    private static TokenBucketRateLimiterOptions Options(string key)
    {
        var method = key.Split('|')[2];
        var perMinute = PerMinute(method);
        var perChannel = method == SlackMethods.ChatPostMessage;
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

    /// <summary>
    /// Tier 3 for internal (customer-built) and Marketplace apps; Slack allows apps distributed commercially outside
    /// the Marketplace only 1 call a minute and 15 messages a page.
    /// </summary>
    public const string ConversationsHistory = "conversations.history";
    public const string ViewsOpen = "views.open";
    public const string ViewsUpdate = "views.update";
    public const string ViewsPublish = "views.publish";
    public const string UsersInfo = "users.info";
}
