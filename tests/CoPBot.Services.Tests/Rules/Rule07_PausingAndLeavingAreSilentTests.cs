using CoPBot.Cards;
using CoPBot.Cards.Builders;
using CoPBot.Services.App;
using CoPBot.Services.Domain;
using CoPBot.Services.Outbox;
using CoPBot.Services.Views;
using CoPBot.Testing;
using static CoPBot.Testing.TestWorld;

namespace CoPBot.Services.Tests.Rules;

/// <summary>
/// Rule 7: every invitation carries "stop inviting me"; pausing until a date resumes by itself; leaving is never
/// announced; rejoining is as easy. None of these writes a message for anyone.
/// </summary>
public class Rule07_PausingAndLeavingAreSilentTests
{
    [Theory, StorageProviders]
    public async Task LeaveAsync_Member_WritesNoMessageAndStopsInvitations(string provider)
    {
        await using var world = await CreateAsync(provider);
        var olga = await world.PersonAsync("Olga");
        var network = await world.NetworkAsync(olga, "IdeaLab");
        var ana = await world.PersonAsync("Ana");
        var ben = await world.PersonAsync("Ben");
        await world.JoinAsync(ana, network.Handle);
        await world.JoinAsync(ben, network.Handle);

        await world.UseAsync<NetworkService, NetworkSummary>(n => n.LeaveAsync(ana, network.Handle, Cancellation));

        Assert.Empty(await world.OutboxAsync());
        var membership = await world.MembershipAsync(ana, network.Handle);
        Assert.False(membership!.IsActive);
        var session = await world.SessionAsync(olga, network.Handle, TimeSpan.FromDays(7));
        var run = await world.SendInvitationsAsync(olga, session);
        Assert.Equal(1, run.Invited);
        Assert.DoesNotContain(await world.OutboxAsync(), o => o.PersonId == ana.PersonId);
    }

    [Theory, StorageProviders]
    public async Task JoinAsync_AfterLeaving_RejoinsAndIsInvitedToOpenSessions(string provider)
    {
        await using var world = await CreateAsync(provider);
        var olga = await world.PersonAsync("Olga");
        var network = await world.NetworkAsync(olga, "IdeaLab");
        var ana = await world.PersonAsync("Ana");
        var ben = await world.PersonAsync("Ben");
        await world.JoinAsync(ana, network.Handle);
        await world.JoinAsync(ben, network.Handle);
        await world.UseAsync<NetworkService, NetworkSummary>(n => n.LeaveAsync(ana, network.Handle, Cancellation));
        var session = await world.SessionAsync(olga, network.Handle, TimeSpan.FromDays(7));
        await world.SendInvitationsAsync(olga, session);

        var rejoined = await world.JoinAsync(ana, network.Handle);

        Assert.True(rejoined.Network.IsMember);
        Assert.Equal(1, rejoined.Invited);
        Assert.True((await world.MembershipAsync(ana, network.Handle))!.IsActive);
        Assert.Single(await world.OutboxAsync(), o => o.PersonId == ana.PersonId && o.Kind == OutboxKind.Invitation);
    }

    [Theory, StorageProviders]
    public async Task PauseAsync_UntilADate_SilentNoInvitationsThenResumesByItself(string provider)
    {
        await using var world = await CreateAsync(provider);
        var olga = await world.PersonAsync("Olga");
        var network = await world.NetworkAsync(olga, "IdeaLab");
        var ana = await world.PersonAsync("Ana");
        await world.JoinAsync(ana, network.Handle);
        var until = DateOnly.FromDateTime(world.Now).AddDays(10);

        await world.UseAsync<NetworkService, NetworkSummary>(n => n.PauseAsync(ana, network.Handle, until, Cancellation));

        Assert.Empty(await world.OutboxAsync());
        var during = await world.SessionAsync(olga, network.Handle, TimeSpan.FromDays(20));
        Assert.Equal(0, (await world.SendInvitationsAsync(olga, during)).Invited);
        Assert.False((await world.MembershipAsync(ana, network.Handle))!.WantsInvitations(DateOnly.FromDateTime(world.Now)));

        world.Advance(TimeSpan.FromDays(10));

        Assert.True((await world.MembershipAsync(ana, network.Handle))!.WantsInvitations(DateOnly.FromDateTime(world.Now)));
        var after = await world.SessionAsync(olga, network.Handle, TimeSpan.FromDays(20));
        Assert.Equal(1, (await world.SendInvitationsAsync(olga, after)).Invited);
        Assert.Single(await world.OutboxAsync(), o => o.PersonId == ana.PersonId && o.SessionId == after.Id);
    }

