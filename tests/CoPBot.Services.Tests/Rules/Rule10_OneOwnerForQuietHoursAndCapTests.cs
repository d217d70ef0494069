using CoPBot.Services.App;
using CoPBot.Services.Domain;
using CoPBot.Services.Outbox;
using CoPBot.Services.Views;
using CoPBot.Testing;
using static CoPBot.Testing.TestWorld;

namespace CoPBot.Services.Tests.Rules;

/// <summary>
/// Rule 10 has one owner: the writer's single path (a join, a colleague's invitation), its batch path (an organizer's
/// round) and the dispatcher at send time decide the weekly cap the same way, so an invitation is neither sent over
/// the cap nor held for ever.
/// </summary>
public class Rule10_OneOwnerForQuietHoursAndCapTests
{
    private static readonly string[] Console = ["console"];

    [Theory, StorageProviders]
    public async Task PrepareAsync_TwoInvitationsDueTogetherOverACapLoweredSince_OnlyTheFirstGoesAndTheSecondLater(string provider)
    {
        await using var world = await CreateAsync(provider);
        var olga = await world.PersonAsync("Olga");
        var network = await world.NetworkAsync(olga, "IdeaLab");
        var ana = await world.PersonAsync("Ana");
        await world.JoinAsync(ana, network.Handle);
        await world.UseAsync<PeopleService, SettingsView>(p => p.UpdateSettingsAsync(ana, new SettingsChange { WeeklyInvitationCap = 2 }, Cancellation));
        var one = await world.SessionAsync(olga, network.Handle, TimeSpan.FromDays(20));
        var two = await world.SessionAsync(olga, network.Handle, TimeSpan.FromDays(21));
        await world.SendInvitationsAsync(olga, one);
        world.Advance(TimeSpan.FromMinutes(1));
        await world.SendInvitationsAsync(olga, two);
        world.Advance(TimeSpan.FromMinutes(1));

        // Both are due; then Ana lowers her cap to one a week, and a dispatcher claims both at once.
        await world.UseAsync<PeopleService, SettingsView>(p => p.UpdateSettingsAsync(ana, new SettingsChange { WeeklyInvitationCap = 1 }, Cancellation));
        var claimed = await world.UseAsync<DeliveryService, IReadOnlyList<OutboxMessage>>(d => d.ClaimDueAsync("w1", Console, 10, TimeSpan.FromMinutes(5), Cancellation));
        var first = claimed.Single(m => m.SessionId == one.Id);
        var second = claimed.Single(m => m.SessionId == two.Id);

        // Prepared in the "wrong" order, as two parallel sends may be: the later one waits for the earlier one.
        var later = await world.UseAsync<DeliveryService, PreparedMessage>(d => d.PrepareAsync(second, Cancellation));
        var earlier = await world.UseAsync<DeliveryService, PreparedMessage>(d => d.PrepareAsync(first, Cancellation));

        Assert.Equal(PrepareOutcome.Deferred, later.Outcome);
        Assert.Equal(DeferReason.WeeklyCap, later.DeferReason);
        Assert.Equal(PrepareOutcome.Ready, earlier.Outcome);
        Assert.True(await world.UseAsync<DeliveryService, bool>(d => d.MarkSentAsync(first.Id, "w1", "m1", Cancellation)));
        var sentAt = world.Now;

        // Not held for ever: once the first leaves the seven days, the second goes.
        world.AdvanceTo(sentAt + AttentionBudget.CapWindow + TimeSpan.FromMinutes(1));
        var again = Assert.Single(await world.UseAsync<DeliveryService, IReadOnlyList<OutboxMessage>>(d => d.ClaimDueAsync("w1", Console, 10, TimeSpan.FromMinutes(5), Cancellation)));
        Assert.Equal(second.Id, again.Id);
        Assert.Equal(PrepareOutcome.Ready, (await world.UseAsync<DeliveryService, PreparedMessage>(d => d.PrepareAsync(again, Cancellation))).Outcome);
    }

