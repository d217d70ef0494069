using CoPBot.Bot.Conversation;
using CoPBot.Cards;
using CoPBot.Cards.Rendering;
using CoPBot.Cards.Views;
using CoPBot.Services.Domain;
using CoPBot.Testing;

namespace CoPBot.Bot.Tests.Conversation;

/// <summary>Issue 9, part 3: a finished action in one line with its undo; a settings change answers with that setting; help is short.</summary>
public sealed class ShortAnswerTests
{
    private static readonly ChatUser Maria = ChatTester.User("Maria Lopez");
    private static readonly ChatUser Sam = ChatTester.User("Sam Rivera");

    [Theory, StorageProviders]
    public async Task Join_IsOneLineWithUndo_UndoLeavesAndRejoinComesBack(string provider)
    {
        await using var chat = await ChatTester.CreateAsync(provider);
        await ConversationRouterTests.OrganizerSetsUpIdeaLabAsync(chat);

        var joined = await chat.SayAsync(Sam, "join idealab");

        // The one line names the next session (what "count me in" would answer); Undo is the last button.
        var undo = OneLine(joined, "You're in IdeaLab. Its next session is Prototyping on paper, Wed 10 Mar, 09:30.").Actions[^1];
        Assert.Equal((CardActions.LeaveNetwork, "Undo"), (undo.Verb, undo.Title));
        var left = await chat.PressAsync(Sam, undo);
        var rejoin = OneLine(left, "You've left IdeaLab.", CardActions.JoinNetwork, "Rejoin");
        Assert.Equal(0, await ActiveMembershipsAsync(chat));

        Assert.Equal(CardActions.LeaveNetwork, OneLine(await chat.PressAsync(Sam, rejoin), "You're in IdeaLab.").Actions[^1].Verb);
        Assert.Equal(1, await ActiveMembershipsAsync(chat));
    }

    [Theory, StorageProviders]
    public async Task Pause_IsOneLineWithResume_ResumeEndsThePause(string provider)
    {
        await using var chat = await ChatTester.CreateAsync(provider);
        await ConversationRouterTests.OrganizerSetsUpIdeaLabAsync(chat);
        await chat.SayAsync(Sam, "join idealab");

        var resume = OneLine(await chat.SayAsync(Sam, "pause idealab until 2027-04-01"), "IdeaLab is paused until Thu 1 Apr 2027.", CardActions.ResumeNetwork, "Resume");
        OneLine(await chat.PressAsync(Sam, resume), "Invitations from IdeaLab are on again.");

        var membership = await chat.World.DbAsync(db => Task.FromResult(db.Memberships.Single(m => m.LeftAt == null)));
        Assert.Null(membership.PausedUntil);
        Assert.Equal(MembershipLevel.Invitations, membership.Level);
    }

    [Theory, StorageProviders]
    public async Task StopInviting_IsOneLineWithUndo_UndoTurnsInvitationsBackOn(string provider)
    {
        await using var chat = await ChatTester.CreateAsync(provider);
        await ConversationRouterTests.OrganizerSetsUpIdeaLabAsync(chat);
        await chat.SayAsync(Sam, "join idealab");

        var undo = OneLine(await chat.SayAsync(Sam, "stop inviting me idealab"), "No more personal invitations from IdeaLab.", CardActions.ResumeNetwork, "Undo");
        Assert.Equal(MembershipLevel.AnnouncementsOnly, await LevelAsync(chat));

        OneLine(await chat.PressAsync(Sam, undo), "Invitations from IdeaLab are on again.");
        Assert.Equal(MembershipLevel.Invitations, await LevelAsync(chat));
    }

    /// <summary>A yes gets one line and "Can't make it"; a no gets the short thanks alone (rule 3).</summary>
    [Theory, StorageProviders]
    public async Task RsvpYes_IsOneLineWithCantMakeIt_WhichDeclines_AndNoIsAShortThanks(string provider)
    {
        await using var chat = await ChatTester.CreateAsync(provider);
        await ConversationRouterTests.OrganizerSetsUpIdeaLabAsync(chat);
        await chat.SayAsync(Sam, "join idealab");

        var yes = await chat.SayAsync(Sam, "rsvp yes idealab-1");

        var line = Assert.Single(yes.Cards);
        Assert.StartsWith("You're going to Prototyping on paper · ", line.Title, StringComparison.Ordinal);
        var cantMakeIt = Assert.Single(line.Actions);
        Assert.Equal((CardActions.RsvpNo, "Can't make it"), (cantMakeIt.Verb, cantMakeIt.Title));
        await chat.PressAsync(Sam, cantMakeIt);
        Assert.Equal(Answer.No, (await chat.World.DbAsync(db => Task.FromResult(db.Invitations.Single()))).Answer);

        await chat.SayAsync(Sam, "yes");
        var no = await chat.SayAsync(Sam, "no");
        Assert.Equal("No problem, thanks for letting us know.", no.Text);
        Assert.Empty(no.Cards);
    }

