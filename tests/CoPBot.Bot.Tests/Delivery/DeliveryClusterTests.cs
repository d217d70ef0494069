using System.ComponentModel.DataAnnotations;
using CoPBot.Bot.Conversation;
using CoPBot.Bot.Delivery;
using CoPBot.Services.Outbox;
using CoPBot.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using static CoPBot.Testing.TestWorld;

namespace CoPBot.Bot.Tests.Delivery;

/// <summary>
/// Several dispatchers on one database (SQLite and PostgreSQL), each with its own rate limits as separate processes
/// would have: heartbeats, the shared tenant limit, claims given back, and sends whose outcome nobody learnt.
/// </summary>
public class DeliveryClusterTests
{
    private static readonly TimeSpan Lease = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan LiveFor = TimeSpan.FromSeconds(15);
    private static readonly string[] Teams = [ChatChannels.Teams];
    private static readonly TimeSpan ConversationQuiet = DeliveryService.ConversationQuietTime;

    [Theory, StorageProviders]
    public async Task HeartbeatAsync_WorkersOnSeveralChannelsOneSilent_CountsTheLiveOnesPerChannel(string provider)
    {
        await using var world = await DeliveryTestKit.CreateAsync(provider);
        await world.UseAsync<DeliveryService>(d => d.HeartbeatAsync("silent", Teams, Lease, LiveFor, Cancellation));
        world.Advance(LiveFor + TimeSpan.FromSeconds(1));
        await world.UseAsync<DeliveryService>(d => d.HeartbeatAsync("a", Teams, Lease, LiveFor, Cancellation));
        await world.UseAsync<DeliveryService>(d => d.HeartbeatAsync("b", [ChatChannels.Slack, ChatChannels.Teams], Lease, LiveFor, Cancellation));

        var live = await world.UseAsync<DeliveryService, IReadOnlyDictionary<string, int>>(d => d.HeartbeatAsync("a", Teams, Lease, LiveFor, Cancellation));

        Assert.Equal(2, live[ChatChannels.Teams]);
        Assert.Equal(1, live[ChatChannels.Slack]);
        Assert.Equal(3, await world.DbAsync(db => Task.FromResult(db.DeliveryWorkers.Count())));
    }

    [Theory, StorageProviders]
    public async Task HeartbeatAsync_TwoOwnersHoldClaims_OnlyTheBeatingOnesClaimsOutlastTheLease(string provider)
    {
        await using var world = await DeliveryTestKit.CreateAsync(provider, new RecordingSender(ChatChannels.Teams));
        var session = await world.SessionToPostAboutAsync();
        await world.QueueTeamsPostsToManyConversationsAsync(session, 4);
        var alive = await world.UseAsync<DeliveryService, IReadOnlyList<OutboxMessage>>(d => d.ClaimDueAsync("alive", Teams, 2, Lease, Cancellation));
        var dead = await world.UseAsync<DeliveryService, IReadOnlyList<OutboxMessage>>(d => d.ClaimDueAsync("dead", Teams, 2, Lease, Cancellation));

        // "alive" beats every 5 s; "dead" never again.
        for (var elapsed = TimeSpan.Zero; elapsed <= Lease; elapsed += TimeSpan.FromSeconds(5))
        {
            world.Advance(TimeSpan.FromSeconds(5));
            await world.UseAsync<DeliveryService>(d => d.HeartbeatAsync("alive", Teams, Lease, LiveFor, Cancellation));
        }

        var takenOver = await world.UseAsync<DeliveryService, IReadOnlyList<OutboxMessage>>(d => d.ClaimDueAsync("successor", Teams, 10, Lease, Cancellation));

        Assert.Equal(dead.Select(m => m.Id).Order(), takenOver.Select(m => m.Id).Order());
        Assert.DoesNotContain(takenOver, m => alive.Any(a => a.Id == m.Id));
        Assert.True(await world.UseAsync<DeliveryService, bool>(d => d.BeginSendAsync(alive[0].Id, "alive", Lease, Cancellation)));
    }

