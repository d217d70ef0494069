using CoPBot.Services.App;
using CoPBot.Services.Domain;
using CoPBot.Testing;
using Microsoft.EntityFrameworkCore;
using static CoPBot.Testing.TestWorld;

namespace CoPBot.Services.Tests.Storage;

/// <summary>Places are never over-given when requests race (optimistic concurrency on the session).</summary>
public class SessionServiceConcurrencyTests
{
    [Theory, StorageProviders]
    public async Task RsvpAsync_TwoPeopleRaceForTheLastPlace_ExactlyOneYesOneWaitlisted(string provider)
    {
        await using var world = await CreateAsync(provider);
        var olga = await world.PersonAsync("Olga");
        var network = await world.NetworkAsync(olga, "IdeaLab");
        var ana = await world.PersonAsync("Ana");
        var ben = await world.PersonAsync("Ben");

        // Several rounds, each on a fresh session with one place, to give the race a real chance to interleave.
        for (var round = 0; round < 5; round++)
        {
            var session = await world.SessionAsync(olga, network.Handle, TimeSpan.FromDays(3 + round), capacity: 1);

            var answers = await Task.WhenAll(
                Task.Run(() => world.RsvpAsync(ana, session, yes: true), Cancellation),
                Task.Run(() => world.RsvpAsync(ben, session, yes: true), Cancellation));

            Assert.Equal(new[] { Answer.Yes, Answer.Waitlisted }, answers.Select(a => a.Answer).Order());
            var stored = await world.DbAsync(db => db.Invitations.AsNoTracking().Where(i => i.SessionId == session.Id).Select(i => i.Answer).ToListAsync(Cancellation));
            Assert.Equal(new[] { Answer.Yes, Answer.Waitlisted }, stored.Order());
        }
    }

    [Theory, StorageProviders]
    public async Task RsvpAsync_SamePersonDoubleClicks_OneInvitationOneYes(string provider)
    {
        await using var world = await CreateAsync(provider);
        var olga = await world.PersonAsync("Olga");
        var network = await world.NetworkAsync(olga, "IdeaLab");
        var ana = await world.PersonAsync("Ana");
        var session = await world.SessionAsync(olga, network.Handle, TimeSpan.FromDays(3), capacity: 5);

        var answers = await Task.WhenAll(
            Task.Run(() => world.RsvpAsync(ana, session, yes: true), Cancellation),
            Task.Run(() => world.RsvpAsync(ana, session, yes: true), Cancellation));

        Assert.All(answers, a => Assert.Equal(Answer.Yes, a.Answer));
        var stored = await world.DbAsync(db => db.Invitations.AsNoTracking().Where(i => i.SessionId == session.Id).ToListAsync(Cancellation));
        Assert.Equal(Answer.Yes, Assert.Single(stored).Answer);
        Assert.Single(await world.OutboxAsync());
    }

    [Theory, StorageProviders]
    public async Task RsvpAsync_ManyRaceForThreePlaces_NeverMoreThanCapacity(string provider)
    {
        await using var world = await CreateAsync(provider);
        var olga = await world.PersonAsync("Olga");
        var network = await world.NetworkAsync(olga, "IdeaLab");
        var session = await world.SessionAsync(olga, network.Handle, TimeSpan.FromDays(3), capacity: 3);
        var people = new List<Actor>();
        for (var i = 0; i < 6; i++)
        {
            people.Add(await world.PersonAsync($"Person {i}"));
        }

        var answers = await Task.WhenAll(people.Select(p => Task.Run(() => world.RsvpAsync(p, session, yes: true), Cancellation)));

        Assert.Equal(3, answers.Count(a => a.Answer == Answer.Yes));
        Assert.Equal(3, answers.Count(a => a.Answer == Answer.Waitlisted));
        Assert.Equal(3, await world.DbAsync(db => db.Invitations.CountAsync(i => i.SessionId == session.Id && i.Answer == Answer.Yes, Cancellation)));
    }
}