    [Theory, StorageProviders]
    public async Task SettingsChange_AnswersWithThatSettingAlone_AndItsButtonUndoes(string provider)
    {
        await using var chat = await ChatTester.CreateAsync(provider);

        var turnOn = OneLine(await chat.SayAsync(Sam, "settings reminders off"), "Reminders are off.", CardActions.SetSetting, "Turn on");
        OneLine(await chat.PressAsync(Sam, turnOn), "Reminders are on.", CardActions.SetSetting, "Turn off");
        Assert.Equal("The day before sessions you said yes to", await SettingAsync(chat, "Reminders"));

        var undo = OneLine(await chat.SayAsync(Sam, "settings quiet 21:00-07:30"), "Quiet hours are 21:00–07:30.", CardActions.SetSetting, "Undo");
        Assert.Equal("21:00–07:30", await SettingAsync(chat, "Quiet hours"));
        OneLine(await chat.PressAsync(Sam, undo), "Quiet hours are 20:00–08:00.", CardActions.SetSetting, "Undo");
        Assert.Equal("20:00–08:00", await SettingAsync(chat, "Quiet hours"));
    }

    /// <summary>A setting that holds the person's own words is quoted clipped, never echoed at length.</summary>
    [Fact]
    public async Task SettingsDepartment_LongText_IsNotEchoedBackInFull()
    {
        await using var chat = await ChatTester.CreateAsync(StorageProvider.SqliteName);
        var department = string.Concat(Enumerable.Repeat("Planning and Building ", 8));

        var reply = await chat.SayAsync(Sam, "settings department " + department);

        var line = Assert.Single(reply.Cards).Title;
        Assert.StartsWith("Your department is Planning and Building", line, StringComparison.Ordinal);
        Assert.True(line.Length < "Your department is .".Length + UserText.MaxQuotedLength + 5, line);
    }

    [Fact]
    public async Task Help_IsAFewLinesWithMore_AndMoreHasEveryCommandForOrganizers()
    {
        await using var chat = await ChatTester.CreateAsync(StorageProvider.SqliteName);
        await ConversationRouterTests.OrganizerSetsUpIdeaLabAsync(chat);

        var help = Assert.Single((await chat.SayAsync(Sam, "help")).Cards);

        var lines = PlainTextRenderer.Render(help).Text.Split('\n').Where(l => l.Trim().Length > 0 && !l.StartsWith('─')).ToList();
        Assert.InRange(lines.Count, 3, 10);
        var more = Assert.Single(help.Actions, a => a.Verb == CardActions.HelpMore);
        var memberMore = Assert.Single((await chat.PressAsync(Sam, more)).Cards);
        var memberUsages = memberMore.Sections.SelectMany(s => s.Items).Select(i => i.Text).ToList();
        Assert.All(CommandGrammar.Commands.Where(c => !c.OrganizerOnly), c => Assert.Contains(c.Usage, memberUsages));
        Assert.DoesNotContain(CommandGrammar.Commands.Where(c => c.OrganizerOnly), c => memberUsages.Contains(c.Usage));

        var organizerMore = Assert.Single((await chat.SayAsync(Maria, "help more")).Cards);
        var organizerUsages = organizerMore.Sections.SelectMany(s => s.Items).Select(i => i.Text).ToList();
        Assert.All(CommandGrammar.Commands, c => Assert.Contains(c.Usage, organizerUsages));
    }

    /// <summary>The reply is one card holding one line, and its only button (if any) is the expected one.</summary>
    private static CardAction OneLine(ChatReply reply, string line, string verb, string title)
    {
        var card = OneLine(reply, line);
        var action = Assert.Single(card.Actions);
        Assert.Equal((verb, title), (action.Verb, action.Title));
        return action;
    }

    private static CardView OneLine(ChatReply reply, string line)
    {
        Assert.True(reply.Private);
        Assert.Null(reply.Text);
        var card = Assert.Single(reply.Cards);
        Assert.Equal(CardKinds.Confirmation, card.Kind);
        Assert.StartsWith(line, card.Title, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', card.Title);
        return card;
    }

    private static Task<int> ActiveMembershipsAsync(ChatTester chat) =>
        chat.World.DbAsync(db => Task.FromResult(db.Memberships.Count(m => m.LeftAt == null && db.People.Any(p => p.Id == m.PersonId && p.DisplayName == "Sam Rivera"))));

    private static Task<MembershipLevel> LevelAsync(ChatTester chat) =>
        chat.World.DbAsync(db => Task.FromResult(db.Memberships.Single(m => db.People.Any(p => p.Id == m.PersonId && p.DisplayName == "Sam Rivera")).Level));

    private static async Task<string> SettingAsync(ChatTester chat, string label) =>
        Assert.Single((await chat.SayAsync(Sam, "settings")).Cards).Facts.Single(f => f.Label == label).Value;
}
