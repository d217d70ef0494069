using CoPBot.Bot.Conversation;
using CoPBot.Bot.Delivery;
using CoPBot.Bot.Tests.Delivery;
using CoPBot.Services.Addresses;
using Microsoft.Extensions.DependencyInjection;

namespace CoPBot.Bot.Tests.Teams;

/// <summary>A Teams tenant's 50 requests a second, as the connector counts them: when they arrive.</summary>
public sealed class TeamsTenantLimitTests
{
    private const string ServiceUrl = "http://127.0.0.1:38777/_connector";

    [Fact]
    public async Task SendAsync_MachineStallsBetweenPermitAndWire_NeverMoreThanFiftyArriveInAnySecond()
    {
        using var host = new TeamsTestHost();
        host.Connector.Clock = host.Time;
        // A starved machine: for the first 100 ms of every two seconds nothing gets through, and what started meanwhile
        // arrives together at the end of it. Fifty permits in any 1.04 s then put fifty-five into one second of arrivals.
        var start = host.Time.GetUtcNow();
        var stall = TimeSpan.FromMilliseconds(100);
        host.Connector.Transit = _ => (host.Time.GetUtcNow() - start).Ticks % TimeSpan.FromSeconds(2).Ticks is var phase && phase < stall.Ticks
            ? stall - TimeSpan.FromTicks(phase)
            : TimeSpan.Zero;
        var limits = host.Services.GetRequiredService<DeliveryRateLimits>();
        var sender = host.Services.GetServices<IChatSender>().Single(s => s.Channel == ChatChannels.Teams);
        var members = Enumerable.Range(0, 300)
            .Select(i => new ChatAddress(ChatChannels.Teams, TeamsTestHost.TenantId, $"a:member-{i}", ChatAddressKind.Personal, $"29:member-{i}", ServiceUrl))
            .ToList();

        // As the dispatcher does: a permit from the pace, then the send; the fake clock moves a millisecond at a time.
        var sends = new List<Task<SendResult>>();
        var next = 0;
        for (var step = 0; step < 60_000 && (next < members.Count || sends.Any(s => !s.IsCompleted)); step++)
        {
            while (next < members.Count && limits.TryAcquire(members[next]) == TimeSpan.Zero)
            {
                sends.Add(sender.SendAsync(members[next++], ChatReply.Say("You're invited"), TestContext.Current.CancellationToken));
            }

            host.Time.Advance(TimeSpan.FromMilliseconds(1));
            await Task.Yield();
        }

        var results = await Task.WhenAll(sends);
        var arrivals = host.Connector.Arrivals.Order().ToList();
        Assert.All(results, r => Assert.True(r.Ok, r.Error));
        Assert.Equal(members.Count, arrivals.Count);
        Assert.True(DeliveryTestKit.MaxInAnyWindow(arrivals, TimeSpan.FromSeconds(1)) <= DeliveryRateLimits.TenantPerSecond, $"{DeliveryTestKit.MaxInAnyWindow(arrivals, TimeSpan.FromSeconds(1))} in a second");
        // And still close to the pace: 300 at 48 a second take about 6.2 s.
        Assert.True(arrivals[^1] - arrivals[0] < TimeSpan.FromSeconds(300 / 44.0), $"{(arrivals[^1] - arrivals[0]).TotalSeconds} s");
    }

    [Fact]
    public async Task UpdateAsync_TenantWindowFull_WaitsUntilTheOldestAnswerIsASecondOld()
    {
        using var host = new TeamsTestHost();
        host.Connector.Clock = host.Time;
        var limits = host.Services.GetRequiredService<DeliveryRateLimits>();
        var sender = host.Services.GetServices<IChatSender>().Single(s => s.Channel == ChatChannels.Teams);
        var organizer = new ChatAddress(ChatChannels.Teams, TeamsTestHost.TenantId, "a:organizer", ChatAddressKind.Personal, "29:organizer", ServiceUrl);
        var held = new List<IDisposable>();
        for (var i = 0; i < DeliveryRateLimits.TenantPerSecond; i++)
        {
            held.Add(await limits.EnterTeamsTenantAsync(TeamsTestHost.TenantId, TestContext.Current.CancellationToken));
        }

        held.ForEach(slot => slot.Dispose());
        var update = sender.UpdateAsync(organizer, "activity-1", new ChatReply { Text = "Sent 50 of 100" }, TestContext.Current.CancellationToken);
        host.Time.Advance(TimeSpan.FromMilliseconds(999));
        await Task.Yield();
        var early = update.IsCompleted;
        host.Time.Advance(TimeSpan.FromMilliseconds(1));
        var result = await update;

        Assert.False(early);
        Assert.True(result.Ok, result.Error);
        Assert.Equal(host.Time.GetUtcNow(), Assert.Single(host.Connector.Arrivals));
    }
}
