using CoPBot.Bot.Conversation;
using CoPBot.Cards;
using CoPBot.Cards.Views;
using CoPBot.Services.App;
using CoPBot.Services.Domain;
using Microsoft.EntityFrameworkCore;
using CoPBot.Testing;

namespace CoPBot.Bot.Tests.Conversation;

/// <summary>Issue 9, part 2: what the bot last showed a person in a conversation is what "yes" and "who's going?" mean.</summary>
public sealed class ContextTests
{
    private static readonly ChatUser Maria = ConversationRouterTests.Maria;
    private static readonly ChatUser Sam = ChatTester.User("Sam Rivera");
    private static readonly ChatUser Tom = ChatTester.User("Tom Becker");
    private static readonly HousekeepingPolicy Policy = new(TimeSpan.FromDays(1), TimeSpan.FromDays(30));

    /// <summary>Two open invitations and no context: "yes please" asks which, and records nothing.</summary>
    [Theory, StorageProviders]
    public async Task YesPlease_WithTwoOpenInvitations_AsksWhichOne_AndAnswersNothing(string provider)
    {
        await using var chat = await ChatTester.CreateAsync(provider);
        await TwoSessionsAsync(chat, Sam);

        var reply = await chat.SayAsync(Sam, "yes please");

        var card = Assert.Single(reply.Cards);
        Assert.Equal("Which one?", card.Title);
        Assert.Equal(["IdeaLab · Wed 10 Mar", "IdeaLab · Wed 17 Mar"], card.Actions.Select(a => a.Title));
        Assert.All(card.Actions, a => Assert.Equal(CardActions.RsvpYes, a.Verb));
        Assert.DoesNotContain(await AnswersAsync(chat), a => a is Answer.Yes);
    }

    /// <summary>A press on one of the "Which one?" buttons answers that session alone, with the meaning typed.</summary>
    [Theory, StorageProviders]
    public async Task WhichOnePress_AnswersOnlyThatSession(string provider)
    {
        await using var chat = await ChatTester.CreateAsync(provider);
        await TwoSessionsAsync(chat, Sam);
        var which = Assert.Single((await chat.SayAsync(Sam, "can't make it")).Cards);
        Assert.All(which.Actions, a => Assert.Equal(CardActions.RsvpNo, a.Verb));

        await chat.PressAsync(Sam, which.Actions[1]);

        Assert.Equal([Answer.None, Answer.No], await AnswersAsync(chat));
    }

    /// <summary>What was shown last is what "yes" means: here the second session, though the first is also open.</summary>
    [Theory, StorageProviders]
    public async Task Yes_AfterASessionWasShown_AnswersThatSession(string provider)
    {
        await using var chat = await ChatTester.CreateAsync(provider);
        await TwoSessionsAsync(chat, Sam);
        await chat.SayAsync(Sam, "session idealab-2");

        var yes = await chat.SayAsync(Sam, "count me in");

        Assert.Equal("You're going to Sketching · Wed 17 Mar, 09:30.", yes.Said());
        Assert.Equal([Answer.None, Answer.Yes], await AnswersAsync(chat));
        await chat.SayAsync(Sam, "actually I can't make it");
        Assert.Equal([Answer.None, Answer.No], await AnswersAsync(chat));
    }

    /// <summary>A list of several sessions shown: a bare answer asks which, even with one open invitation only.</summary>
    [Theory, StorageProviders]
    public async Task Yes_AfterAListWasShown_AsksWhichOne(string provider)
    {
        await using var chat = await ChatTester.CreateAsync(provider);
        await TwoSessionsAsync(chat);
        await chat.SayAsync(Sam, "join idealab");
        await chat.SayAsync(Sam, "what's on");

        var card = Assert.Single((await chat.SayAsync(Sam, "yes")).Cards);

        Assert.Equal("Which one?", card.Title);
        Assert.Equal(2, card.Actions.Count);
    }

