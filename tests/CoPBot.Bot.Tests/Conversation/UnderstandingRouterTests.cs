using CoPBot.Bot.Conversation;
using CoPBot.Cards;
using CoPBot.Cards.Views;
using CoPBot.Services.Domain;
using CoPBot.Testing;
using Microsoft.EntityFrameworkCore;

namespace CoPBot.Bot.Tests.Conversation;

/// <summary>Issue 9's "Observed" examples, end to end through the router on a real database: each does what the person meant.</summary>
public sealed class UnderstandingRouterTests
{
    private static readonly ChatUser Maria = ChatTester.User("Maria Lopez");
    private static readonly ChatUser Tom = ChatTester.User("Tom Becker");

    [Theory, StorageProviders]
    public async Task CountMeIn_WhosGoing_StopInvitingMeTo_DoWhatThePersonMeant(string provider)
    {
        await using var chat = await ChatTester.CreateAsync(provider);
        await SetUpAsync(chat);
        await chat.SayAsync(Tom, "join idealab");
        await chat.SayAsync(Maria, "invite idealab-1");
        await chat.DeliverAsync();

        var yes = await chat.SayAsync(Tom, "count me in");
        Assert.StartsWith("You're going to Prototyping on paper", yes.Said(), StringComparison.Ordinal);

        var who = await chat.SayAsync(Tom, "who's going?");
        var roster = Assert.Single(who.Cards);
        Assert.Contains("Tom Becker (you)", roster.Sections.SelectMany(s => s.Items).Select(i => i.Text));

        var no = await chat.SayAsync(Tom, "actually I can't make it");
        Assert.Equal("No problem, thanks for letting us know.", no.Text);

        var maybe = await chat.SayAsync(Tom, "maybe");
        Assert.Equal(Understanding.MaybeReply, maybe.Text);

        var stop = await chat.SayAsync(Tom, "stop inviting me to idealab");
        Assert.StartsWith("No more personal invitations from IdeaLab", stop.Said(), StringComparison.Ordinal);
    }

    [Theory, StorageProviders]
    public async Task JoinByDisplayNameOrPart_FindsTheNetwork_AndSeveralMatchesAreListed(string provider)
    {
        await using var chat = await ChatTester.CreateAsync(provider);
        await SetUpAsync(chat);

        var joined = await chat.SayAsync(Tom, "join Facilitation Network");
        Assert.StartsWith("You're in Facilitation Network.", joined.Said(), StringComparison.Ordinal);

        var left = await chat.SayAsync(Tom, "leave facilitation");
        Assert.StartsWith("You've left Facilitation Network.", left.Said(), StringComparison.Ordinal);

        var typo = await chat.SayAsync(Tom, "sign me up for the facilitaton network");
        Assert.StartsWith("You're in Facilitation Network.", typo.Said(), StringComparison.Ordinal);

        await chat.SayAsync(Maria, "new network Facilitation Lab; handle: faclab; purpose: Trying formats; cadence: monthly");
        var several = await chat.SayAsync(Tom, "join facil");
        Assert.Contains("Several networks match \"facil\"", several.Text, StringComparison.Ordinal);
        Assert.Contains("Facilitation Lab (faclab)", several.Text, StringComparison.Ordinal);
        Assert.Contains("Facilitation Network (facilitation)", several.Text, StringComparison.Ordinal);

        var none = await chat.SayAsync(Tom, "join underwater basket weaving");
        Assert.StartsWith("I can't find a network called \"underwater basket weaving\"", none.Text, StringComparison.Ordinal);
    }

    [Theory, StorageProviders]
    public async Task Thanks_AndWhatCanYouDo_AreShort_NotTheHelpCard(string provider)
    {
        await using var chat = await ChatTester.CreateAsync(provider);

        var thanks = await chat.SayAsync(Tom, "thanks");
        Assert.Equal(Understanding.ThanksReply, thanks.Text);
        Assert.Empty(thanks.Cards);

        var can = await chat.SayAsync(Tom, "what can you do?");
        Assert.Empty(can.Cards);
        Assert.Equal(2, can.Text!.Split('\n').Length);
        Assert.EndsWith("Type \"help\" for more.", can.Text, StringComparison.Ordinal);

        var hi = await chat.SayAsync(Tom, "hi");
        Assert.Equal(Understanding.GreetingReply, hi.Text);
        Assert.Empty(hi.Cards);
    }

