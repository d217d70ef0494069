using CoPBot.Services.App;
using CoPBot.Services.Domain;
using CoPBot.Services.Outbox;
using CoPBot.Services.Views;
using CoPBot.Testing;
using static CoPBot.Testing.TestWorld;

namespace CoPBot.Services.Tests.Rules;

/// <summary>
/// Rule 10: each network keeps its rhythm with a message budget; attention is protected by quiet hours in the
/// person's own zone and a per-person weekly cap. Deferred, never dropped.
/// </summary>
public class Rule10_RhythmBudgetQuietHoursAndCapTests
{
    [Theory, StorageProviders]
    public async Task SendInvitationsAsync_DuringQuietHoursInThePersonsZone_DeferredToTheirMorning(string provider)
    {
        await using var world = await CreateAsync(provider);
        var olga = await world.PersonAsync("Olga");
        var network = await world.NetworkAsync(olga, "IdeaLab");
        var chicago = await world.PersonAsync("Carla", timeZone: "America/Chicago");
        var london = await world.PersonAsync("Lars", timeZone: "Europe/London");
        await world.JoinAsync(chicago, network.Handle);
        await world.JoinAsync(london, network.Handle);
        var session = await world.SessionAsync(olga, network.Handle, TimeSpan.FromDays(10));
        // 04:00 UTC on Tuesday 2 March 2027 is 22:00 on Monday in Chicago (CST, UTC-6) and 04:00 in London (GMT).
        world.AdvanceTo(new DateTime(2027, 3, 2, 4, 0, 0, DateTimeKind.Utc));

        await world.SendInvitationsAsync(olga, session);

        var outbox = await world.OutboxAsync();
        var toChicago = outbox.Single(o => o.PersonId == chicago.PersonId);
        var toLondon = outbox.Single(o => o.PersonId == london.PersonId);
        Assert.Equal(OutboxStatus.Pending, toChicago.Status);
        Assert.Equal(DeferReason.QuietHours, toChicago.Deferred);
        Assert.Equal(new DateTime(2027, 3, 2, 14, 0, 0, DateTimeKind.Utc), toChicago.NotBefore);
        Assert.Equal(DeferReason.QuietHours, toLondon.Deferred);
        Assert.Equal(new DateTime(2027, 3, 2, 8, 0, 0, DateTimeKind.Utc), toLondon.NotBefore);
    }

    [Theory, StorageProviders]
    public async Task SendInvitationsAsync_OutsideQuietHours_DueNow(string provider)
    {
        await using var world = await CreateAsync(provider);
        var olga = await world.PersonAsync("Olga");
        var network = await world.NetworkAsync(olga, "IdeaLab");
        var ana = await world.PersonAsync("Ana");
        await world.JoinAsync(ana, network.Handle);
        var session = await world.SessionAsync(olga, network.Handle, TimeSpan.FromDays(10));

        await world.SendInvitationsAsync(olga, session);

        var message = Assert.Single(await world.OutboxAsync());
        Assert.Null(message.Deferred);
        Assert.Equal(world.Now, message.NotBefore);
    }

    [Theory, StorageProviders]
    public async Task SendInvitationsAsync_FourthInvitationInSevenDays_DeferredByTheWeeklyCap(string provider)
    {
        await using var world = await CreateAsync(provider);
        var olga = await world.PersonAsync("Olga");
        var network = await world.NetworkAsync(olga, "IdeaLab");
        var ana = await world.PersonAsync("Ana");
        await world.JoinAsync(ana, network.Handle);
        var first = world.Now;
        for (var day = 0; day < 4; day++)
        {
            var session = await world.SessionAsync(olga, network.Handle, TimeSpan.FromDays(20));
            await world.SendInvitationsAsync(olga, session);
            world.Advance(TimeSpan.FromDays(1));
        }

        var invitations = (await world.OutboxAsync()).Where(o => o.Kind == OutboxKind.Invitation).OrderBy(o => o.CreatedAt).ToList();

        Assert.Equal(4, invitations.Count);
        Assert.All(invitations.Take(3), o => Assert.Null(o.Deferred));
        Assert.Equal(DeferReason.WeeklyCap, invitations[3].Deferred);
        Assert.Equal(OutboxStatus.Pending, invitations[3].Status);
        Assert.True(invitations[3].NotBefore > first + TimeSpan.FromDays(7));
        Assert.True(invitations[3].NotBefore < first + TimeSpan.FromDays(8));
    }

