using CoPBot.Bot.Conversation;
using CoPBot.Bot.Delivery;
using CoPBot.Bot.Slack;

namespace CoPBot.Bot.Tests.Slack;

public class SlackRateLimitsTests
{
    private static readonly SlackWorkspace Workspace = new("A0001", "T0001", "xoxb-test", "U0BOT");

    [Theory]
    [InlineData(1, 50)]
    [InlineData(2, 25)]
    [InlineData(3, 16)]
    public async Task AcquireAsync_TierThreeWithLiveInstances_EachTakesItsPartOfTheMinute(int instances, int expected)
    {
        var shares = new DeliveryRateLimits(TimeProvider.System);
        shares.Share(ChatChannels.Slack, instances);
        using var limits = new SlackRateLimits(shares);
        using var stop = new CancellationTokenSource();

        // Tier 3 refills one call per 60 s / part: only a full bucket answers at once.
        var immediate = 0;
        Task<bool> call;
        while ((call = limits.AcquireAsync(Workspace, SlackMethods.ConversationsOpen, null, stop.Token).AsTask()).IsCompleted)
        {
            Assert.True(await call);
            immediate++;
            Assert.True(immediate <= 100, "the tier never ran out");
        }

        await stop.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => call);
        Assert.Equal(expected, immediate);
    }
}