    [Theory, StorageProviders]
    public async Task LeaveAsync_DispatcherStops_ItsClaimsAreClaimableAtOnceAndItNoLongerCounts(string provider)
    {
        await using var world = await DeliveryTestKit.CreateAsync(provider, new RecordingSender(ChatChannels.Teams));
        var session = await world.SessionToPostAboutAsync();
        var ids = await world.QueueTeamsPostsToManyConversationsAsync(session, 3);
        await world.UseAsync<DeliveryService>(d => d.HeartbeatAsync("leaving", Teams, Lease, LiveFor, Cancellation));
        await world.UseAsync<DeliveryService, IReadOnlyList<OutboxMessage>>(d => d.ClaimDueAsync("leaving", Teams, 10, Lease, Cancellation));

        await world.UseAsync<DeliveryService>(d => d.LeaveAsync("leaving", Cancellation));
        var claimed = await world.UseAsync<DeliveryService, IReadOnlyList<OutboxMessage>>(d => d.ClaimDueAsync("other", Teams, 10, Lease, Cancellation));
        var live = await world.UseAsync<DeliveryService, IReadOnlyDictionary<string, int>>(d => d.HeartbeatAsync("other", Teams, Lease, LiveFor, Cancellation));

        Assert.Equal(ids.Order(), claimed.Select(m => m.Id).Order());
        Assert.Equal(1, live[ChatChannels.Teams]);
    }

    // Several instances need PostgreSQL (SQLite is the one-instance store), so these two run there only.
    [Fact]
    public async Task RunOnceAsync_ThreeProcessesBeatingOnOneTenant_TogetherNeverOverFiftyInAnySecond()
    {
        var (times, perInstance) = await SendThroughThreeProcessesAsync(beat: true);

        Assert.True(DeliveryTestKit.MaxInAnyWindow(times, TimeSpan.FromSeconds(1)) <= 50);
        // Approached, not just respected: each takes its third (16 a second), so together 48 a second.
        Assert.True(DeliveryTestKit.MaxInAnyWindow(times, TimeSpan.FromSeconds(1)) >= 46);
        Assert.All(perInstance, sent => Assert.True(sent > 0));
    }

    [Fact]
    public async Task RunOnceAsync_ThreeProcessesNotBeating_TogetherExceedTheTenantLimit()
    {
        // The control for the test above: without heartbeats each process takes the whole limit for itself.
        var (times, _) = await SendThroughThreeProcessesAsync(beat: false);

        Assert.True(DeliveryTestKit.MaxInAnyWindow(times, TimeSpan.FromSeconds(1)) > 50);
    }

    [Theory, StorageProviders]
    public async Task RunOnceAsync_OwnerDiedMidSendAndThePlatformHasIt_RecordedAsSentAndNotSentAgain(string provider)
    {
        var teams = new RecordingSender(ChatChannels.Teams) { Lookup = _ => SentLookup.Found("already-there") };
        await using var world = await DeliveryTestKit.CreateAsync(provider, teams);
        var (id, startedAt) = await SendStartedByADeadInstanceAsync(world);

        await world.DrainAsync();

        var row = Assert.Single(await world.OutboxAsync());
        Assert.Empty(teams.Sends);
        Assert.Equal(OutboxStatus.Sent, row.Status);
        Assert.Equal("already-there", row.SentMessageId);
        Assert.Null(row.SendingSince);
        Assert.Equal((id, startedAt), Assert.Single(teams.Lookups));
    }

    [Theory, StorageProviders]
    public async Task RunOnceAsync_OwnerDiedMidSendAndThePlatformHasNothing_SentOnce(string provider)
    {
        var teams = new RecordingSender(ChatChannels.Teams) { Lookup = _ => SentLookup.NotFound };
        await using var world = await DeliveryTestKit.CreateAsync(provider, teams);
        var (id, _) = await SendStartedByADeadInstanceAsync(world);

        await world.DrainAsync();

        var row = Assert.Single(await world.OutboxAsync());
        Assert.Equal(id, Assert.Single(teams.Sends).Reply.OutboxId);
        Assert.Equal(OutboxStatus.Sent, row.Status);
        Assert.Single(teams.Lookups);
    }