    /// <summary>Context is per person and per conversation: Tom's card in the group and Sam's personal chat don't count there.</summary>
    [Theory, StorageProviders]
    public async Task Context_IsPerPersonAndPerConversation(string provider)
    {
        await using var chat = await ChatTester.CreateAsync(provider);
        await TwoSessionsAsync(chat, Sam, Tom);
        await chat.SayAsync(Sam, "session idealab-2");
        await chat.SayAsync(Tom, "session idealab-1", ChatConversationKind.Group);

        var inGroup = await chat.SayAsync(Sam, "yes", ChatConversationKind.Group);

        Assert.Equal("Which one?", Assert.Single(inGroup.Cards).Title);
        Assert.Equal("You're going to Sketching · Wed 17 Mar, 09:30.", (await chat.SayAsync(Sam, "yes")).Said());
        Assert.Equal("You're going to Prototyping on paper · Wed 10 Mar, 09:30.", (await chat.SayAsync(Tom, "yes", ChatConversationKind.Group)).Said());
    }

    /// <summary>After the configured hours the context is gone (a bare answer asks again), and housekeeping deletes it.</summary>
    [Theory, StorageProviders]
    public async Task Context_ExpiresAfterItsLifetime_AndHousekeepingDeletesIt(string provider)
    {
        await using var chat = await ChatTester.CreateAsync(provider, new Dictionary<string, string?> { ["Bot:ContextLifetime"] = "02:00:00" });
        await TwoSessionsAsync(chat, Sam);
        chat.World.Advance(TimeSpan.FromHours(3));
        await chat.SayAsync(Sam, "session idealab-2");
        chat.World.Advance(TimeSpan.FromHours(1.9));
        Assert.Equal(1, await ContextRowsAsync(chat));
        var pass = await chat.World.UseAsync<HousekeepingService, HousekeepingReport>(h => h.RunOnceAsync(Policy, TestWorld.Cancellation));
        Assert.Equal(0, pass.ContextsForgotten);

        chat.World.Advance(TimeSpan.FromMinutes(7));
        pass = await chat.World.UseAsync<HousekeepingService, HousekeepingReport>(h => h.RunOnceAsync(Policy, TestWorld.Cancellation));

        Assert.Equal(1, pass.ContextsForgotten);
        Assert.Equal(0, await ContextRowsAsync(chat));
        Assert.Equal("Which one?", Assert.Single((await chat.SayAsync(Sam, "yes")).Cards).Title);
    }

    /// <summary>"who's going?", "who's in it?", "where is it?", "what's the agenda?" are about what was shown.</summary>
    [Theory, StorageProviders]
    public async Task Questions_AreAboutTheSessionInContext(string provider)
    {
        await using var chat = await ChatTester.CreateAsync(provider);
        await TwoSessionsAsync(chat);
        await chat.SayAsync(Sam, "join idealab");
        await chat.SayAsync(Tom, "join idealab");
        await chat.SayAsync(Tom, "rsvp yes idealab-2");
        await chat.SayAsync(Sam, "session idealab-2");

        Assert.Equal("Going to Sketching", Assert.Single((await chat.SayAsync(Sam, "who's going?")).Cards).Title);
        Assert.Equal("Sketching: Wed 17 Mar 2027, 09:30–11:00 (Europe/Berlin), Room 2.", (await chat.SayAsync(Sam, "where is it?")).Said());
        Assert.Equal("IdeaLab · Wed 17 Mar has no agenda yet.", (await chat.SayAsync(Sam, "what's the agenda?")).Said());
        var members = Assert.Single((await chat.SayAsync(Sam, "who's in it?")).Cards);
        Assert.DoesNotContain("Going to", members.Title, StringComparison.Ordinal);
        Assert.Contains(ConversationRouterTests.Flatten(members), t => t.Contains("Tom Becker", StringComparison.Ordinal));
    }

