using CoPBot.Services.App;
using CoPBot.Services.Domain;
using CoPBot.Services.Outbox;
using CoPBot.Services.Views;
using CoPBot.Testing;
using static CoPBot.Testing.TestWorld;

namespace CoPBot.Services.Tests.Rules;

/// <summary>Rule 12: a freed place in a full session is offered to the next person waiting, with a deadline; never assigned.</summary>
public class Rule12_FreedPlaceIsOfferedNeverAssignedTests
{
    private sealed record Full(TestWorld World, Actor Olga, Actor A, Actor B, Actor W1, Actor W2, SessionSummary Session);

    /// <summary>Capacity 2: A and B say yes; W1 then W2 wait.</summary>
    private static async Task<Full> FullAsync(TestWorld world, TimeSpan? startsIn = null)
    {
        var olga = await world.PersonAsync("Olga");
        var network = await world.NetworkAsync(olga, "IdeaLab");
        var session = await world.SessionAsync(olga, network.Handle, startsIn ?? TimeSpan.FromDays(7), capacity: 2);
        var a = await world.PersonAsync("Ada");
        var b = await world.PersonAsync("Bo");
        var w1 = await world.PersonAsync("Wen");
        var w2 = await world.PersonAsync("Wu");
        await world.RsvpAsync(a, session, yes: true);
        await world.RsvpAsync(b, session, yes: true);
        world.Advance(TimeSpan.FromMinutes(1));
        Assert.Equal(Answer.Waitlisted, (await world.RsvpAsync(w1, session, yes: true)).Answer);
        world.Advance(TimeSpan.FromMinutes(1));
        Assert.Equal(Answer.Waitlisted, (await world.RsvpAsync(w2, session, yes: true)).Answer);
        return new Full(world, olga, a, b, w1, w2, session);
    }

    [Theory, StorageProviders]
    public async Task RsvpAsync_ThirdYesOnCapacityTwo_Waitlisted(string provider)
    {
        await using var world = await CreateAsync(provider);
        var full = await FullAsync(world);

        var summary = await world.UseAsync<SessionService, SessionSummary>(s => s.GetAsync(full.W1, full.Session.Reference, Cancellation));

        Assert.Equal(2, summary.Going);
        Assert.Equal(0, summary.PlacesLeft);
        Assert.Equal(Answer.Waitlisted, summary.MyAnswer);
        Assert.DoesNotContain(await world.OutboxAsync(), o => o.PersonId == full.W1.PersonId && o.Kind == OutboxKind.Reminder);
    }

    [Theory, StorageProviders]
    public async Task RsvpAsync_YesHolderDeclines_FirstWaitingGetsAnOfferNotAPlace(string provider)
    {
        await using var world = await CreateAsync(provider);
        var full = await FullAsync(world);
        world.Advance(TimeSpan.FromHours(1));

        await world.RsvpAsync(full.A, full.Session, yes: false);

        var offered = await world.InvitationAsync(full.W1, full.Session);
        Assert.Equal(Answer.Offered, offered!.Answer);
        Assert.Equal(world.Now + Invitation.OfferWindow, offered.OfferExpiresAt);
        Assert.Equal(Answer.Waitlisted, (await world.InvitationAsync(full.W2, full.Session))!.Answer);
        var offer = Assert.Single(await world.OutboxAsync(), o => o.Kind == OutboxKind.Offer);
        Assert.Equal(full.W1.PersonId, offer.PersonId);
        Assert.Equal(full.Session.Id, offer.SessionId);
        Assert.DoesNotContain(await world.OutboxAsync(), o => o.PersonId == full.W1.PersonId && o.Kind == OutboxKind.Reminder);
    }

    [Theory, StorageProviders]
    public async Task RsvpAsync_DeclineTheOffer_FreeAndPassedOn(string provider)
    {
        await using var world = await CreateAsync(provider);
        var full = await FullAsync(world);
        await world.RsvpAsync(full.A, full.Session, yes: false);

        var declined = await world.RsvpAsync(full.W1, full.Session, yes: false);

        Assert.Equal(Answer.No, declined.Answer);
        Assert.Equal(Answer.Offered, (await world.InvitationAsync(full.W2, full.Session))!.Answer);
        var offers = (await world.OutboxAsync()).Where(o => o.Kind == OutboxKind.Offer).ToList();
        Assert.Equal(new[] { full.W1.PersonId, full.W2.PersonId }.Order(), offers.Select(o => o.PersonId!.Value).Order());
    }