    [Theory, StorageProviders]
    public async Task RunOnceAsync_OwnerDiedMidSendOnAPlatformThatCannotTell_SentAgainRatherThanNever(string provider)
    {
        var teams = new RecordingSender(ChatChannels.Teams);
        await using var world = await DeliveryTestKit.CreateAsync(provider, teams);
        await SendStartedByADeadInstanceAsync(world);

        await world.DrainAsync();

        Assert.Single(teams.Sends);
        Assert.Equal(OutboxStatus.Sent, Assert.Single(await world.OutboxAsync()).Status);
    }

    [Theory, StorageProviders]
    public async Task RunOnceAsync_SendTimedOutAfterThePlatformTookIt_NextAttemptFindsItAndDoesNotSendAgain(string provider)
    {
        var teams = new RecordingSender(ChatChannels.Teams);
        teams.Lookup = id => teams.Sends.Any(s => s.Reply.OutboxId == id) ? SentLookup.Found("found") : SentLookup.NotFound;
        teams.TimeOutAfterAccepting(1);
        await using var world = await DeliveryTestKit.CreateAsync(provider, teams);
        var session = await world.SessionToPostAboutAsync();
        await world.QueueTeamsPostsAsync(session, 1);

        await world.DrainAsync();
        var afterTimeout = Assert.Single(await world.OutboxAsync());
        world.Advance(TimeSpan.FromMinutes(2));
        await world.DrainAsync();

        var row = Assert.Single(await world.OutboxAsync());
        Assert.Equal(OutboxStatus.Pending, afterTimeout.Status);
        Assert.NotNull(afterTimeout.SendingSince);
        Assert.Single(teams.Sends);
        Assert.Equal(OutboxStatus.Sent, row.Status);
        Assert.Equal("found", row.SentMessageId);
    }

    [Theory, StorageProviders]
    public async Task RunOnceAsync_ClaimAbandonedBeforeAnySend_NoLookupAndSentOnce(string provider)
    {
        var teams = new RecordingSender(ChatChannels.Teams);
        await using var world = await DeliveryTestKit.CreateAsync(provider, teams);
        var session = await world.SessionToPostAboutAsync();
        await world.QueueTeamsPostsAsync(session, 1);
        await world.UseAsync<DeliveryService, IReadOnlyList<OutboxMessage>>(d => d.ClaimDueAsync("dead", Teams, 10, Lease, Cancellation));
        world.Advance(Lease + TimeSpan.FromSeconds(1));

        await world.DrainAsync();

        Assert.Empty(teams.Lookups);
        Assert.Single(teams.Sends);
    }

    [Fact]
    public void DeliveryOptions_LeaseShorterThanThreeHeartbeats_IsRefused()
    {
        var tooShort = new DeliveryOptions { Lease = TimeSpan.FromSeconds(10), Heartbeat = TimeSpan.FromSeconds(5) };
        var defaults = new DeliveryOptions();
        var results = new List<ValidationResult>();

        var valid = Validator.TryValidateObject(tooShort, new ValidationContext(tooShort), results, validateAllProperties: true);

        Assert.False(valid);
        Assert.Contains(results, r => r.MemberNames.Contains(nameof(DeliveryOptions.Lease)));
        Assert.True(Validator.TryValidateObject(defaults, new ValidationContext(defaults), [], validateAllProperties: true));
    }

    [Fact]
    public async Task ClaimDueAsync_ConversationAnotherInstanceSendsTo_LeftToItUntilTwoSecondsAfterItsLastSend()
    {
        await using var world = await DeliveryTestKit.CreateAsync(StorageProvider.PostgresName, new RecordingSender(ChatChannels.Teams));
        var session = await world.SessionToPostAboutAsync();
        var room = await world.QueueTeamsPostsAsync(session, 3, conversation: "19:room@thread.tacv2");
        world.Advance(TimeSpan.FromMilliseconds(1));
        var elsewhere = Assert.Single(await world.QueueTeamsPostsAsync(session, 1, conversation: "19:elsewhere@thread.tacv2"));
        Task<IReadOnlyList<OutboxMessage>> ClaimAsync(string owner) =>
            world.UseAsync<DeliveryService, IReadOnlyList<OutboxMessage>>(d => d.ClaimDueAsync(owner, Teams, 10, Lease, Cancellation));

        var first = await world.UseAsync<DeliveryService, IReadOnlyList<OutboxMessage>>(d => d.ClaimDueAsync("a", Teams, 1, Lease, Cancellation));
        var whileAHoldsIt = await ClaimAsync("b");
        Assert.True(await world.UseAsync<DeliveryService, bool>(d => d.MarkSentAsync(first[0].Id, "a", "sent-by-a", Cancellation)));
        world.Advance(TimeSpan.FromSeconds(1));
        var rightAfterASent = await ClaimAsync("b");
        world.Advance(ConversationQuiet);
        var later = await ClaimAsync("b");

        Assert.Contains(Assert.Single(first).Id, room);
        Assert.Equal(elsewhere, Assert.Single(whileAHoldsIt).Id);
        Assert.Empty(rightAfterASent);
        Assert.Equal(room.Except([first[0].Id]).Order(), later.Select(m => m.Id).Order());
    }

