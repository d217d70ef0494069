using CoPBot.Bot.Conversation;
using CoPBot.Cards;
using CoPBot.Cards.Builders;
using CoPBot.Services.App;
using CoPBot.Services.Domain;
using CoPBot.Services.Views;
using CoPBot.Testing;
using static CoPBot.Testing.TestWorld;

namespace CoPBot.Bot.Tests.Conversation;

/// <summary>An offer card pressed after the offer ran out says it expired (rule 12), and changes nothing.</summary>
public sealed class LateOfferAnswerTests
{
    [Theory, StorageProviders]
    public async Task TakeThePlace_AfterTheOfferExpired_CardAndTextSayItWentToTheNextPerson(string provider)
    {
        await using var chat = await ChatTester.CreateAsync(provider);
        var world = chat.World;
        var olga = await world.PersonAsync("Olga");
        var network = await world.NetworkAsync(olga, "IdeaLab");
        var session = await world.SessionAsync(olga, network.Handle, TimeSpan.FromDays(7), capacity: 1);
        var wen = ChatTester.User("Wen");
        var people = new List<Actor>();
        foreach (var user in new[] { ChatTester.User("Ada"), wen, ChatTester.User("Wu") })
        {
            var person = await world.UseAsync<PeopleService, Actor>(p => p.ResolveAsync(new AccountKey(user.Channel, user.TenantId, user.UserId), user.DisplayName, null, Cancellation));
            await world.RsvpAsync(person, session, yes: true);
            world.Advance(TimeSpan.FromMinutes(1));
            people.Add(person);
        }

        await world.RsvpAsync(people[0], session, yes: false);
        var offered = await world.UseAsync<SessionService, SessionSummary>(s => s.GetAsync(people[1], session.Reference, Cancellation));
        var take = SessionCards.Offer(offered).Actions.Single(a => a.Verb == CardActions.AcceptOffer);
        world.Advance(Invitation.OfferWindow);
        await world.UseAsync<HousekeepingService, HousekeepingReport>(h => h.RunOnceAsync(new HousekeepingPolicy(TimeSpan.FromDays(1), TimeSpan.FromDays(30)), Cancellation));

        var inPerson = await chat.PressAsync(wen, take);
        var inChannel = await chat.PressAsync(wen, take, ChatConversationKind.Channel);

        Assert.Contains("gone to the next person waiting", inPerson.UpdatedCard!.Status, StringComparison.Ordinal);
        Assert.Empty(inPerson.UpdatedCard.Actions);
        Assert.Contains("gone to the next person waiting", inChannel.Text, StringComparison.Ordinal);
        Assert.Equal(Answer.None, (await world.InvitationAsync(people[1], session))!.Answer);
        Assert.Equal(Answer.Offered, (await world.InvitationAsync(people[2], session))!.Answer);
    }
}
