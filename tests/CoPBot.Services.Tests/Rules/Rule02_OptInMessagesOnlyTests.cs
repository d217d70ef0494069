using CoPBot.Services.App;
using CoPBot.Services.Domain;
using CoPBot.Services.Outbox;
using CoPBot.Services.Storage;
using CoPBot.Testing;
using Microsoft.EntityFrameworkCore;
using static CoPBot.Testing.TestWorld;

namespace CoPBot.Services.Tests.Rules;

/// <summary>
/// Rule 2: direct messages go to members who asked for invitations, or to a colleague personally invited once per
/// network; announcements go to channels, never as mass DMs.
/// </summary>
public class Rule02_OptInMessagesOnlyTests
{
    [Theory, StorageProviders]
    public async Task SendInvitationsAsync_MixedMembers_QueuesOnlyForActiveUnpausedInvitationMembers(string provider)
    {
        await using var world = await CreateAsync(provider);
        var olga = await world.PersonAsync("Olga");
        var network = await world.NetworkAsync(olga, "IdeaLab");
        var wants = await world.PersonAsync("Ana");
        var light = await world.PersonAsync("Ben");
        var left = await world.PersonAsync("Cy");
        var paused = await world.PersonAsync("Dee");
        var outsider = await world.PersonAsync("Eve");
        await world.JoinAsync(wants, network.Handle);
        await world.JoinAsync(light, network.Handle, MembershipLevel.AnnouncementsOnly);
        await world.JoinAsync(left, network.Handle);
        await world.UseAsync<NetworkService, Views.NetworkSummary>(n => n.LeaveAsync(left, network.Handle, Cancellation));
        await world.JoinAsync(paused, network.Handle);
        await world.UseAsync<NetworkService, Views.NetworkSummary>(n => n.PauseAsync(paused, network.Handle, DateOnly.FromDateTime(world.Now).AddDays(20), Cancellation));
        var session = await world.SessionAsync(olga, network.Handle, TimeSpan.FromDays(7));

        var run = await world.SendInvitationsAsync(olga, session);

        Assert.Equal(1, run.Invited);
        var outbox = await world.OutboxAsync();
        var message = Assert.Single(outbox);
        Assert.Equal(OutboxKind.Invitation, message.Kind);
        Assert.Equal(wants.PersonId, message.PersonId);
        Assert.Null(message.AddressChannel);
        var invited = await world.DbAsync(db => db.Invitations.Select(i => i.PersonId).ToListAsync(Cancellation));
        Assert.Equal([wants.PersonId], invited);
        Assert.Null(await world.InvitationAsync(outsider, session));
    }

    [Theory, StorageProviders]
    public async Task AnnounceAsync_Session_PostsToTheChannelAndMessagesNoMember(string provider)
    {
        await using var world = await CreateAsync(provider);
        var olga = await world.PersonAsync("Olga");
        var network = await world.NetworkAsync(olga, "IdeaLab");
        var ana = await world.PersonAsync("Ana");
        var ben = await world.PersonAsync("Ben");
        await world.JoinAsync(ana, network.Handle);
        await world.JoinAsync(ben, network.Handle, MembershipLevel.AnnouncementsOnly);
        var session = await world.SessionAsync(olga, network.Handle, TimeSpan.FromDays(7));
        var channel = new AnnouncementChannel { Channel = "slack", TenantId = "T1", ConversationId = "C-idealab", Name = "#idealab" };

        var result = await world.UseAsync<SessionService, AnnounceResult>(s => s.AnnounceAsync(olga, session.Reference, channel, Cancellation));

        Assert.Equal(1, result.Queued);
        var message = Assert.Single(await world.OutboxAsync());
        Assert.Equal(OutboxKind.Announcement, message.Kind);
        Assert.Null(message.PersonId);
        Assert.Equal("slack", message.AddressChannel);
        Assert.Equal("T1", message.AddressTenantId);
        Assert.Equal("C-idealab", message.AddressConversationId);
    }

