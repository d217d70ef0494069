using CoPBot.Services.App;
using CoPBot.Services.Outbox;
using CoPBot.Services.Views;
using CoPBot.Testing;
using Microsoft.EntityFrameworkCore;
using static CoPBot.Testing.TestWorld;

namespace CoPBot.Services.Tests.Storage;

/// <summary>
/// A member who joins while an organizer's first invitation round runs gets exactly one invitation: the join invites
/// to sessions whose invitations went out, the round to the members it reads, and neither may miss the other.
/// </summary>
public class JoinDuringInvitationRoundTests
{
    [Theory, StorageProviders]
    public async Task JoinAndInvite_JoinHeldBeforeItCommits_MemberGetsExactlyOneInvitation(string provider)
    {
        var interleaving = new Interleaving();
        await using var world = await CreateAsync(provider, configureServices: interleaving.Register);
        var (olga, ana, handle, session) = await SetUpAsync(world);
        var (joinWaits, releaseJoin) = interleaving.HoldSave("join");

        var join = Interleaving.As("join", () => world.JoinAsync(ana, handle));
        await joinWaits.WaitAsync(Cancellation);
        var invite = Interleaving.As("invite", () => world.SendInvitationsAsync(olga, session));

        // The round either finishes (no lock: it cannot have seen the member) or waits for the join.
        await Task.WhenAny(invite, interleaving.TransactionStarted("invite")).WaitAsync(Cancellation);
        releaseJoin();
        await Task.WhenAll(join, invite).WaitAsync(Cancellation);

        await AssertOneInvitationAsync(world, ana.PersonId, session.Id);
    }

    [Theory, StorageProviders]
    public async Task JoinAndInvite_RoundHeldBeforeItCommits_MemberGetsExactlyOneInvitation(string provider)
    {
        var interleaving = new Interleaving();
        await using var world = await CreateAsync(provider, configureServices: interleaving.Register);
        var (olga, ana, handle, session) = await SetUpAsync(world);
        var (inviteWaits, releaseInvite) = interleaving.HoldSave("invite");

        var invite = Interleaving.As("invite", () => world.SendInvitationsAsync(olga, session));
        await inviteWaits.WaitAsync(Cancellation);
        var join = Interleaving.As("join", () => world.JoinAsync(ana, handle));

        await Task.WhenAny(join, interleaving.TransactionStarted("join")).WaitAsync(Cancellation);
        releaseInvite();
        await Task.WhenAll(join, invite).WaitAsync(Cancellation);

        await AssertOneInvitationAsync(world, ana.PersonId, session.Id);
    }

    private static async Task<(Actor Olga, Actor Ana, string Handle, SessionSummary Session)> SetUpAsync(TestWorld world)
    {
        var olga = await world.PersonAsync("Olga");
        var network = await world.NetworkAsync(olga, "IdeaLab");
        var session = await world.SessionAsync(olga, network.Handle, TimeSpan.FromDays(10));
        var ana = await world.PersonAsync("Ana");
        return (olga, ana, network.Handle, session);
    }

    private static async Task AssertOneInvitationAsync(TestWorld world, Guid personId, Guid sessionId)
    {
        var invitations = await world.DbAsync(db => db.Invitations.AsNoTracking().CountAsync(i => i.SessionId == sessionId && i.PersonId == personId, Cancellation));
        Assert.Equal(1, invitations);
        Assert.Single(await world.OutboxAsync(), o => o.Kind == OutboxKind.Invitation && o.PersonId == personId && o.SessionId == sessionId);
    }
}