    [Theory, StorageProviders]
    public async Task AllPaths_CapOfOne_JoinRoundAndColleagueInvitationAreSpacedAWeekApartAndSentWhenQueued(string provider)
    {
        await using var world = await CreateAsync(provider);
        var olga = await world.PersonAsync("Olga");
        var network = await world.NetworkAsync(olga, "IdeaLab");
        var other = await world.NetworkAsync(olga, "Facilitation");
        var one = await world.SessionAsync(olga, network.Handle, TimeSpan.FromDays(30));
        var two = await world.SessionAsync(olga, network.Handle, TimeSpan.FromDays(31));
        await world.SendInvitationsAsync(olga, one);
        var ana = await world.PersonAsync("Ana");
        await world.UseAsync<PeopleService, SettingsView>(p => p.UpdateSettingsAsync(ana, new SettingsChange { WeeklyInvitationCap = 1 }, Cancellation));

        // The single path (joining invites to the open session, sent at once), the batch path (a round), the single
        // path again (a colleague).
        await world.JoinAsync(ana, network.Handle);
        await SendDueAsync(world);
        world.Advance(TimeSpan.FromMinutes(1));
        await world.SendInvitationsAsync(olga, two);
        world.Advance(TimeSpan.FromMinutes(1));
        await world.UseAsync<NetworkService, ColleagueInviteResult>(n => n.InviteColleagueAsync(olga, other.Handle, ana.PersonId, Cancellation));

        var queued = (await world.OutboxAsync()).Where(o => o.PersonId == ana.PersonId).OrderBy(o => o.CreatedAt).ToList();
        Assert.Equal([OutboxKind.Invitation, OutboxKind.Invitation, OutboxKind.ColleagueInvitation], queued.Select(o => o.Kind));
        Assert.Null(queued[0].Deferred);
        Assert.Equal(DeferReason.WeeklyCap, queued[1].Deferred);
        Assert.Equal(DeferReason.WeeklyCap, queued[2].Deferred);
        Assert.True(queued[1].NotBefore >= queued[0].NotBefore + AttentionBudget.CapWindow);
        Assert.True(queued[2].NotBefore >= queued[1].NotBefore + AttentionBudget.CapWindow);

        // The dispatcher sends each at the slot the writer gave it, not later and not earlier.
        foreach (var message in queued.Skip(1))
        {
            world.AdvanceTo(message.NotBefore - TimeSpan.FromSeconds(1));
            Assert.Empty(await world.UseAsync<DeliveryService, IReadOnlyList<OutboxMessage>>(d => d.ClaimDueAsync("w1", Console, 10, TimeSpan.FromMinutes(5), Cancellation)));
            world.AdvanceTo(message.NotBefore);
            Assert.Equal(message.Id, await SendDueAsync(world));
        }
    }

    /// <summary>Claims the one due message, checks the dispatcher would send it now, and marks it sent.</summary>
    private static async Task<Guid> SendDueAsync(TestWorld world)
    {
        var claimed = Assert.Single(await world.UseAsync<DeliveryService, IReadOnlyList<OutboxMessage>>(d => d.ClaimDueAsync("w1", Console, 10, TimeSpan.FromMinutes(5), Cancellation)));
        var prepared = await world.UseAsync<DeliveryService, PreparedMessage>(d => d.PrepareAsync(claimed, Cancellation));
        Assert.Equal(PrepareOutcome.Ready, prepared.Outcome);
        Assert.True(await world.UseAsync<DeliveryService, bool>(d => d.MarkSentAsync(claimed.Id, "w1", null, Cancellation)));
        return claimed.Id;
    }

    [Fact]
    public void Decide_QuietHoursEndWhereTheCapIsFull_WaitsForTheCapToo()
    {
        var person = new Person { DisplayName = "Ana", TimeZoneId = "UTC" };
        var evening = new DateTime(2027, 3, 1, 22, 0, 0, DateTimeKind.Utc);
        var morning = new DateTime(2027, 3, 2, 8, 0, 0, DateTimeKind.Utc);

        // Three invitations already wait for tomorrow morning: a fourth at 22:00 cannot go then as well.
        var (when, reason) = AttentionBudget.Decide(person, OutboxKind.Invitation, evening, [morning, morning, morning]);

        Assert.Equal(DeferReason.QuietHours, reason);
        Assert.Equal(morning + AttentionBudget.CapWindow + TimeSpan.FromMinutes(1), when);
        Assert.Equal((morning, DeferReason.QuietHours), AttentionBudget.Decide(person, OutboxKind.Reminder, evening, [morning, morning, morning]));
    }
}
