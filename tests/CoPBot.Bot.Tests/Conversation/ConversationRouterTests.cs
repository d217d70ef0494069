using System.Reflection;
using CoPBot.Bot.Conversation;
using CoPBot.Cards;
using CoPBot.Cards.Views;
using CoPBot.Services.Domain;
using CoPBot.Services.Outbox;
using CoPBot.Testing;
using Microsoft.EntityFrameworkCore;

namespace CoPBot.Bot.Tests.Conversation;

public sealed class ConversationRouterTests
{
    internal static readonly ChatUser Maria = ChatTester.User("Maria Lopez");
    private static readonly ChatUser Sam = ChatTester.User("Sam Rivera");
    private static readonly ChatUser Tom = ChatTester.User("Tom Becker");
    private static readonly ChatUser Grace = ChatTester.User("Grace Kim");

    /// <summary>Issue 2's "done when", through the router: join, receive, say no with one word, change mind, ask who.</summary>
    [Theory, StorageProviders]
    public async Task Newcomer_JoinsReceivesDeclinesChangesMindAndAsksWho_NeverSeesWhoDeclined(string provider)
    {
        await using var chat = await ChatTester.CreateAsync(provider);
        await OrganizerSetsUpIdeaLabAsync(chat);
        await chat.SayAsync(Tom, "join idealab");
        await chat.SayAsync(Grace, "join idealab");
        var invite = await chat.SayAsync(Maria, "invite idealab-1");
        Assert.Contains("Inviting 2 members", invite.Text, StringComparison.Ordinal);
        await chat.DeliverAsync();
        await chat.SayAsync(Tom, "no");
        await chat.SayAsync(Grace, "yes");

        var joined = await chat.SayAsync(Sam, "join IdeaLab");
        Assert.Equal("You're in IdeaLab. An invitation to its next session is on its way.", Assert.Single(joined.Cards).Title);
        chat.Delivered.GetStringBuilder().Clear();
        await chat.DeliverAsync();
        var delivered = chat.Delivered.ToString();
        Assert.Contains("Prototyping on paper", delivered, StringComparison.Ordinal);
        Assert.Contains("Maria Lopez invites you", delivered, StringComparison.Ordinal);
        Assert.Contains("No thanks", delivered, StringComparison.Ordinal);
        Assert.Contains("Stop inviting me", delivered, StringComparison.Ordinal);

        var no = await chat.SayAsync(Sam, "no");
        Assert.Equal("No problem, thanks for letting us know.", no.Text);
        var afterNo = await chat.OutboxAsync();
        Assert.DoesNotContain(afterNo, m => m.Kind == OutboxKind.Reminder && m.Status == OutboxStatus.Pending && m.PersonId is not null
            && afterNo.Any(x => x.PersonId == m.PersonId && x.Kind == OutboxKind.Invitation && x.Key.Contains("sam", StringComparison.Ordinal)));

        var yes = await chat.SayAsync(Sam, "yes");
        Assert.StartsWith("You're going to Prototyping on paper", Assert.Single(yes.Cards).Title, StringComparison.Ordinal);

        var who = await chat.SayAsync(Sam, "who is going to idealab");
        var roster = Assert.Single(who.Cards);
        var names = roster.Sections.SelectMany(s => s.Items).Select(i => i.Text).ToList();
        Assert.Contains("Grace Kim", names);
        Assert.Contains("Sam Rivera (you)", names);
        Assert.DoesNotContain(names, n => n.Contains("Tom", StringComparison.Ordinal));
        Assert.DoesNotContain(Flatten(roster), s => s.Contains("Tom", StringComparison.Ordinal) || s.Contains("declin", StringComparison.OrdinalIgnoreCase));
    }

    [Theory, StorageProviders]
    public async Task Stats_ForOrganizer_ShowsCountsAndFoldsDeclinesIntoNotThisTime(string provider)
    {
        await using var chat = await ChatTester.CreateAsync(provider);
        await OrganizerSetsUpIdeaLabAsync(chat);
        await chat.SayAsync(Tom, "join idealab");
        await chat.SayAsync(Grace, "join idealab");
        await chat.SayAsync(Sam, "join idealab");
        await chat.SayAsync(Maria, "invite idealab-1");
        await chat.SayAsync(Tom, "rsvp no idealab-1");
        await chat.SayAsync(Grace, "rsvp yes idealab-1");

        var stats = Assert.Single((await chat.SayAsync(Maria, "stats idealab-1")).Cards);

        Assert.Equal("3", stats.Facts.Single(f => f.Label == "Invited").Value);
        Assert.Equal("1 of 12", stats.Facts.Single(f => f.Label == "Going").Value);
        Assert.Equal("2", stats.Facts.Single(f => f.Label == "Not this time").Value);
        Assert.DoesNotContain(Flatten(stats), s => s.Contains("Tom", StringComparison.Ordinal) || s.Contains("Sam", StringComparison.Ordinal));
    }

