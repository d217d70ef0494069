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

        Assert.True(DeliveryTestKit.MaxInAnyWindow(granted, TimeSpan.FromSeconds(1)) <= 7);
        Assert.True(DeliveryTestKit.MaxInAnyWindow(granted, TimeSpan.FromSeconds(2)) <= 8);
        Assert.True(DeliveryTestKit.MaxInAnyWindow(granted, TimeSpan.FromSeconds(30)) <= 60);
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
    public void TryAcquire_ManyConversationsOfOneTenant_AreSpreadAndNeverOverFiftyInTheWindow()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2027, 3, 1, 10, 0, 0, TimeSpan.Zero));
        var limits = new DeliveryRateLimits(clock);
        var starts = new List<DateTimeOffset>();
        for (var i = 0; starts.Count < 120; i++)
        {
            var wait = limits.TryAcquire(Conversation with { ConversationId = $"a:{starts.Count}" });
            if (wait == TimeSpan.Zero)
            {
                starts.Add(clock.GetUtcNow());
            }
            else
            {
                clock.Advance(wait);
            }
        }

        // Five at once at most, never more than fifty in any 1.1 s, and the pace still approaches fifty per second.
        Assert.All(starts, t => Assert.True(starts.Count(s => s > t - TimeSpan.FromMilliseconds(110) && s <= t) <= 5));
        Assert.All(starts, t => Assert.True(starts.Count(s => s > t - TimeSpan.FromSeconds(1.1) && s <= t) <= 50));
        Assert.InRange((starts[^1] - starts[0]).TotalSeconds, 2.0, 3.0);
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

    [Fact]
    public void Share_ThreeInstancesOnTeams_EachTakesItsThirdOfTheTenantLimit()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2027, 3, 1, 10, 0, 0, TimeSpan.Zero));
        var limits = new DeliveryRateLimits(clock);
        limits.Share(ChatChannels.Teams, 3);
        var starts = new List<DateTimeOffset>();

        // Ask every 10 ms of fake time for ten seconds, each time for another conversation of the tenant.
        for (var step = 0; step < 1_000; step++)
        {
            if (limits.TryAcquire(Conversation with { ConversationId = $"a:{step}" }) == TimeSpan.Zero)
            {
                starts.Add(clock.GetUtcNow());
            }

            clock.Advance(TimeSpan.FromMilliseconds(10));
        }

        // Three such instances: at most 48 in any 1.1 s together; one of them alone about 14.5 a second.
        Assert.True(DeliveryTestKit.MaxInAnyWindow(starts, TimeSpan.FromSeconds(1.1)) <= 16);
        Assert.InRange(starts.Count, 135, 150);
        Assert.Equal(3, limits.InstancesOn(ChatChannels.Teams));
        Assert.Equal(1, limits.InstancesOn(ChatChannels.Slack));
    }

    [Fact]
    public void Share_LoweredAfterABurst_PermitsAlreadyTakenStillCount()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2027, 3, 1, 10, 0, 0, TimeSpan.Zero));
        var limits = new DeliveryRateLimits(clock);
        var taken = 0;
        while (taken < 30)
        {
            if (limits.TryAcquire(Conversation with { ConversationId = $"a:{taken}" }) is var wait && wait == TimeSpan.Zero)
            {
                taken++;
            }
            else
            {
                clock.Advance(wait);
            }
        }

        // A second instance joins: this one may now have 25 in 1.1 s, and it already had 30.
        clock.Advance(TimeSpan.FromMilliseconds(110));
        limits.Share(ChatChannels.Teams, 2);
        var afterJoin = limits.TryAcquire(Conversation with { ConversationId = "a:joined" });
        limits.Share(ChatChannels.Teams, 1);
        var afterLeave = limits.TryAcquire(Conversation with { ConversationId = "a:left" });

        Assert.True(afterJoin > TimeSpan.Zero);
        Assert.Equal(TimeSpan.Zero, afterLeave);
    }
}
