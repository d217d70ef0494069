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
    public void TryAcquire_OneTenantAskedAsFastAsItAllows_NeverOverFiftyInAnySecondAndFortyEightASecond()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2027, 3, 1, 10, 0, 0, TimeSpan.Zero));
        var limits = new DeliveryRateLimits(clock);

        var starts = Hammer(clock, [limits], TimeSpan.FromSeconds(60))[0];

        // Fifty in any second, with 40 ms to spare for the requests' jitter on the way; and close to that the whole time.
        Assert.True(DeliveryTestKit.MaxInAnyWindow(starts, TimeSpan.FromSeconds(1.04)) <= 50);
        Assert.InRange(starts.Count, 48 * 60 - 5, 48 * 60 + 5);
        Assert.Equal(TimeSpan.Zero, limits.TryAcquire(Conversation with { TenantId = "tenant-2", ConversationId = "a:0" }));
    }

    [Fact]
    public void TryAcquire_OneTenant_FiveAtOnceThenOneEveryTwentyMilliseconds()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2027, 3, 1, 10, 0, 0, TimeSpan.Zero));
        var limits = new DeliveryRateLimits(clock);
        var pace = TimeSpan.FromSeconds(1) / 48;

        // A round of a few messages goes at once, on a clock nobody moves (the end-to-end tests deliver so).
        var atOnce = Enumerable.Range(0, 5).Select(i => limits.TryAcquire(Conversation with { ConversationId = $"a:{i}" })).ToList();
        var sixth = limits.TryAcquire(Conversation with { ConversationId = "a:5" });
        clock.Advance(sixth);
        var afterWait = limits.TryAcquire(Conversation with { ConversationId = "a:5" });
        var seventh = limits.TryAcquire(Conversation with { ConversationId = "a:6" });

        Assert.All(atOnce, wait => Assert.Equal(TimeSpan.Zero, wait));
        Assert.InRange(sixth, pace - TimeSpan.FromMilliseconds(1), pace + TimeSpan.FromMilliseconds(1));
        Assert.Equal(TimeSpan.Zero, afterWait);
        Assert.InRange(seventh, pace - TimeSpan.FromMilliseconds(1), pace + TimeSpan.FromMilliseconds(1));
    }

    [Fact]
    public void TryAcquire_LongRun_PacedEvenlyAfterTheFirstBurst()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2027, 3, 1, 10, 0, 0, TimeSpan.Zero));
        var limits = new DeliveryRateLimits(clock);

        var starts = Hammer(clock, [limits], TimeSpan.FromSeconds(10))[0];

        // Never more than five at one instant, and nine starts in ten one pace (20.8 ms) after the one before.
        var pace = TimeSpan.FromSeconds(1) / 48;
        var gaps = starts.Zip(starts.Skip(1), (a, b) => b - a).ToList();
        Assert.True(starts.GroupBy(s => s).Max(g => g.Count()) <= 5);
        Assert.True(DeliveryTestKit.MaxInAnyWindow(starts, TimeSpan.FromMilliseconds(100)) <= 10);
        Assert.True(gaps.Count(gap => (gap - pace).Duration() < TimeSpan.FromMilliseconds(1)) >= gaps.Count * 0.88, $"{gaps.Count(gap => gap > TimeSpan.Zero)} of {gaps.Count} gaps");
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
        using var limiter = new SlidingWindowLogRateLimiter(new RatePolicy([new RateWindow(1, TimeSpan.FromSeconds(1))]), clock);
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
    public void Share_ThreeInstancesOnTeams_TogetherNeverOverFiftyInAnySecondAndFortyEightASecond()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2027, 3, 1, 10, 0, 0, TimeSpan.Zero));
        var instances = Enumerable.Range(0, 3).Select(_ => new DeliveryRateLimits(clock)).ToList();
        instances.ForEach(limits => limits.Share(ChatChannels.Teams, 3));

        var each = Hammer(clock, instances, TimeSpan.FromSeconds(30));
        var together = each.SelectMany(s => s).Order().ToList();

        Assert.True(DeliveryTestKit.MaxInAnyWindow(together, TimeSpan.FromSeconds(1)) <= 50);
        Assert.All(each, starts => Assert.True(DeliveryTestKit.MaxInAnyWindow(starts, TimeSpan.FromSeconds(1)) <= 16));
        Assert.InRange(together.Count, 47 * 30, 48 * 30 + 5);
        Assert.Equal(3, instances[0].InstancesOn(ChatChannels.Teams));
        Assert.Equal(1, instances[0].InstancesOn(ChatChannels.Slack));
    }

    [Fact]
    public void Share_ThreeInstancesAskingOnlyEveryTwentyMilliseconds_PermitsTakenLateAreMadeUp()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2027, 3, 1, 10, 0, 0, TimeSpan.Zero));
        var limits = new DeliveryRateLimits(clock);
        limits.Share(ChatChannels.Teams, 3);
        var starts = new List<DateTimeOffset>();

        // The pace is one per 62.5 ms, but a sender only comes back every 20 ms: each permit is taken up to 17.5 ms late.
        for (var step = 0; step < 1_500; step++)
        {
            if (limits.TryAcquire(Conversation with { ConversationId = $"a:{step}" }) == TimeSpan.Zero)
            {
                starts.Add(clock.GetUtcNow());
            }

            clock.Advance(TimeSpan.FromMilliseconds(20));
        }

        Assert.True(DeliveryTestKit.MaxInAnyWindow(starts, TimeSpan.FromSeconds(1)) <= 16);
        Assert.True(starts.Count >= 15.5 * 30, $"{starts.Count} in 30 s");
    }

    [Theory]
    [InlineData(2)]
    [InlineData(4)]
    [InlineData(7)]
    [InlineData(9)]
    [InlineData(50)]
    public void Share_AnyNumberOfInstances_TogetherNeverOverFiftyInAnySecond(int count)
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2027, 3, 1, 10, 0, 0, TimeSpan.Zero));
        var instances = Enumerable.Range(0, count).Select(_ => new DeliveryRateLimits(clock)).ToList();
        instances.ForEach(limits => limits.Share(ChatChannels.Teams, count));

        var together = Hammer(clock, instances, TimeSpan.FromSeconds(30)).SelectMany(s => s).Order().ToList();

        // And approached: 48 a second together, or as near as fifty shared out in whole permits allows (9 × 5 = 45).
        var perSecond = Math.Min(48, count * (50 / count));
        Assert.True(DeliveryTestKit.MaxInAnyWindow(together, TimeSpan.FromSeconds(1)) <= 50);
        Assert.True(together.Count >= (perSecond - 1) * 30, $"{together.Count} in 30 s");
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

    /// <summary>
    /// Each instance asks for a permit for a new conversation of one tenant whenever its limits allow, for
    /// <paramref name="duration"/> of fake time (the clock jumps to the next instant any of them may start);
    /// returns each instance's start instants.
    /// </summary>
    private static List<List<DateTimeOffset>> Hammer(FakeTimeProvider clock, List<DeliveryRateLimits> instances, TimeSpan duration)
    {
        var end = clock.GetUtcNow() + duration;
        var starts = instances.Select(_ => new List<DateTimeOffset>()).ToList();
        var next = 0;
        while (clock.GetUtcNow() < end)
        {
            var soonest = TimeSpan.MaxValue;
            for (var i = 0; i < instances.Count; i++)
            {
                TimeSpan wait;
                while ((wait = instances[i].TryAcquire(Conversation with { ConversationId = $"a:{next}" })) == TimeSpan.Zero)
                {
                    starts[i].Add(clock.GetUtcNow());
                    next++;
                }

                soonest = wait < soonest ? wait : soonest;
            }

            clock.Advance(soonest);
        }

        return starts;
    }
}