    [Theory, StorageProviders]
    public async Task CardButtons_AcceptThenNoThanks_UpdateTheCardInPlace(string provider)
    {
        await using var chat = await ChatTester.CreateAsync(provider);
        await OrganizerSetsUpIdeaLabAsync(chat);
        await chat.SayAsync(Sam, "join idealab");
        var invitation = Assert.Single((await chat.SayAsync(Sam, "session idealab-1")).Cards);
        var accept = invitation.Actions.Single(a => a.Verb == CardActions.RsvpYes);

        var accepted = await chat.PressAsync(Sam, accept);
        Assert.NotNull(accepted.UpdatedCard);
        Assert.Equal("You're going. Changed your mind? That's fine too.", accepted.UpdatedCard.Status);
        Assert.Contains(accepted.UpdatedCard.Links, l => l.Url.AbsolutePath.StartsWith("/calendar/", StringComparison.Ordinal));

        var declined = await chat.PressAsync(Sam, accepted.UpdatedCard.Actions.Single(a => a.Verb == CardActions.RsvpNo));
        Assert.Equal("No problem, thanks for letting us know.", declined.UpdatedCard!.Status);
        Assert.Equal(Answer.No, (await chat.World.DbAsync(db => Task.FromResult(db.Invitations.Single()))).Answer);
    }

    [Theory, StorageProviders]
    public async Task StopInvitingMe_FromTheCard_LeavesAMemberWithAnnouncementsOnly(string provider)
    {
        await using var chat = await ChatTester.CreateAsync(provider);
        await OrganizerSetsUpIdeaLabAsync(chat);
        await chat.SayAsync(Sam, "join idealab");
        var card = Assert.Single((await chat.SayAsync(Sam, "session idealab-1")).Cards);

        var stopped = await chat.PressAsync(Sam, card.Actions.Single(a => a.Verb == CardActions.StopInviting));

        Assert.Equal("No more personal invitations from IdeaLab.", stopped.UpdatedCard!.Status);
        var membership = await chat.World.DbAsync(db => Task.FromResult(db.Memberships.Single(m => m.LeftAt == null && m.Level == MembershipLevel.AnnouncementsOnly)));
        Assert.NotNull(membership);
    }

    [Theory, StorageProviders]
    public async Task RedeliveredTurn_WithTheSameId_ChangesNothingTwice(string provider)
    {
        await using var chat = await ChatTester.CreateAsync(provider);
        await OrganizerSetsUpIdeaLabAsync(chat);
        await chat.SayAsync(Sam, "join idealab");

        var first = await chat.SayAsync(Sam, "rsvp yes idealab-1", turnId: "event-1");
        var again = await chat.SayAsync(Sam, "rsvp no idealab-1", turnId: "event-1");

        Assert.False(first.IsEmpty);
        Assert.True(again.IsEmpty);
        Assert.Equal(Answer.Yes, (await chat.World.DbAsync(db => Task.FromResult(db.Invitations.Single()))).Answer);
    }

    [Theory, StorageProviders]
    public async Task QuestionAskedAgain_ChangesNothing_WritesNothingAndItsRedeliveryIsAnsweredOnce(string provider)
    {
        await using var chat = await ChatTester.CreateAsync(provider);
        await OrganizerSetsUpIdeaLabAsync(chat);
        await chat.SayAsync(Sam, "join idealab");
        await chat.SayAsync(Sam, "sessions", turnId: "event-1");
        var before = await chat.World.DbAsync(async db => (
            Turns: await db.ProcessedTurns.Select(t => t.Key).OrderBy(k => k).ToListAsync(TestContext.Current.CancellationToken),
            Shown: await db.Contexts.Select(c => c.ShownAt).SingleAsync(TestContext.Current.CancellationToken)));

        chat.World.Advance(TimeSpan.FromSeconds(20));
        var asked = await chat.SayAsync(Sam, "sessions", turnId: "event-2");
        var redelivered = await chat.SayAsync(Sam, "sessions", turnId: "event-2");

        Assert.False(asked.IsEmpty);
        Assert.True(redelivered.IsEmpty);
        var after = await chat.World.DbAsync(async db => (
            Turns: await db.ProcessedTurns.Select(t => t.Key).OrderBy(k => k).ToListAsync(TestContext.Current.CancellationToken),
            Shown: await db.Contexts.Select(c => c.ShownAt).SingleAsync(TestContext.Current.CancellationToken)));
        Assert.Equal(before.Turns, after.Turns);
        Assert.Contains(before.Turns, k => k.EndsWith(":event-1", StringComparison.Ordinal));
        Assert.Equal(before.Shown, after.Shown);
    }