    [Theory, StorageProviders]
    public async Task OutboxDispatcherService_StartedBesideALiveInstance_JoinsWaitsOneBeatBeforeSendingAndLeaves(string provider)
    {
        var teams = new RecordingSender(ChatChannels.Teams);
        await using var world = await DeliveryTestKit.CreateAsync(provider, teams);
        var session = await world.SessionToPostAboutAsync();
        var ids = await world.QueueTeamsPostsToManyConversationsAsync(session, 3);
        await world.UseAsync<DeliveryService>(d => d.HeartbeatAsync("other", [ChatChannels.Console, ChatChannels.Teams], Lease, LiveFor, Cancellation));
        var settings = new DeliveryOptions { Heartbeat = TimeSpan.FromSeconds(5), MaxPermitWait = TimeSpan.Zero };
        using var service = new OutboxDispatcherService(world.Dispatcher(), world.Clock, Options.Create(settings), NullLogger<OutboxDispatcherService>.Instance);

        await service.StartAsync(Cancellation);
        await EventuallyAsync(() => world.DbAsync(db => db.DeliveryWorkers.AnyAsync(Cancellation)));
        var sentBeforeTheBeat = teams.Sends.Count;
        await EventuallyAsync(() =>
        {
            // The service may not be waiting on the clock yet: move it a second at a time until the sends are done.
            world.Advance(TimeSpan.FromSeconds(1));
            return Task.FromResult(teams.Sends.Count == ids.Count);
        });
        await service.StopAsync(Cancellation);

        Assert.Equal(0, sentBeforeTheBeat);
        Assert.Equal(ids.Count, teams.Sends.Count);
        Assert.Equal(["other"], await world.DbAsync(db => db.DeliveryWorkers.Select(w => w.Owner).ToListAsync(Cancellation)));
    }

    [Theory, StorageProviders]
    public async Task OutboxDispatcherService_AloneOnItsChannels_SendsWithoutWaitingABeat(string provider)
    {
        var teams = new RecordingSender(ChatChannels.Teams);
        await using var world = await DeliveryTestKit.CreateAsync(provider, teams);
        var session = await world.SessionToPostAboutAsync();
        var ids = await world.QueueTeamsPostsToManyConversationsAsync(session, 3);
        var settings = new DeliveryOptions { Heartbeat = TimeSpan.FromSeconds(5), MaxPermitWait = TimeSpan.Zero };
        using var service = new OutboxDispatcherService(world.Dispatcher(), world.Clock, Options.Create(settings), NullLogger<OutboxDispatcherService>.Instance);
        var joinedAt = world.Now;

        // Nobody else is live: the clock never moves, and still everything goes out.
        await service.StartAsync(Cancellation);
        await EventuallyAsync(() => Task.FromResult(teams.Sends.Count == ids.Count));
        await service.StopAsync(Cancellation);

        Assert.All(teams.Sends, send => Assert.Equal(joinedAt, send.At.UtcDateTime));
        Assert.False(await world.DbAsync(db => db.DeliveryWorkers.AnyAsync(Cancellation)));
    }