    /// <summary>Was: "Type it like this: who &lt;network or session&gt;". Now a friendly, true line with a way to look.</summary>
    [Theory, StorageProviders]
    public async Task WhosGoing_WithNothingShownAndNothingComing_SaysSoWithASessionsButton(string provider)
    {
        await using var chat = await ChatTester.CreateAsync(provider);
        await ConversationRouterTests.OrganizerSetsUpIdeaLabAsync(chat);

        var reply = await chat.SayAsync(Sam, "who's going?");

        Assert.Equal("You have no session coming up, so there's nobody to show yet.", reply.Said());
        var sessions = Assert.Single(Assert.Single(reply.Cards).Actions);
        Assert.Equal(CardActions.ShowSessions, sessions.Verb);
        var list = Assert.Single((await chat.PressAsync(Sam, sessions)).Cards);
        Assert.Contains("Prototyping on paper (idealab-1)", ConversationRouterTests.Flatten(list).First(t => t.Contains("idealab-1", StringComparison.Ordinal)), StringComparison.Ordinal);
    }

    /// <summary>Was: "You have no open invitation…" to someone already going. Now what is true, with the undo.</summary>
    [Theory, StorageProviders]
    public async Task CountMeIn_WhenAlreadyGoing_SaysSoWithCantMakeIt(string provider)
    {
        await using var chat = await ChatTester.CreateAsync(provider);
        await ConversationRouterTests.OrganizerSetsUpIdeaLabAsync(chat);
        await chat.SayAsync(Sam, "join idealab");
        await chat.SayAsync(Sam, "rsvp yes idealab-1");
        await chat.SayAsync(Sam, "help");

        foreach (var text in (string[])["count me in", "actually I can come"])
        {
            var reply = await chat.SayAsync(Sam, text);

            Assert.Equal("You're already going to IdeaLab · Wed 10 Mar.", reply.Said());
            var undo = Assert.Single(Assert.Single(reply.Cards).Actions);
            Assert.Equal((CardActions.RsvpNo, "Can't make it"), (undo.Verb, undo.Title));
        }

        Assert.Equal([Answer.Yes], await AnswersAsync(chat));
    }

    /// <summary>Was: "You have no open invitation…". Nothing to answer: said plainly, with a Sessions button.</summary>
    [Theory, StorageProviders]
    public async Task CantMakeIt_WithNothingToAnswer_SaysSoWithASessionsButton(string provider)
    {
        await using var chat = await ChatTester.CreateAsync(provider);
        await ConversationRouterTests.OrganizerSetsUpIdeaLabAsync(chat);

        var reply = await chat.SayAsync(Sam, "can't make it");

        Assert.Equal("Nothing is waiting for your answer right now.", reply.Said());
        Assert.Equal(CardActions.ShowSessions, Assert.Single(Assert.Single(reply.Cards).Actions).Verb);
    }

    /// <summary>
    /// Was: "Nothing is waiting for your answer right now." to a newcomer who joined a network whose next session has no
    /// invitation out yet. Joining puts that session in context: "count me in" answers it (creating the invitation) and
    /// "who's going?" is about it.
    /// </summary>
    [Theory, StorageProviders]
    public async Task CountMeIn_RightAfterJoining_AnswersTheNetworksNextSession(string provider)
    {
        await using var chat = await ChatTester.CreateAsync(provider);
        await ConversationRouterTests.OrganizerSetsUpIdeaLabAsync(chat);

        var joined = await chat.SayAsync(Sam, "join idealab");
        Assert.Equal("You're in IdeaLab. Its next session is Prototyping on paper, Wed 10 Mar, 09:30.", joined.Said());
        Assert.Equal(["Details", "Undo"], Assert.Single(joined.Cards).Actions.Select(a => a.Title));
        Assert.Empty(await AnswersAsync(chat));

        var yes = await chat.SayAsync(Sam, "count me in");

        Assert.Equal("You're going to Prototyping on paper · Wed 10 Mar, 09:30.", yes.Said());
        Assert.Equal([Answer.Yes], await AnswersAsync(chat));
        var who = Assert.Single((await chat.SayAsync(Sam, "who's going?")).Cards);
        Assert.Equal("Going to Prototyping on paper", who.Title);
        Assert.Contains(ConversationRouterTests.Flatten(who), t => t.Contains("Sam Rivera (you)", StringComparison.Ordinal));
    }