    [Theory]
    [InlineData("joinn idealab", "join")]
    [InlineData("sesions", "sessions")]
    [InlineData("setings", "settings")]
    public async Task UnknownCommand_GetsDidYouMeanWithTheRightForm(string typed, string expected)
    {
        await using var chat = await ChatTester.CreateAsync(StorageProvider.SqliteName);

        var reply = await chat.SayAsync(Sam, typed);

        Assert.Contains("Did you mean", reply.Text, StringComparison.Ordinal);
        Assert.Contains($"\"{expected}", reply.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task MalformedSchedule_AnswersWithTheRightFormAndStoresNothing()
    {
        await using var chat = await ChatTester.CreateAsync(StorageProvider.SqliteName);
        await chat.SayAsync(Maria, "new network IdeaLab; handle: idealab");

        var reply = await chat.SayAsync(Maria, "schedule idealab: Prototyping; when: someday; where: Room 4B");

        Assert.Contains("Example: schedule idealab", reply.Text, StringComparison.Ordinal);
        Assert.Equal(0, await chat.World.DbAsync(db => Task.FromResult(db.Sessions.Count())));
    }

    [Fact]
    public async Task Schedule_WordedAsAMandate_IsRefusedWithASuggestion()
    {
        await using var chat = await ChatTester.CreateAsync(StorageProvider.SqliteName);
        await chat.SayAsync(Maria, "new network IdeaLab; handle: idealab");

        var reply = await chat.SayAsync(Maria, "schedule idealab: Mandatory prototyping; when: 2027-03-10 9:30; where: Room 4B");

        Assert.Contains("reads like a mandate", reply.Text, StringComparison.Ordinal);
        Assert.Equal(0, await chat.World.DbAsync(db => Task.FromResult(db.Sessions.Count())));
    }

    [Fact]
    public async Task Schedule_ByAMember_IsRefused()
    {
        await using var chat = await ChatTester.CreateAsync(StorageProvider.SqliteName);
        await OrganizerSetsUpIdeaLabAsync(chat);
        await chat.SayAsync(Sam, "join idealab");

        var reply = await chat.SayAsync(Sam, "schedule idealab: My session; when: 2027-03-10 9:30; where: Room 4B");

        Assert.Equal("Only IdeaLab's organizers can do that.", reply.Text);
    }

    [Fact]
    public async Task Pause_UntilANaturalDate_StopsInvitationsUntilThen()
    {
        await using var chat = await ChatTester.CreateAsync(StorageProvider.SqliteName);
        await OrganizerSetsUpIdeaLabAsync(chat);
        await chat.SayAsync(Sam, "join idealab");

        var reply = await chat.SayAsync(Sam, "pause idealab until 2027-04-01");

        Assert.Equal("IdeaLab is paused until Thu 1 Apr 2027.", Assert.Single(reply.Cards).Title);
        var membership = await chat.World.DbAsync(db => Task.FromResult(db.Memberships.Single(m => m.PausedUntil != null)));
        Assert.Equal(new DateOnly(2027, 4, 1), membership.PausedUntil);
    }

    [Fact]
    public async Task ForgetMe_AsksForConfirmationThenForgets()
    {
        await using var chat = await ChatTester.CreateAsync(StorageProvider.SqliteName);
        await chat.SayAsync(Sam, "help");

        var warning = await chat.SayAsync(Sam, "forget me");
        Assert.Contains("forget me confirm", warning.Text, StringComparison.Ordinal);
        Assert.Equal(1, await chat.World.DbAsync(db => Task.FromResult(db.People.Count())));

        await chat.SayAsync(Sam, "forget me confirm");
        Assert.Equal(0, await chat.World.DbAsync(db => Task.FromResult(db.Accounts.Count(a => a.UserId == "sam rivera"))));
    }

    [Fact]
    public async Task MyData_ReturnsThePersonsOwnDataPrivately()
    {
        await using var chat = await ChatTester.CreateAsync(StorageProvider.SqliteName);
        await OrganizerSetsUpIdeaLabAsync(chat);
        await chat.SayAsync(Sam, "join idealab");

        var reply = await chat.SayAsync(Sam, "my data");

        Assert.True(reply.Private);
        Assert.Contains("\"handle\": \"idealab\"", reply.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("Maria", reply.Text!, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Settings_ChangeQuietHoursAndVisibility_AreSavedAndShown()
    {
        await using var chat = await ChatTester.CreateAsync(StorageProvider.SqliteName);

        await chat.SayAsync(Sam, "settings quiet 21:00-07:30");
        var reply = await chat.SayAsync(Sam, "settings visibility hidden");
        Assert.Equal("Nobody sees your name on rosters.", Assert.Single(reply.Cards).Title);

        var card = Assert.Single((await chat.SayAsync(Sam, "settings")).Cards);
        Assert.Equal("21:00–07:30", card.Facts.Single(f => f.Label == "Quiet hours").Value);
        Assert.Equal("Nobody sees my name", card.Facts.Single(f => f.Label == "On rosters").Value);
    }

    /// <summary>
    /// Every verb the card builders can put on a button (a constant of CardActions, besides the data keys) has exactly
    /// one route; a second route for a verb would already fail the route table's construction.
    /// </summary>
    [Fact]
    public void EveryCardVerb_HasARouteWithAHandler()
    {
        var verbs = typeof(CardActions).GetFields(BindingFlags.Public | BindingFlags.Static)
            .Where(f => f.IsLiteral && !f.Name.EndsWith("Key", StringComparison.Ordinal))
            .Select(f => (string)f.GetRawConstantValue()!)
            .Order(StringComparer.Ordinal)
            .ToList();

        Assert.Equal(verbs, ConversationRouter.ActionRoutes.Select(r => r.Verb).Order(StringComparer.Ordinal));
        Assert.Equal(verbs, CardActions.All.Order(StringComparer.Ordinal));
        Assert.Equal(verbs, ConversationRouter.HandledVerbs.Order(StringComparer.Ordinal));
    }

    /// <summary>Every command of the grammar is served by its own route, and every route's words parse back to it.</summary>
    [Fact]
    public void EveryCommand_IsItsRoute_AndItsFirstWordParsesToIt()
    {
        Assert.Equal(ConversationRouter.CommandRoutes.Select(r => r.Spec), CommandGrammar.Commands);
        Assert.All(ConversationRouter.CommandRoutes.Where(r => r.Spec.Name != "sendinvites"), route =>
            Assert.Equal(route.Spec.Name, CommandGrammar.Parse(route.Spec.Words[0] + (route.Spec.Name == "invite" ? " Sam to idealab" : " x"), out _)?.Spec.Name));
    }

    [Fact]
    public async Task UnknownVerb_FromAnOldCard_GetsAClearAnswerNotAnError()
    {
        await using var chat = await ChatTester.CreateAsync(StorageProvider.SqliteName);

        var reply = await chat.PressAsync(Sam, new CardAction("retired.verb", "Old"));

        Assert.Contains("older version", reply.Text, StringComparison.Ordinal);
    }

    internal static async Task OrganizerSetsUpIdeaLabAsync(ChatTester chat)
    {
        var created = await chat.SayAsync(Maria, "new network IdeaLab; handle: idealab; purpose: A bi-monthly skills session; cadence: every other month");
        Assert.Contains("IdeaLab is ready", created.Text, StringComparison.Ordinal);
        var scheduled = await chat.SayAsync(Maria, "schedule idealab: Prototyping on paper; when: 2027-03-10 9:30; for: 90 min; where: Room 4B, City Hall; capacity: 12; prep: Bring one problem");
        Assert.Contains("as idealab-1", scheduled.Text, StringComparison.Ordinal);
    }

    /// <summary>Every text a card shows, for assertions about what a person can read.</summary>
    internal static IEnumerable<string> Flatten(CardView card) =>
        new[] { card.Title, card.Subtitle ?? "", card.Status ?? "" }
            .Concat(card.Paragraphs)
            .Concat(card.Facts.SelectMany(f => new[] { f.Label, f.Value }))
            .Concat(card.Sections.SelectMany(s => s.Items.Select(i => $"{i.Text} {i.Detail}").Append(s.Heading)));
}
