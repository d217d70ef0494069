using CoPBot.Bot.Conversation;
using CoPBot.Bot.Delivery;
using CoPBot.Services.Addresses;
using Microsoft.Extensions.Time.Testing;

namespace CoPBot.Bot.Tests.Delivery;

public class DeliveryRateLimitsTests
{
    private static readonly ChatAddress Conversation = new(ChatChannels.Teams, "tenant-1", "19:room@thread.tacv2", ChatAddressKind.Channel);

    [Fact]
    public void TryAcquire_HammeredOnOneTeamsConversation_NeverMoreThanSevenInASecondOrEightInTwo()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2027, 3, 1, 10, 0, 0, TimeSpan.Zero));
        var limits = new DeliveryRateLimits(clock);
        var granted = new List<DateTimeOffset>();

        // Ask every 10 ms of fake time for two minutes.
        for (var step = 0; step < 12_000; step++)
        {
            if (limits.TryAcquire(Conversation) == TimeSpan.Zero)
            {
                granted.Add(clock.GetUtcNow());
            }

            clock.Advance(TimeSpan.FromMilliseconds(10));
        }

        Assert.True(MaxInWindow(granted, TimeSpan.FromSeconds(1)) <= 7);
        Assert.True(MaxInWindow(granted, TimeSpan.FromSeconds(2)) <= 8);
        Assert.True(MaxInWindow(granted, TimeSpan.FromSeconds(30)) <= 60);
        // And approached: two minutes at 60 per 30 s allow 240.
        Assert.InRange(granted.Count, 235, 240);
    }

    [Fact]
    public void TryAcquire_SeventhThenEighth_EighthWaitsUntilTheFirstLeavesTheSecond()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2027, 3, 1, 10, 0, 0, TimeSpan.Zero));
        var limits = new DeliveryRateLimits(clock);
        for (var i = 0; i < 7; i++)
        {
            Assert.Equal(TimeSpan.Zero, limits.TryAcquire(Conversation));
            clock.Advance(TimeSpan.FromMilliseconds(100));
        }

        var wait = limits.TryAcquire(Conversation);

        Assert.Equal(TimeSpan.FromMilliseconds(300), wait);
    }

    [Fact]
    public void TryAcquire_FiftyOneConversationsOfOneTenantInOneInstant_TheFiftyFirstWaits()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2027, 3, 1, 10, 0, 0, TimeSpan.Zero));
        var limits = new DeliveryRateLimits(clock);
        var results = Enumerable.Range(0, 51).Select(i => limits.TryAcquire(Conversation with { ConversationId = $"a:{i}" })).ToList();

        Assert.All(results.Take(50), r => Assert.Equal(TimeSpan.Zero, r));
        Assert.Equal(TimeSpan.FromSeconds(1), results[50]);
        Assert.Equal(TimeSpan.Zero, limits.TryAcquire(Conversation with { TenantId = "tenant-2", ConversationId = "a:0" }));
    }

    [Fact]
    public void TryAcquire_SlackChannel_OnePerSecond()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2027, 3, 1, 10, 0, 0, TimeSpan.Zero));
        var limits = new DeliveryRateLimits(clock);
        var channel = new ChatAddress(ChatChannels.Slack, "T1", "C1", ChatAddressKind.Channel);

        Assert.Equal(TimeSpan.Zero, limits.TryAcquire(channel));
        clock.Advance(TimeSpan.FromMilliseconds(400));
        Assert.Equal(TimeSpan.FromMilliseconds(600), limits.TryAcquire(channel));
        clock.Advance(TimeSpan.FromMilliseconds(600));
        Assert.Equal(TimeSpan.Zero, limits.TryAcquire(channel));
    }

    [Fact]
    public async Task AcquireAsync_LimiterExhausted_CompletesWhenTheFakeClockReachesTheFreeSlot()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2027, 3, 1, 10, 0, 0, TimeSpan.Zero));
        using var limiter = new SlidingWindowLogRateLimiter([new RateWindow(1, TimeSpan.FromSeconds(1))], clock);
        using var first = limiter.AttemptAcquire();

        var waiting = limiter.AcquireAsync(1, TestContext.Current.CancellationToken).AsTask();
        clock.Advance(TimeSpan.FromMilliseconds(999));
        var early = waiting.IsCompleted;
        clock.Advance(TimeSpan.FromMilliseconds(1));
        using var second = await waiting;

        Assert.True(first.IsAcquired);
        Assert.False(early);
        Assert.True(second.IsAcquired);
    }

    private static int MaxInWindow(List<DateTimeOffset> sorted, TimeSpan window)
    {
        var max = 0;
        for (int start = 0, end = 0; end < sorted.Count; end++)
        {
            while (sorted[end] - sorted[start] >= window)
            {
                start++;
            }

            max = Math.Max(max, end - start + 1);
        }

        return max;
    }
}