    /// <summary>Declining right after joining is just as easy, records a no for that session only, and keeps the membership.</summary>
    [Theory, StorageProviders]
    public async Task CantMakeIt_RightAfterJoining_DeclinesTheNextSessionAndStaysAMember(string provider)
    {
        await using var chat = await ChatTester.CreateAsync(provider);
        await ConversationRouterTests.OrganizerSetsUpIdeaLabAsync(chat);
        await chat.SayAsync(Sam, "join idealab");

        var no = await chat.SayAsync(Sam, "can't make it");

        Assert.Equal("No problem, thanks for letting us know.", no.Text);
        Assert.Equal([Answer.No], await AnswersAsync(chat));
        Assert.Equal(1, await chat.World.DbAsync(db => db.Memberships.CountAsync(m => m.LeftAt == null, TestWorld.Cancellation)));
    }

    /// <summary>Joining brings invitations to two sessions: "yes" asks which one rather than guessing.</summary>
    [Theory, StorageProviders]
    public async Task Yes_AfterJoiningWithTwoInvitationsOnTheirWay_AsksWhichOne(string provider)
    {
        await using var chat = await ChatTester.CreateAsync(provider);
        await TwoSessionsAsync(chat);
        await chat.SayAsync(Sam, "settings limit 5");
        var joined = await chat.SayAsync(Sam, "join idealab");
        Assert.StartsWith("You're in IdeaLab. Invitations to its next 2 sessions", joined.Said(), StringComparison.Ordinal);

        var card = Assert.Single((await chat.SayAsync(Sam, "yes")).Cards);

        Assert.Equal("Which one?", card.Title);
        Assert.Equal(2, card.Actions.Count);
        Assert.DoesNotContain(await AnswersAsync(chat), a => a is Answer.Yes);
    }

    /// <summary>IdeaLab with two sessions; each person given joins and is invited to both, and the invitations are delivered.</summary>
    internal static async Task TwoSessionsAsync(ChatTester chat, params ChatUser[] invited)
    {
        await ConversationRouterTests.OrganizerSetsUpIdeaLabAsync(chat);
        var scheduled = await chat.SayAsync(Maria, "schedule idealab: Sketching; when: 2027-03-17 9:30; for: 90 min; where: Room 2; capacity: 12");
        Assert.Contains("as idealab-2", scheduled.Text, StringComparison.Ordinal);
        foreach (var person in invited)
        {
            // Room for both invitations within the weekly limit.
            await chat.SayAsync(person, "settings limit 5");
            await chat.SayAsync(person, "join idealab");
        }

        // The invitations come later than the joins' replies, so in a personal chat they are what was shown last.
        chat.World.Advance(TimeSpan.FromMinutes(1));
        await chat.SayAsync(Maria, "invite idealab-1");
        await chat.SayAsync(Maria, "invite idealab-2");
        await chat.DeliverAsync();
    }

    private static Task<int> ContextRowsAsync(ChatTester chat) =>
        chat.World.DbAsync(db => db.Database.SqlQueryRaw<int>("SELECT COUNT(*) AS \"Value\" FROM \"Contexts\"").SingleAsync(TestWorld.Cancellation));

    private static Task<List<Answer>> AnswersAsync(ChatTester chat) =>
        chat.World.DbAsync(db => Task.FromResult(db.Invitations.OrderBy(i => i.Session!.StartsAt).Select(i => i.Answer).ToList()));
}