    [Theory, StorageProviders]
    public async Task SendInvitationsAsync_PersonsOwnCapOfOne_DefersTheSecond(string provider)
    {
        await using var world = await CreateAsync(provider);
        var olga = await world.PersonAsync("Olga");
        var network = await world.NetworkAsync(olga, "IdeaLab");
        var ana = await world.PersonAsync("Ana");
        await world.JoinAsync(ana, network.Handle);
        await world.UseAsync<PeopleService, SettingsView>(p => p.UpdateSettingsAsync(ana, new SettingsChange { WeeklyInvitationCap = 1 }, Cancellation));
        var one = await world.SessionAsync(olga, network.Handle, TimeSpan.FromDays(20));
        var two = await world.SessionAsync(olga, network.Handle, TimeSpan.FromDays(21));

        await world.SendInvitationsAsync(olga, one);
        await world.SendInvitationsAsync(olga, two);

        var second = (await world.OutboxAsync()).Single(o => o.SessionId == two.Id);
        Assert.Equal(DeferReason.WeeklyCap, second.Deferred);
        Assert.True(second.NotBefore >= world.Now + TimeSpan.FromDays(7));
    }

    [Theory, StorageProviders]
    public async Task SendInvitationsAsync_FifthRoundIn30Days_RefusedByTheNetworksBudget(string provider)
    {
        await using var world = await CreateAsync(provider);
        var olga = await world.PersonAsync("Olga");
        var network = await world.NetworkAsync(olga, "IdeaLab");
        var ana = await world.PersonAsync("Ana");
        await world.JoinAsync(ana, network.Handle);
        var sessions = new List<SessionSummary>();
        for (var i = 0; i < 5; i++)
        {
            sessions.Add(await world.SessionAsync(olga, network.Handle, TimeSpan.FromDays(60 + i)));
        }

        for (var i = 0; i < 4; i++)
        {
            await world.SendInvitationsAsync(olga, sessions[i]);
            world.Advance(TimeSpan.FromDays(2));
        }

        var refused = await Assert.ThrowsAsync<DomainException>(() => world.SendInvitationsAsync(olga, sessions[4]));

        Assert.Contains("announcement", refused.Message, StringComparison.Ordinal);
        Assert.Null(await world.InvitationAsync(ana, sessions[4]));
        Assert.Equal(4, (await world.OutboxAsync()).Count);

        // The budget is a rhythm, not a ban: a month later the round may go out.
        world.Advance(TimeSpan.FromDays(30));
        Assert.Equal(1, (await world.SendInvitationsAsync(olga, sessions[4])).Invited);
    }

    [Theory, StorageProviders]
    public async Task SendInvitationsAsync_RepeatedForTheSameSession_DoesNotSpendTheBudget(string provider)
    {
        await using var world = await CreateAsync(provider);
        var olga = await world.PersonAsync("Olga");
        var network = await world.NetworkAsync(olga, "IdeaLab");
        var session = await world.SessionAsync(olga, network.Handle, TimeSpan.FromDays(60));
        for (var i = 0; i < 3; i++)
        {
            await world.SendInvitationsAsync(olga, await world.SessionAsync(olga, network.Handle, TimeSpan.FromDays(61 + i)));
        }

        await world.SendInvitationsAsync(olga, session);
        var again = await world.SendInvitationsAsync(olga, session);

        Assert.Equal(0, again.Invited);
    }
}
