using CoPBot.Services.App;
using CoPBot.Services.Domain;
using CoPBot.Services.Views;
using CoPBot.Testing;
using static CoPBot.Testing.TestWorld;

namespace CoPBot.Services.Tests.Rules;

/// <summary>Rule 6: changing your mind is free, in either direction, until the session starts.</summary>
public class Rule06_ChangingYourMindIsFreeTests
{
    [Theory, StorageProviders]
    public async Task RsvpAsync_YesNoYesBeforeStart_EachAnswerStands(string provider)
    {
        await using var world = await CreateAsync(provider);
        var olga = await world.PersonAsync("Olga");
        var network = await world.NetworkAsync(olga, "IdeaLab");
        var ana = await world.PersonAsync("Ana");
        await world.JoinAsync(ana, network.Handle);
        var session = await world.SessionAsync(olga, network.Handle, TimeSpan.FromDays(3), capacity: 5);
        await world.SendInvitationsAsync(olga, session);

        var first = await world.RsvpAsync(ana, session, yes: true);
        world.Advance(TimeSpan.FromDays(1));
        var second = await world.RsvpAsync(ana, session, yes: false);
        world.Advance(TimeSpan.FromDays(2) - TimeSpan.FromMinutes(1));
        var third = await world.RsvpAsync(ana, session, yes: true);

        Assert.Equal([Answer.Yes, Answer.No, Answer.Yes], [first.Answer, second.Answer, third.Answer]);
        Assert.Equal(1, third.Session.Going);
        Assert.Equal(Answer.Yes, (await world.InvitationAsync(ana, session))!.Answer);
        Assert.Single(await world.DbAsync(db => Task.FromResult(db.Invitations.ToList())));
    }

    [Theory, StorageProviders]
    public async Task RsvpAsync_AfterStart_RefusedAndAnswerKept(string provider)
    {
        await using var world = await CreateAsync(provider);
        var olga = await world.PersonAsync("Olga");
        var network = await world.NetworkAsync(olga, "IdeaLab");
        var ana = await world.PersonAsync("Ana");
        var ben = await world.PersonAsync("Ben");
        await world.JoinAsync(ana, network.Handle);
        await world.JoinAsync(ben, network.Handle);
        var session = await world.SessionAsync(olga, network.Handle, TimeSpan.FromDays(3));
        await world.SendInvitationsAsync(olga, session);
        await world.RsvpAsync(ana, session, yes: true);
        await world.RsvpAsync(ben, session, yes: false);
        world.AdvanceTo(session.StartsAt);

        var toNo = await Assert.ThrowsAsync<DomainException>(() => world.RsvpAsync(ana, session, yes: false));
        var toYes = await Assert.ThrowsAsync<DomainException>(() => world.RsvpAsync(ben, session, yes: true));

        Assert.Contains("started", toNo.Message, StringComparison.Ordinal);
        Assert.Contains("started", toYes.Message, StringComparison.Ordinal);
        Assert.Equal(Answer.Yes, (await world.InvitationAsync(ana, session))!.Answer);
        Assert.Equal(Answer.No, (await world.InvitationAsync(ben, session))!.Answer);
    }

    [Theory, StorageProviders]
    public async Task RsvpAsync_NoThenYesOnFullSession_WaitlistedNotRefused(string provider)
    {
        await using var world = await CreateAsync(provider);
        var olga = await world.PersonAsync("Olga");
        var network = await world.NetworkAsync(olga, "IdeaLab");
        var ana = await world.PersonAsync("Ana");
        var ben = await world.PersonAsync("Ben");
        var session = await world.SessionAsync(olga, network.Handle, TimeSpan.FromDays(3), capacity: 1);
        await world.RsvpAsync(ana, session, yes: true);
        await world.RsvpAsync(ana, session, yes: false);
        Assert.Equal(Answer.Yes, (await world.RsvpAsync(ben, session, yes: true)).Answer);

        var again = await world.RsvpAsync(ana, session, yes: true);

        Assert.Equal(Answer.Waitlisted, again.Answer);
        Assert.Equal(1, again.Session.Going);
    }

    [Theory, StorageProviders]
    public async Task RsvpAsync_RescheduledLater_AnswersOpenUntilTheNewStart(string provider)
    {
        await using var world = await CreateAsync(provider);
        var olga = await world.PersonAsync("Olga");
        var network = await world.NetworkAsync(olga, "IdeaLab");
        var ana = await world.PersonAsync("Ana");
        var session = await world.SessionAsync(olga, network.Handle, TimeSpan.FromDays(3));
        await world.RsvpAsync(ana, session, yes: true);
        await world.UseAsync<SessionService, SessionSummary>(s =>
            s.RescheduleAsync(olga, session.Reference, session.StartsAt + TimeSpan.FromDays(2), null, null, null, Cancellation));
        world.AdvanceTo(session.StartsAt + TimeSpan.FromHours(1));

        var result = await world.RsvpAsync(ana, session, yes: false);

        Assert.Equal(Answer.No, result.Answer);
    }
}