    [Theory, StorageProviders]
    public async Task WhatsOn_ByPeriod_AndWhenIsTheNext(string provider)
    {
        await using var chat = await ChatTester.CreateAsync(provider);
        await SetUpAsync(chat);

        // The world starts on Monday 1 March 2027; the session is on Wednesday 10 March.
        var nextWeek = Assert.Single((await chat.SayAsync(Tom, "what's on next week?")).Cards);
        Assert.Contains(ConversationRouterTests.Flatten(nextWeek), s => s.Contains("Prototyping on paper", StringComparison.Ordinal));

        var thisWeek = Assert.Single((await chat.SayAsync(Tom, "anything this week?")).Cards);
        Assert.DoesNotContain(ConversationRouterTests.Flatten(thisWeek), s => s.Contains("Prototyping on paper", StringComparison.Ordinal));
        Assert.Contains(ConversationRouterTests.Flatten(thisWeek), s => s.Contains("Nothing scheduled this week", StringComparison.Ordinal));

        var next = Assert.Single((await chat.SayAsync(Tom, "when is the next idealab")).Cards);
        Assert.Contains("Prototyping on paper", next.Title, StringComparison.Ordinal);
    }

    [Theory, StorageProviders]
    public async Task SettingsAndPause_InPlainWords(string provider)
    {
        await using var chat = await ChatTester.CreateAsync(provider);
        await SetUpAsync(chat);
        await chat.SayAsync(Tom, "join idealab");

        var reminders = await chat.SayAsync(Tom, "turn off reminders");
        Assert.DoesNotContain("I didn't understand", reminders.Text, StringComparison.Ordinal);
        var zone = await chat.SayAsync(Tom, "my time zone is America/Chicago");
        Assert.DoesNotContain("I didn't understand", zone.Text, StringComparison.Ordinal);
        var quiet = await chat.SayAsync(Tom, "quiet hours off");
        Assert.DoesNotContain("I didn't understand", quiet.Text, StringComparison.Ordinal);

        var tom = await chat.World.DbAsync(db => db.People.SingleAsync(p => p.DisplayName == "Tom Becker", TestWorld.Cancellation));
        Assert.False(tom.Settings.Reminders);
        Assert.Equal("America/Chicago", tom.TimeZoneId);
        Assert.Equal(tom.Settings.QuietHoursStart, tom.Settings.QuietHoursEnd);

        var paused = await chat.SayAsync(Tom, "pause idealab for 2 weeks");
        Assert.StartsWith("IdeaLab is paused until", paused.Said(), StringComparison.Ordinal);
        Assert.Contains("15", paused.Said(), StringComparison.Ordinal);
    }

    [Theory, StorageProviders]
    public async Task Organizer_SchedulesInOneNaturalLine(string provider)
    {
        await using var chat = await ChatTester.CreateAsync(provider);
        await SetUpAsync(chat);

        var scheduled = await chat.SayAsync(Maria, "schedule idealab next Thursday 9:30 in Room 4B for 12 people");
        Assert.StartsWith("Scheduled IdeaLab as idealab-2", scheduled.Text, StringComparison.Ordinal);
        var facts = ConversationRouterTests.Flatten(Assert.Single(scheduled.Cards)).ToList();
        Assert.Contains(facts, s => s.Contains("Room 4B", StringComparison.Ordinal));
        Assert.Contains(facts, s => s.Contains("12", StringComparison.Ordinal));
        Assert.Contains(facts, s => s.Contains("Thu", StringComparison.Ordinal) && s.Contains("4 Mar", StringComparison.Ordinal));
    }

    /// <summary>A named month lists that month's sessions, in the person's zone.</summary>
    [Theory, StorageProviders]
    public async Task WhatsOnInAMonth_ListsThatMonthsSessions(string provider)
    {
        await using var chat = await ChatTester.CreateAsync(provider);
        await SetUpAsync(chat);

        var march = Assert.Single((await chat.SayAsync(Tom, "what's on in March?")).Cards);
        var april = Assert.Single((await chat.SayAsync(Tom, "anything in april")).Cards);

        Assert.Equal("Upcoming sessions in March", march.Title);
        Assert.Contains(march.Sections.SelectMany(s => s.Items), i => i.Text.Contains("Prototyping on paper", StringComparison.Ordinal));
        Assert.Equal("Upcoming sessions in April", april.Title);
        Assert.Empty(april.Sections.SelectMany(s => s.Items));
    }