    [Theory, StorageProviders]
    public async Task AnnounceAsync_Repeated_PostsOnce(string provider)
    {
        await using var world = await CreateAsync(provider);
        var olga = await world.PersonAsync("Olga");
        var network = await world.NetworkAsync(olga, "IdeaLab");
        var session = await world.SessionAsync(olga, network.Handle, TimeSpan.FromDays(7));
        var channel = new AnnouncementChannel { Channel = "slack", TenantId = "T1", ConversationId = "C-idealab" };
        await world.UseAsync<SessionService, AnnounceResult>(s => s.AnnounceAsync(olga, session.Reference, channel, Cancellation));

        var again = await world.UseAsync<SessionService, AnnounceResult>(s => s.AnnounceAsync(olga, session.Reference, channel, Cancellation));

        Assert.Equal(0, again.Queued);
        Assert.Single(await world.OutboxAsync());
    }

    [Theory, StorageProviders]
    public async Task InviteColleagueAsync_SecondInviteByAnyoneAfterSilence_AlreadyInvitedAndQueuesNothing(string provider)
    {
        await using var world = await CreateAsync(provider);
        var olga = await world.PersonAsync("Olga");
        var network = await world.NetworkAsync(olga, "IdeaLab");
        var ana = await world.PersonAsync("Ana");
        var cy = await world.PersonAsync("Cy");
        await world.JoinAsync(ana, network.Handle);
        await world.JoinAsync(cy, network.Handle);
        var ben = await world.PersonAsync("Ben");

        var first = await world.UseAsync<NetworkService, ColleagueInviteResult>(n => n.InviteColleagueAsync(ana, network.Handle, ben.PersonId, Cancellation));
        world.Advance(TimeSpan.FromDays(14));
        var byOther = await world.UseAsync<NetworkService, ColleagueInviteResult>(n => n.InviteColleagueAsync(cy, network.Handle, ben.PersonId, Cancellation));
        var bySame = await world.UseAsync<NetworkService, ColleagueInviteResult>(n => n.InviteColleagueAsync(ana, network.Handle, ben.PersonId, Cancellation));

        Assert.Equal(ColleagueInviteOutcome.Invited, first.Outcome);
        Assert.Equal(ColleagueInviteOutcome.AlreadyInvited, byOther.Outcome);
        Assert.Equal(ColleagueInviteOutcome.AlreadyInvited, bySame.Outcome);
        var message = Assert.Single(await world.OutboxAsync());
        Assert.Equal(OutboxKind.ColleagueInvitation, message.Kind);
        Assert.Equal(ben.PersonId, message.PersonId);
    }

    [Theory, StorageProviders]
    public async Task InviteColleagueAsync_AfterTheColleagueSaidNo_AlreadyInvitedAndQueuesNothing(string provider)
    {
        await using var world = await CreateAsync(provider);
        var olga = await world.PersonAsync("Olga");
        var network = await world.NetworkAsync(olga, "IdeaLab");
        var ana = await world.PersonAsync("Ana");
        await world.JoinAsync(ana, network.Handle);
        var ben = await world.PersonAsync("Ben");
        await world.UseAsync<NetworkService, ColleagueInviteResult>(n => n.InviteColleagueAsync(ana, network.Handle, ben.PersonId, Cancellation));
        var invitation = await world.DbAsync(db => db.ColleagueInvitations.AsNoTracking().SingleAsync(Cancellation));
        await world.UseAsync<NetworkService, Views.NetworkSummary>(n => n.AnswerColleagueInvitationAsync(ben, invitation.Id, accept: false, Cancellation));

        var again = await world.UseAsync<NetworkService, ColleagueInviteResult>(n => n.InviteColleagueAsync(olga, network.Handle, ben.PersonId, Cancellation));

        Assert.Equal(ColleagueInviteOutcome.AlreadyInvited, again.Outcome);
        Assert.Single(await world.OutboxAsync());
        Assert.Null(await world.MembershipAsync(ben, network.Handle));
    }

    [Theory, StorageProviders]
    public async Task InviteColleagueAsync_ByNonMember_Refused(string provider)
    {
        await using var world = await CreateAsync(provider);
        var olga = await world.PersonAsync("Olga");
        var network = await world.NetworkAsync(olga, "IdeaLab");
        var ana = await world.PersonAsync("Ana");
        var ben = await world.PersonAsync("Ben");

        await Assert.ThrowsAsync<DomainException>(() =>
            world.UseAsync<NetworkService, ColleagueInviteResult>(n => n.InviteColleagueAsync(ana, network.Handle, ben.PersonId, Cancellation)));

        Assert.Empty(await world.OutboxAsync());
    }
}