    [Theory, StorageProviders]
    public async Task SweepOffersAsync_OfferExpired_LapsesSilentlyAndPassesOn(string provider)
    {
        await using var world = await CreateAsync(provider);
        var full = await FullAsync(world);
        await world.RsvpAsync(full.A, full.Session, yes: false);
        world.Advance(Invitation.OfferWindow - TimeSpan.FromMinutes(1));
        Assert.Equal(0, await world.UseAsync<SessionService, int>(s => s.SweepOffersAsync(Cancellation)));
        world.Advance(TimeSpan.FromMinutes(1));

        var lapsed = await world.UseAsync<SessionService, int>(s => s.SweepOffersAsync(Cancellation));

        Assert.Equal(1, lapsed);
        var w1 = await world.InvitationAsync(full.W1, full.Session);
        Assert.Equal(Answer.None, w1!.Answer);
        Assert.Equal(world.Now, w1.OfferExpiresAt);
        Assert.Equal(Answer.Offered, (await world.InvitationAsync(full.W2, full.Session))!.Answer);
        Assert.Equal(2, (await world.OutboxAsync()).Count(o => o.Kind == OutboxKind.Offer));
        Assert.Equal(1, (await world.OutboxAsync()).Count(o => o.PersonId == full.W1.PersonId));
    }

    [Theory, StorageProviders]
    public async Task RsvpAsync_AcceptTheOffer_BecomesYes(string provider)
    {
        await using var world = await CreateAsync(provider);
        var full = await FullAsync(world);
        await world.RsvpAsync(full.A, full.Session, yes: false);

        var accepted = await world.RsvpAsync(full.W1, full.Session, yes: true);

        Assert.Equal(Answer.Yes, accepted.Answer);
        Assert.Equal(2, accepted.Session.Going);
        Assert.Null((await world.InvitationAsync(full.W1, full.Session))!.OfferExpiresAt);
        Assert.Equal(Answer.Waitlisted, (await world.InvitationAsync(full.W2, full.Session))!.Answer);
        Assert.Single(await world.OutboxAsync(), o => o.PersonId == full.W1.PersonId && o.Kind == OutboxKind.Reminder);
    }

    [Theory, StorageProviders]
    public async Task RsvpAsync_AcceptAnExpiredOffer_RefusedAndTheOtherPersonKeepsTheirs(string provider)
    {
        await using var world = await CreateAsync(provider);
        var full = await FullAsync(world);
        await world.RsvpAsync(full.A, full.Session, yes: false);
        world.Advance(Invitation.OfferWindow);
        await world.UseAsync<SessionService, int>(s => s.SweepOffersAsync(Cancellation));

        var late = await world.RsvpAsync(full.W1, full.Session, yes: true);

        Assert.Equal(Answer.Waitlisted, late.Answer);
        Assert.Equal(Answer.Offered, (await world.InvitationAsync(full.W2, full.Session))!.Answer);
    }

    [Theory, StorageProviders]
    public async Task RsvpAsync_PlaceFreedShortlyBeforeStart_OfferEndsAtTheStart(string provider)
    {
        await using var world = await CreateAsync(provider);
        var full = await FullAsync(world, TimeSpan.FromHours(5));

        await world.RsvpAsync(full.B, full.Session, yes: false);

        Assert.Equal(full.Session.StartsAt, (await world.InvitationAsync(full.W1, full.Session))!.OfferExpiresAt);
    }

    [Theory, StorageProviders]
    public async Task NewYes_WhileAPlaceIsOffered_IsWaitlisted(string provider)
    {
        await using var world = await CreateAsync(provider);
        var full = await FullAsync(world);
        await world.RsvpAsync(full.A, full.Session, yes: false);
        var newcomer = await world.PersonAsync("Nia");

        var result = await world.RsvpAsync(newcomer, full.Session, yes: true);

        Assert.Equal(Answer.Waitlisted, result.Answer);
    }

    [Theory, StorageProviders]
    public async Task StatsAsync_FreedPlaceOnlyOffered_CountedAsOfferedNotGoing(string provider)
    {
        await using var world = await CreateAsync(provider);
        var full = await FullAsync(world);
        await world.RsvpAsync(full.A, full.Session, yes: false);

        var stats = await world.UseAsync<SessionService, SessionStats>(s => s.StatsAsync(full.Olga, full.Session.Reference, Cancellation));

        Assert.Equal(1, stats.Going);
        Assert.Equal(1, stats.Offered);
        Assert.Equal(1, stats.Waitlisted);
        Assert.Equal(1, stats.NotThisTime);
        Assert.Equal(1, stats.Session.Going);
        Assert.Equal(0, stats.Session.PlacesLeft);

        await world.RsvpAsync(full.W1, full.Session, yes: true);
        var taken = await world.UseAsync<SessionService, SessionStats>(s => s.StatsAsync(full.Olga, full.Session.Reference, Cancellation));
        Assert.Equal((2, 0), (taken.Going, taken.Offered));
    }
}