    [Theory, StorageProviders]
    public async Task OutboxDispatcherService_StoppedWhileWaitingToJoin_LeavesAndSendsNothing(string provider)
    {
        var teams = new RecordingSender(ChatChannels.Teams);
        await using var world = await DeliveryTestKit.CreateAsync(provider, teams);
        var session = await world.SessionToPostAboutAsync();
        await world.QueueTeamsPostsToManyConversationsAsync(session, 2);
        await world.UseAsync<DeliveryService>(d => d.HeartbeatAsync("other", [ChatChannels.Console, ChatChannels.Teams], Lease, LiveFor, Cancellation));
        using var service = new OutboxDispatcherService(world.Dispatcher(), world.Clock, Options.Create(new DeliveryOptions()), NullLogger<OutboxDispatcherService>.Instance);

        await service.StartAsync(Cancellation);
        await EventuallyAsync(() => world.DbAsync(db => db.DeliveryWorkers.CountAsync(Cancellation)).ContinueWith(count => count.Result == 2, TaskScheduler.Default));
        await service.StopAsync(Cancellation);

        Assert.Empty(teams.Sends);
        Assert.Equal(["other"], await world.DbAsync(db => db.DeliveryWorkers.Select(w => w.Owner).ToListAsync(Cancellation)));
    }

    /// <summary>Waits (in real time, at most ten seconds) for background work to reach a state.</summary>
    private static async Task EventuallyAsync(Func<Task<bool>> condition)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        while (!await condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "the background work did not get there in ten seconds");
            await Task.Delay(TimeSpan.FromMilliseconds(20), TestContext.Current.CancellationToken);
        }
    }

    /// <summary>
    /// A row whose send an instance began (lease renewed, send marked in flight) before it died without an outcome;
    /// the clock is then past the lease. Returns the row and the instant the send began.
    /// </summary>
    private static async Task<(Guid Id, DateTime StartedAt)> SendStartedByADeadInstanceAsync(TestWorld world)
    {
        var session = await world.SessionToPostAboutAsync();
        var id = Assert.Single(await world.QueueTeamsPostsAsync(session, 1));
        await world.UseAsync<DeliveryService, IReadOnlyList<OutboxMessage>>(d => d.ClaimDueAsync("dead", Teams, 10, Lease, Cancellation));
        var startedAt = world.Now;
        Assert.True(await world.UseAsync<DeliveryService, bool>(d => d.BeginSendAsync(id, "dead", Lease, Cancellation)));
        world.Advance(Lease + TimeSpan.FromSeconds(1));
        return (id, startedAt);
    }

    /// <summary>
    /// Three dispatchers on PostgreSQL, each with its own limits as three processes have, take turns on 150 posts to as
    /// many conversations of one tenant while the fake clock moves in 20 ms steps. Returns the send instants, sorted,
    /// and how many each dispatcher sent.
    /// </summary>
    private static async Task<(List<DateTimeOffset> Times, int[] PerInstance)> SendThroughThreeProcessesAsync(bool beat)
    {
        var teams = new RecordingSender(ChatChannels.Teams);
        await using var world = await DeliveryTestKit.CreateAsync(StorageProvider.PostgresName, teams);
        var session = await world.SessionToPostAboutAsync();
        var ids = await world.QueueTeamsPostsToManyConversationsAsync(session, 150);
        OutboxDispatcher[] instances = [world.OtherProcess(), world.OtherProcess(), world.OtherProcess()];
        var perInstance = new int[instances.Length];
        if (beat)
        {
            // Each joins, then beats again once all have joined (in the host: one heartbeat's wait before sending).
            foreach (var instance in instances.Concat(instances))
            {
                await instance.HeartbeatAsync(Cancellation);
            }
        }

        for (var step = 0; step < 2_000 && teams.Sends.Count < ids.Count; step++)
        {
            for (var i = 0; i < instances.Length; i++)
            {
                var before = teams.Sends.Count;
                await instances[i].RunOnceAsync(Cancellation, batchSize: 2);
                perInstance[i] += teams.Sends.Count - before;
            }

            world.Advance(TimeSpan.FromMilliseconds(20));
        }

        Assert.Equal(ids.Count, teams.Sends.Count);
        Assert.Equal(ids.Count, (await world.OutboxAsync()).Count(r => r.Status == OutboxStatus.Sent));
        return (teams.Sends.Select(s => s.At).Order().ToList(), perInstance);
    }
}
