using CoPBot.Services.App;
using CoPBot.Services.Domain;
using CoPBot.Testing;
using Microsoft.EntityFrameworkCore;
using static CoPBot.Testing.TestWorld;

namespace CoPBot.Services.Tests.Rules;

/// <summary>Rule 1: membership starts only with the person's own act (join, or accepting a personal invitation).</summary>
public class Rule01_NobodyIsEnrolledByAnyoneElseTests
{
    [Fact]
    public void MembershipStart_ActorIsSomeoneElse_Throws()
    {
        var organizer = Guid.NewGuid();
        var person = Guid.NewGuid();

        var ex = Assert.Throws<DomainException>(() => Membership.Start(organizer, person, Guid.NewGuid(), MembershipLevel.Invitations, DateTime.UtcNow));

        Assert.Contains("invite a colleague", ex.Message, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void MembershipRejoin_ActorIsSomeoneElse_Throws()
    {
        var person = Guid.NewGuid();
        var membership = Membership.Start(person, person, Guid.NewGuid(), MembershipLevel.Invitations, DateTime.UtcNow);
        membership.Leave(DateTime.UtcNow);

        Assert.Throws<DomainException>(() => membership.Rejoin(Guid.NewGuid(), MembershipLevel.Invitations, DateTime.UtcNow));
        Assert.False(membership.IsActive);
    }

    [Theory, StorageProviders]
    public async Task ResolveAsync_NewPerson_IsMemberOfNothing(string provider)
    {
        await using var world = await CreateAsync(provider);
        var olga = await world.PersonAsync("Olga");
        await world.NetworkAsync(olga, "IdeaLab");

        var ana = await world.PersonAsync("Ana", "Planning");

        Assert.Equal(0, await world.DbAsync(db => db.Memberships.CountAsync(m => m.PersonId == ana.PersonId, Cancellation)));
        var mine = await world.UseAsync<NetworkService, IReadOnlyList<Views.NetworkSummary>>(n => n.MineAsync(ana, Cancellation));
        Assert.Empty(mine);
    }

    [Theory, StorageProviders]
    public async Task InviteColleagueAsync_ColleagueHasNotAnswered_CreatesNoMembership(string provider)
    {
        await using var world = await CreateAsync(provider);
        var olga = await world.PersonAsync("Olga");
        var network = await world.NetworkAsync(olga, "IdeaLab");
        var ana = await world.PersonAsync("Ana");
        await world.JoinAsync(ana, network.Handle);
        var ben = await world.PersonAsync("Ben");

        var result = await world.UseAsync<NetworkService, ColleagueInviteResult>(n => n.InviteColleagueAsync(ana, network.Handle, ben.PersonId, Cancellation));

        Assert.Equal(ColleagueInviteOutcome.Invited, result.Outcome);
        Assert.Null(await world.MembershipAsync(ben, network.Handle));
        var summary = await world.UseAsync<NetworkService, Views.NetworkSummary>(n => n.GetAsync(ana, network.Handle, Cancellation));
        Assert.Equal(1, summary.MemberCount);
    }

    [Theory, StorageProviders]
    public async Task AnswerColleagueInvitationAsync_Accept_IsTheColleaguesOwnJoin(string provider)
    {
        await using var world = await CreateAsync(provider);
        var olga = await world.PersonAsync("Olga");
        var network = await world.NetworkAsync(olga, "IdeaLab");
        var ana = await world.PersonAsync("Ana");
        await world.JoinAsync(ana, network.Handle);
        var ben = await world.PersonAsync("Ben");
        await world.UseAsync<NetworkService, ColleagueInviteResult>(n => n.InviteColleagueAsync(ana, network.Handle, ben.PersonId, Cancellation));
        var invitation = await world.DbAsync(db => db.ColleagueInvitations.AsNoTracking().SingleAsync(Cancellation));

        await world.UseAsync<NetworkService, Views.NetworkSummary>(n => n.AnswerColleagueInvitationAsync(ben, invitation.Id, accept: true, Cancellation));

        var membership = await world.MembershipAsync(ben, network.Handle);
        Assert.NotNull(membership);
        Assert.True(membership.IsActive);
        Assert.Equal(MembershipLevel.Invitations, membership.Level);
        var answered = await world.DbAsync(db => db.ColleagueInvitations.AsNoTracking().SingleAsync(Cancellation));
        Assert.Equal(ColleagueInvitationStatus.Accepted, answered.Status);
    }

    [Theory, StorageProviders]
    public async Task OrganizerActions_OnPeopleWhoDidNotJoin_CreateNoMembership(string provider)
    {
        await using var world = await CreateAsync(provider);
        var olga = await world.PersonAsync("Olga");
        var network = await world.NetworkAsync(olga, "IdeaLab");
        var ana = await world.PersonAsync("Ana");
        var ben = await world.PersonAsync("Ben");
        var session = await world.SessionAsync(olga, network.Handle, TimeSpan.FromDays(5));

        // Adding a co-organizer, sending invitations and a non-member answering an announcement enroll nobody.
        await world.UseAsync<NetworkService, Views.NetworkSummary>(n => n.AddOrganizerAsync(olga, network.Handle, ana.PersonId, Cancellation));
        var run = await world.SendInvitationsAsync(olga, session);
        await world.RsvpAsync(ben, session, yes: true);

        Assert.Equal(0, run.Invited);
        Assert.Equal(0, await world.DbAsync(db => db.Memberships.CountAsync(Cancellation)));
        Assert.Equal(Answer.Yes, (await world.InvitationAsync(ben, session))!.Answer);
    }
}