    [Theory, StorageProviders]
    public async Task PauseAsync_DateNotInTheFuture_Refused(string provider)
    {
        await using var world = await CreateAsync(provider);
        var olga = await world.PersonAsync("Olga");
        var network = await world.NetworkAsync(olga, "IdeaLab");
        var ana = await world.PersonAsync("Ana");
        await world.JoinAsync(ana, network.Handle);

        await Assert.ThrowsAsync<DomainException>(() =>
            world.UseAsync<NetworkService, NetworkSummary>(n => n.PauseAsync(ana, network.Handle, DateOnly.FromDateTime(world.Now), Cancellation)));

        Assert.Null((await world.MembershipAsync(ana, network.Handle))!.PausedUntil);
    }

    [Theory, StorageProviders]
    public async Task StopInvitingAsync_Member_SilentlyBecomesAnnouncementsOnly(string provider)
    {
        await using var world = await CreateAsync(provider);
        var olga = await world.PersonAsync("Olga");
        var network = await world.NetworkAsync(olga, "IdeaLab");
        var ana = await world.PersonAsync("Ana");
        await world.JoinAsync(ana, network.Handle);

        var summary = await world.UseAsync<NetworkService, NetworkSummary>(n => n.StopInvitingAsync(ana, network.Handle, Cancellation));

        Assert.True(summary.IsMember);
        Assert.Equal(MembershipLevel.AnnouncementsOnly, summary.Level);
        Assert.Empty(await world.OutboxAsync());
        var session = await world.SessionAsync(olga, network.Handle, TimeSpan.FromDays(7));
        Assert.Equal(0, (await world.SendInvitationsAsync(olga, session)).Invited);
    }

    [Theory, StorageProviders]
    public async Task LeavePauseStop_WithAQueuedInvitation_WithdrawItAndWriteNothingElse(string provider)
    {
        await using var world = await CreateAsync(provider);
        var olga = await world.PersonAsync("Olga");
        var network = await world.NetworkAsync(olga, "IdeaLab");
        var leaver = await world.PersonAsync("Lea");
        var pauser = await world.PersonAsync("Pat");
        var stopper = await world.PersonAsync("Stu");
        foreach (var person in new[] { leaver, pauser, stopper })
        {
            await world.JoinAsync(person, network.Handle);
        }

        // Queued in quiet hours, so still waiting to be sent.
        world.AdvanceTo(world.Now.Date.AddHours(22));
        var session = await world.SessionAsync(olga, network.Handle, TimeSpan.FromDays(7));
        await world.SendInvitationsAsync(olga, session);
        var queued = await world.OutboxAsync();
        Assert.Equal(3, queued.Count);

        await world.UseAsync<NetworkService, NetworkSummary>(n => n.LeaveAsync(leaver, network.Handle, Cancellation));
        await world.UseAsync<NetworkService, NetworkSummary>(n => n.PauseAsync(pauser, network.Handle, DateOnly.FromDateTime(world.Now).AddDays(30), Cancellation));
        await world.UseAsync<NetworkService, NetworkSummary>(n => n.StopInvitingAsync(stopper, network.Handle, Cancellation));

        var after = await world.OutboxAsync();
        Assert.Equal(queued.Select(o => o.Id).Order(), after.Select(o => o.Id).Order());
        Assert.All(after, o => Assert.Equal(OutboxStatus.Withdrawn, o.Status));
    }

    [Theory, StorageProviders]
    public async Task InvitationCard_AnyInvitation_CarriesStopInvitingMe(string provider)
    {
        await using var world = await CreateAsync(provider);
        var olga = await world.PersonAsync("Olga");
        var network = await world.NetworkAsync(olga, "IdeaLab");
        var ana = await world.PersonAsync("Ana");
        await world.JoinAsync(ana, network.Handle);
        var session = await world.SessionAsync(olga, network.Handle, TimeSpan.FromDays(7));
        await world.SendInvitationsAsync(olga, session);
        var mine = await world.UseAsync<SessionService, SessionSummary>(s => s.GetAsync(ana, session.Reference, Cancellation));

        var card = SessionCards.Invitation(mine);

        var stop = Assert.Single(card.Actions, a => a.Verb == CardActions.StopInviting);
        Assert.Equal(network.Handle, stop.Data[CardActions.NetworkKey]);
    }
}
