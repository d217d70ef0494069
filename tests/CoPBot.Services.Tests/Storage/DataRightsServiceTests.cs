using System.Text.Json;
using CoPBot.Services.App;
using CoPBot.Services.Domain;
using CoPBot.Services.Outbox;
using CoPBot.Services.Views;
using CoPBot.Testing;
using Microsoft.EntityFrameworkCore;
using static CoPBot.Testing.TestWorld;

namespace CoPBot.Services.Tests.Storage;

public class DataRightsServiceTests
{
    [Theory, StorageProviders]
    public async Task ExportAsync_Member_ValidJsonWithMembershipsAndAnswers(string provider)
    {
        await using var world = await CreateAsync(provider);
        var olga = await world.PersonAsync("Olga");
        var idealab = await world.NetworkAsync(olga, "IdeaLab");
        var forum = await world.NetworkAsync(olga, "Social Media Forum", handle: "social");
        var ana = await world.PersonAsync("Ana", "Parks");
        await world.JoinAsync(ana, idealab.Handle);
        await world.JoinAsync(ana, forum.Handle, MembershipLevel.AnnouncementsOnly);
        var one = await world.SessionAsync(olga, idealab.Handle, TimeSpan.FromDays(3));
        var two = await world.SessionAsync(olga, forum.Handle, TimeSpan.FromDays(4));
        await world.RsvpAsync(ana, one, yes: true);
        await world.RsvpAsync(ana, two, yes: false);

        var json = await world.UseAsync<DataRightsService, string>(d => d.ExportAsync(ana, Cancellation));

        using var document = JsonDocument.Parse(json);
        var root = document.RootElement;
        Assert.Equal("Ana", root.GetProperty("person").GetProperty("displayName").GetString());
        Assert.Equal("Parks", root.GetProperty("person").GetProperty("department").GetString());
        var memberships = root.GetProperty("memberships").EnumerateArray()
            .ToDictionary(m => m.GetProperty("handle").GetString()!, m => m.GetProperty("level").GetString());
        Assert.Equal(new Dictionary<string, string?> { ["idealab"] = "Invitations", ["social"] = "AnnouncementsOnly" }, memberships);
        var answers = root.GetProperty("invitations").EnumerateArray()
            .ToDictionary(i => i.GetProperty("network").GetString()!, i => i.GetProperty("answer").GetString());
        Assert.Equal(new Dictionary<string, string?> { ["IdeaLab"] = "Yes", ["Social Media Forum"] = "No" }, answers);
        Assert.Equal("console", root.GetProperty("person").GetProperty("accounts")[0].GetProperty("channel").GetString());
    }

    [Theory, StorageProviders]
    public async Task ForgetAsync_PersonHoldingAPlace_DeletedAndThePlaceOfferedToTheNextWaiting(string provider)
    {
        await using var world = await CreateAsync(provider);
        var olga = await world.PersonAsync("Olga");
        var network = await world.NetworkAsync(olga, "IdeaLab");
        var ana = await world.PersonAsync("Ana");
        var ben = await world.PersonAsync("Ben");
        await world.JoinAsync(ana, network.Handle);
        await world.JoinAsync(ben, network.Handle);
        var session = await world.SessionAsync(olga, network.Handle, TimeSpan.FromDays(5), capacity: 1);
        await world.SendInvitationsAsync(olga, session);
        await world.RsvpAsync(ana, session, yes: true);
        await world.RsvpAsync(ben, session, yes: true);

        await world.UseAsync<DataRightsService>(d => d.ForgetAsync(ana, Cancellation));

        await world.DbAsync(async db =>
        {
            Assert.False(await db.People.AnyAsync(p => p.Id == ana.PersonId, Cancellation));
            Assert.False(await db.Accounts.AnyAsync(a => a.PersonId == ana.PersonId, Cancellation));
            Assert.False(await db.Memberships.AnyAsync(m => m.PersonId == ana.PersonId, Cancellation));
            Assert.False(await db.Invitations.AnyAsync(i => i.PersonId == ana.PersonId, Cancellation));
            Assert.False(await db.Outbox.AnyAsync(o => o.PersonId == ana.PersonId, Cancellation));
            return 0;
        });
        var offered = await world.InvitationAsync(ben, session);
        Assert.Equal(Answer.Offered, offered!.Answer);
        Assert.Single(await world.OutboxAsync(), o => o.PersonId == ben.PersonId && o.Kind == OutboxKind.Offer);
    }

    [Theory, StorageProviders]
    public async Task ForgetAsync_Organizer_AnonymizedAndTheirSessionsSurvive(string provider)
    {
        await using var world = await CreateAsync(provider);
        var olga = await world.PersonAsync("Olga", "Innovation");
        var network = await world.NetworkAsync(olga, "IdeaLab");
        var ana = await world.PersonAsync("Ana");
        var session = await world.SessionAsync(olga, network.Handle, TimeSpan.FromDays(5));
        await world.RsvpAsync(ana, session, yes: true);

        await world.UseAsync<DataRightsService>(d => d.ForgetAsync(olga, Cancellation));

        var person = await world.DbAsync(db => db.People.AsNoTracking().Include(p => p.Accounts).SingleAsync(p => p.Id == olga.PersonId, Cancellation));
        Assert.Equal("A former organizer", person.DisplayName);
        Assert.Null(person.Department);
        Assert.Empty(person.Accounts);
        var summary = await world.UseAsync<SessionService, SessionSummary>(s => s.GetAsync(ana, session.Reference, Cancellation));
        Assert.Equal(Answer.Yes, summary.MyAnswer);
        Assert.Equal("A former organizer", summary.OrganizerName);
    }

    [Theory, StorageProviders]
    public async Task ForgetAsync_ThenSpeakingAgain_StartsAsANewPersonWithNoMemberships(string provider)
    {
        await using var world = await CreateAsync(provider);
        var olga = await world.PersonAsync("Olga");
        var network = await world.NetworkAsync(olga, "IdeaLab");
        var key = new AccountKey("console", City, "ana");
        var ana = await world.UseAsync<PeopleService, Actor>(p => p.ResolveAsync(key, "Ana", null, Cancellation));
        await world.JoinAsync(ana, network.Handle);

        await world.UseAsync<DataRightsService>(d => d.ForgetAsync(ana, Cancellation));
        var again = await world.UseAsync<PeopleService, Actor>(p => p.ResolveAsync(key, "Ana", null, Cancellation));

        Assert.NotEqual(ana.PersonId, again.PersonId);
        Assert.Null(await world.MembershipAsync(again, network.Handle));
    }
}
