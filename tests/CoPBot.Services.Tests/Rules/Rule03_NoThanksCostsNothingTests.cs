using System.Reflection;
using CoPBot.Services.App;
using CoPBot.Services.Domain;
using CoPBot.Services.Outbox;
using CoPBot.Testing;
using static CoPBot.Testing.TestWorld;

namespace CoPBot.Services.Tests.Rules;

/// <summary>Rule 3: "no thanks" is one click, no reason asked, triggers nothing, and does not touch membership.</summary>
public class Rule03_NoThanksCostsNothingTests
{
    [Theory, StorageProviders]
    public async Task RsvpAsync_Decline_RecordsNoAndQueuesNothing(string provider)
    {
        await using var world = await CreateAsync(provider);
        var olga = await world.PersonAsync("Olga");
        var network = await world.NetworkAsync(olga, "IdeaLab");
        var ana = await world.PersonAsync("Ana");
        await world.JoinAsync(ana, network.Handle);
        var session = await world.SessionAsync(olga, network.Handle, TimeSpan.FromDays(7));
        await world.SendInvitationsAsync(olga, session);
        var before = await world.OutboxAsync();
        world.Advance(TimeSpan.FromHours(1));

        var result = await world.RsvpAsync(ana, session, yes: false);

        Assert.Equal(Answer.No, result.Answer);
        Assert.Equal(Answer.No, result.Session.MyAnswer);
        var invitation = await world.InvitationAsync(ana, session);
        Assert.Equal(Answer.No, invitation!.Answer);
        Assert.Equal(world.Now, invitation.AnsweredAt);
        var after = await world.OutboxAsync();

        // Nothing new is queued; the invitation card still waiting to go out is answered, so it never goes (issue 9).
        Assert.Equal(before.Select(o => (o.Id, o.Kind)), after.Select(o => (o.Id, o.Kind)));
        Assert.Equal(OutboxStatus.Withdrawn, Assert.Single(after, o => o.Kind == OutboxKind.Invitation).Status);
    }

    [Theory, StorageProviders]
    public async Task RsvpAsync_Decline_LeavesMembershipAndLevelUntouched(string provider)
    {
        await using var world = await CreateAsync(provider);
        var olga = await world.PersonAsync("Olga");
        var network = await world.NetworkAsync(olga, "IdeaLab");
        var ana = await world.PersonAsync("Ana");
        var ben = await world.PersonAsync("Ben");
        await world.JoinAsync(ana, network.Handle);
        await world.JoinAsync(ben, network.Handle, MembershipLevel.AnnouncementsOnly);
        var session = await world.SessionAsync(olga, network.Handle, TimeSpan.FromDays(7));
        await world.SendInvitationsAsync(olga, session);
        var anaBefore = await world.MembershipAsync(ana, network.Handle);
        var benBefore = await world.MembershipAsync(ben, network.Handle);

        await world.RsvpAsync(ana, session, yes: false);
        await world.RsvpAsync(ben, session, yes: false);

        var anaAfter = await world.MembershipAsync(ana, network.Handle);
        var benAfter = await world.MembershipAsync(ben, network.Handle);
        Assert.Equivalent(anaBefore, anaAfter, strict: true);
        Assert.Equivalent(benBefore, benAfter, strict: true);
        Assert.True(anaAfter!.WantsInvitations(DateOnly.FromDateTime(world.Now)));
    }

    [Fact]
    public void DeclineApi_AsksNoReason()
    {
        var rsvp = typeof(SessionService).GetMethod(nameof(SessionService.RsvpAsync))!;
        var decline = typeof(Invitation).GetMethod(nameof(Invitation.Decline))!;
        var parameters = rsvp.GetParameters().Concat(decline.GetParameters()).Select(p => p.Name!).ToList();
        var properties = typeof(Invitation).GetProperties(BindingFlags.Public | BindingFlags.Instance).Select(p => p.Name).ToList();

        Assert.DoesNotContain(parameters, n => n.Contains("reason", StringComparison.OrdinalIgnoreCase) || n.Contains("comment", StringComparison.OrdinalIgnoreCase));
        Assert.DoesNotContain(properties, n => n.Contains("reason", StringComparison.OrdinalIgnoreCase) || n.Contains("comment", StringComparison.OrdinalIgnoreCase));
    }

    [Theory, StorageProviders]
    public async Task RsvpAsync_DeclineWithoutInvitation_RecordsNoAndNothingElse(string provider)
    {
        await using var world = await CreateAsync(provider);
        var olga = await world.PersonAsync("Olga");
        var network = await world.NetworkAsync(olga, "IdeaLab");
        var session = await world.SessionAsync(olga, network.Handle, TimeSpan.FromDays(7));
        var eve = await world.PersonAsync("Eve");

        var result = await world.RsvpAsync(eve, session, yes: false);

        Assert.Equal(Answer.No, result.Answer);
        Assert.Empty(await world.OutboxAsync());
        Assert.Null(await world.MembershipAsync(eve, network.Handle));
        Assert.DoesNotContain(await world.OutboxAsync(), o => o.Kind == OutboxKind.Offer);
    }
}