    /// <summary>"mute idealab" without a date asks "Until when?" with buttons, instead of an error; each button pauses until its date.</summary>
    [Theory, StorageProviders]
    public async Task PauseWithoutADate_AsksUntilWhen_AndAButtonPausesUntilItsDate(string provider)
    {
        await using var chat = await ChatTester.CreateAsync(provider);
        await SetUpAsync(chat);
        await chat.SayAsync(Tom, "join idealab");

        var asked = Assert.Single((await chat.SayAsync(Tom, "mute idealab")).Cards);

        Assert.Equal("Pause IdeaLab until when?", asked.Title);
        Assert.Equal(["2 weeks", "A month", "3 months"], asked.Actions.Select(a => a.Title));
        Assert.All(asked.Actions, a => Assert.Equal(CardActions.PauseNetwork, a.Verb));
        var paused = await chat.PressAsync(Tom, asked.Actions[1]);
        Assert.Equal("IdeaLab is paused until Thu 1 Apr 2027.", Assert.Single(paused.Cards).Title);
        var membership = await chat.World.DbAsync(db => db.Memberships.SingleAsync(m => m.PausedUntil != null, TestWorld.Cancellation));
        Assert.Equal(new DateOnly(2027, 4, 1), membership.PausedUntil);

        var broken = await chat.PressAsync(Tom, asked.Actions[0] with { Data = new Dictionary<string, string> { [CardActions.NetworkKey] = "idealab", [CardActions.UntilKey] = "soon" } });
        Assert.Contains("lost track of its date", broken.Text, StringComparison.Ordinal);

        var notMember = await chat.SayAsync(Tom, "snooze facilitation");
        Assert.Contains("You're not in Facilitation Network", notMember.Text, StringComparison.Ordinal);
    }

    /// <summary>
    /// Was: "Type it like this: leave &lt;network&gt;" to "leave", and "I can't find a network called \"this\"" to "leave this
    /// group". Naming no network: the only one is left (with Rejoin); in several, "Leave which network?" with a button each.
    /// </summary>
    [Theory, StorageProviders]
    public async Task LeaveWithoutANetwork_LeavesTheOnlyOne_OrAsksWhichWithAButtonEach(string provider)
    {
        await using var chat = await ChatTester.CreateAsync(provider);
        await SetUpAsync(chat);
        await chat.SayAsync(Tom, "join idealab");
        await chat.SayAsync(Tom, "join facilitation");

        var asked = Assert.Single((await chat.SayAsync(Tom, "I want to leave this group")).Cards);

        Assert.Equal(("Leave which network?", CardKinds.Choice), (asked.Title, asked.Kind));
        Assert.Equal(["Facilitation Network", "IdeaLab"], asked.Actions.Select(a => a.Title));
        Assert.All(asked.Actions, a => Assert.Equal(CardActions.LeaveNetwork, a.Verb));
        Assert.Equal(2, await MembershipsAsync(chat));
        Assert.StartsWith("You've left IdeaLab.", (await chat.PressAsync(Tom, asked.Actions[1])).Said(), StringComparison.Ordinal);

        var left = await chat.SayAsync(Tom, "unsubscribe me");
        Assert.StartsWith("You've left Facilitation Network.", left.Said(), StringComparison.Ordinal);
        Assert.Equal(0, await MembershipsAsync(chat));
        Assert.Equal("You're not in any network.", (await chat.SayAsync(Tom, "leave")).Text);
    }

    /// <summary>Was: "I can't find a network called \"more invites\"". In two inviting networks: "Stop invitations from which network?".</summary>
    [Theory, StorageProviders]
    public async Task NoMoreInvites_InTwoNetworks_AsksWhich_AndTheButtonStopsOnlyThatOne(string provider)
    {
        await using var chat = await ChatTester.CreateAsync(provider);
        await SetUpAsync(chat);
        await chat.SayAsync(Tom, "join idealab");
        await chat.SayAsync(Tom, "join facilitation");

        var asked = Assert.Single((await chat.SayAsync(Tom, "no more invites please")).Cards);

        Assert.Equal("Stop invitations from which network?", asked.Title);
        Assert.All(asked.Actions, a => Assert.Equal(CardActions.StopInviting, a.Verb));
        await chat.PressAsync(Tom, asked.Actions.Single(a => a.Title == "IdeaLab"));
        var levels = await chat.World.DbAsync(db => db.Memberships.Where(m => m.LeftAt == null).OrderBy(m => db.Networks.Single(n => n.Id == m.NetworkId).Handle).Select(m => m.Level).ToListAsync(TestWorld.Cancellation));
        Assert.Equal([MembershipLevel.Invitations, MembershipLevel.AnnouncementsOnly], levels);
    }

    private static Task<int> MembershipsAsync(ChatTester chat) =>
        chat.World.DbAsync(db => db.Memberships.CountAsync(m => m.LeftAt == null, TestWorld.Cancellation));

    private static async Task SetUpAsync(ChatTester chat)
    {
        await chat.SayAsync(Maria, "new network IdeaLab; handle: idealab; purpose: A bi-monthly skills session; cadence: every other month");
        await chat.SayAsync(Maria, "new network Facilitation Network; handle: facilitation; purpose: Facilitators help each other; cadence: monthly");
        var scheduled = await chat.SayAsync(Maria, "schedule idealab: Prototyping on paper; when: 2027-03-10 9:30; for: 90 min; where: Room 4B, City Hall; capacity: 12");
        Assert.Contains("as idealab-1", scheduled.Text, StringComparison.Ordinal);
    }
}
