using System.Net;
using System.Text.Json.Nodes;
using CoPBot.Bot.Conversation;
using CoPBot.Bot.LocalChat;
using CoPBot.Bot.Tests.EndToEnd;
using CoPBot.Bot.Tests.Slack;
using CoPBot.Cards;
using CoPBot.Cards.Rendering;
using CoPBot.Cards.Views;
using CoPBot.Services.Domain;
using CoPBot.Testing;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using static CoPBot.Bot.Tests.Conversation.ConversationRouterTests;

namespace CoPBot.Bot.Tests.Conversation;

/// <summary>
/// Issue 9, parts 4 and 6 through the real router: cards fit the reader's role and where they are shown, and
/// organizations go by the names people see, never by a raw id.
/// </summary>
public sealed class RoleAndOrganizationTests
{
    private static readonly ChatUser Sam = ChatTester.User("Sam Rivera");
    private static readonly ChatUser Kai = ChatTester.User("Kai Otieno", TestWorld.County);

    internal static readonly string[] OrganizerVerbs =
        [CardActions.SendInvitations, CardActions.Announce, CardActions.ShowStats, CardActions.OpenRescheduleForm, CardActions.CancelSession];

    private static readonly string[] MemberVerbs = [CardActions.RsvpYes, CardActions.RsvpNo, CardActions.StopInviting];

    internal static List<string> Verbs(CardView card) =>
        [.. card.Actions.Concat(card.Sections.SelectMany(s => s.Items).SelectMany(i => i.Actions)).Select(a => a.Verb)];

    [Theory, StorageProviders]
    public async Task OrganizersOwnSession_OrganizerActions_MembersGetTheirAnswers(string provider)
    {
        await using var chat = await ChatTester.CreateAsync(provider);
        await OrganizerSetsUpIdeaLabAsync(chat);
        await chat.SayAsync(Sam, "join idealab");

        var organizers = Verbs(Assert.Single((await chat.SayAsync(Maria, "session idealab-1")).Cards));
        var members = Verbs(Assert.Single((await chat.SayAsync(Sam, "session idealab-1")).Cards));

        Assert.All(OrganizerVerbs, v => Assert.Contains(v, organizers));
        Assert.DoesNotContain(organizers, MemberVerbs.Contains);
        Assert.Contains(CardActions.RsvpYes, members);
        Assert.Contains(CardActions.RsvpNo, members);
        Assert.DoesNotContain(members, OrganizerVerbs.Contains);
    }

    [Theory, StorageProviders]
    public async Task NetworkTheReaderIsInOrOrganizes_OffersNoJoin(string provider)
    {
        await using var chat = await ChatTester.CreateAsync(provider);
        await OrganizerSetsUpIdeaLabAsync(chat);
        await chat.SayAsync(Sam, "join idealab");

        foreach (var reader in new[] { Maria, Sam })
        {
            Assert.DoesNotContain(CardActions.JoinNetwork, Verbs(Assert.Single((await chat.SayAsync(reader, "network idealab")).Cards)));
            Assert.DoesNotContain(CardActions.JoinNetwork, Verbs(Assert.Single((await chat.SayAsync(reader, "networks")).Cards)));
        }

        Assert.Contains(CardActions.OpenScheduleForm, Verbs(Assert.Single((await chat.SayAsync(Maria, "network idealab")).Cards)));
        Assert.Contains(CardActions.LeaveNetwork, Verbs(Assert.Single((await chat.SayAsync(Sam, "network idealab")).Cards)));
    }

    [Theory]
    [InlineData(ChatConversationKind.Group)]
    [InlineData(ChatConversationKind.Channel)]
    public async Task CardsInASharedConversation_SayNothingPersonal(ChatConversationKind kind)
    {
        await using var chat = await ChatTester.CreateAsync(StorageProvider.SqliteName);
        await OrganizerSetsUpIdeaLabAsync(chat);
        await chat.SayAsync(Maria, "rsvp yes idealab-1");

        var cards = new List<CardView>();
        foreach (var text in new[] { "network idealab", "networks", "session idealab-1" })
        {
            var reply = await chat.SayAsync(Maria, text, kind);
            Assert.False(reply.Private);
            cards.AddRange(reply.Cards);
        }

        var shown = string.Join("\n", cards.Select(c => PlainTextRenderer.Render(c).Text));
        Assert.Contains("IdeaLab", shown, StringComparison.Ordinal);
        foreach (var personal in new[] { "You organize", "you organize", "You're going", "/calendar/", "Cancel session" })
        {
            Assert.DoesNotContain(personal, shown, StringComparison.Ordinal);
        }

        // The same in her own chat is for her alone, and says so.
        Assert.Contains("You organize this network.", (await chat.SayAsync(Maria, "network idealab")).Cards.Single().Status, StringComparison.Ordinal);
    }

    [Theory, StorageProviders]
    public async Task Cancel_AsksFirst_ThenTheConfirmationCancels(string provider)
    {
        await using var chat = await ChatTester.CreateAsync(provider);
        await OrganizerSetsUpIdeaLabAsync(chat);
        var card = Assert.Single((await chat.SayAsync(Maria, "session idealab-1")).Cards);

        var asked = await chat.PressAsync(Maria, card.Actions.Single(a => a.Verb == CardActions.CancelSession));
        var typed = await chat.SayAsync(Maria, "cancel idealab-1");
        Assert.Equal(SessionStatus.Scheduled, await StatusAsync(chat));
        Assert.Contains("can't be undone", Assert.Single(typed.Cards).Paragraphs[0], StringComparison.Ordinal);
        Assert.Contains("Only the organizers", (await chat.SayAsync(Sam, "cancel idealab-1")).Text, StringComparison.Ordinal);

        var confirmed = await chat.PressAsync(Maria, Assert.Single(asked.Cards).Actions.Single(a => a.Verb == CardActions.CancelSession));

        Assert.Contains("Cancelled Prototyping on paper", confirmed.Text, StringComparison.Ordinal);
        Assert.Equal(SessionStatus.Cancelled, await StatusAsync(chat));
    }

    [Fact]
    public async Task CancelConfirm_Typed_CancelsAtOnce()
    {
        await using var chat = await ChatTester.CreateAsync(StorageProvider.SqliteName);
        await OrganizerSetsUpIdeaLabAsync(chat);

        Assert.Contains("Cancelled", (await chat.SayAsync(Maria, "cancel idealab-1 confirm")).Text, StringComparison.Ordinal);
        Assert.Equal(SessionStatus.Cancelled, await StatusAsync(chat));
    }

    [Theory, StorageProviders]
    public async Task OpenTo_TheOrganizationsDisplayName_Works(string provider)
    {
        await using var chat = await ChatTester.CreateAsync(provider);
        await OrganizerSetsUpIdeaLabAsync(chat);
        await chat.SayAsync(Kai, "help");

        var opened = await chat.SayAsync(Maria, "open idealab to Lake County");

        Assert.Contains("IdeaLab is now open to Lake County", opened.Text, StringComparison.Ordinal);
        Assert.Contains("You're in IdeaLab", (await chat.SayAsync(Kai, "join idealab")).Said(), StringComparison.Ordinal);
    }

    /// <summary>The demo's people, in a tenant configuration does not name: every card they see names organizations, never ids.</summary>
    [Fact]
    public async Task DemoSeed_NoCardShowsAnOrganizationId()
    {
        await using var chat = await ChatTester.CreateAsync(StorageProvider.SqliteName);
        await chat.World.InScopeAsync(sp => DemoSeed.EnsureAsync(sp, TestWorld.Cancellation));
        var dev = new ChatUser(ChatChannels.Console, DemoSeed.CityTenant, ConsoleChat.ConsoleUserId("Dev Patel"), "Dev Patel");
        var grace = new ChatUser(ChatChannels.Console, DemoSeed.CountyTenant, ConsoleChat.ConsoleUserId("Grace Kim"), "Grace Kim");

        var shown = new List<string>();
        foreach (var user in new[] { dev, grace })
        {
            foreach (var text in new[] { "networks", "network idealab", "who is in idealab", "settings", "my sessions" })
            {
                var reply = await chat.SayAsync(user, text);
                shown.Add(reply.Text ?? "");
                shown.AddRange(reply.Cards.Select(c => PlainTextRenderer.Render(c).Text));
            }
        }

        var all = string.Join("\n", shown);
        Assert.Contains("Hosted by", all, StringComparison.Ordinal);
        Assert.DoesNotContain("Organization ", all, StringComparison.Ordinal);
        Assert.DoesNotContain("console:", all, StringComparison.Ordinal);
    }

    /// <summary>A Slack workspace configuration does not name: its first contact asks team.info once, and cards show that name.</summary>
    [Fact]
    public async Task SlackFirstContact_UnnamedWorkspace_NamedFromTeamInfo_NeverItsId()
    {
        await using var host = await LiveBotHost.StartAsync(options: new LiveBotHostOptions
        {
            Configure = builder => builder.ConfigureAppConfiguration(c => c.AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["Organizations:Entries:1:Tenants:0"] = "slack:T0SOMEWHEREELSE",
            })),
        });
        var likeSlack = host.Slack.Respond;
        host.Slack.Respond = r => r.Target == "team.info"
            ? FakeSlackApi.Json("""{"ok":true,"team":{"id":"T0E2ECNTY","name":"Alder County"}}""")
            : likeSlack(r);
        var lena = new SlackPerson("U0LENA", "Lena Member");

        Assert.Contains("is ready", await SlackEndToEndTests.SlashAsync(host, lena, lena.DirectChannel, "new network IdeaLab; handle: idealab"), StringComparison.Ordinal);
        var details = await SlackEndToEndTests.SlashAsync(host, lena, lena.DirectChannel, "network idealab");
        await SlackEndToEndTests.SlashAsync(host, lena, lena.DirectChannel, "networks");

        Assert.Contains("Alder County", details, StringComparison.Ordinal);
        Assert.DoesNotContain(LiveBotHost.SlackTeam, details, StringComparison.Ordinal);
        Assert.DoesNotContain("Organization ", details, StringComparison.Ordinal);
        Assert.Single(host.Slack.To("team.info"));
    }

    private static Task<SessionStatus> StatusAsync(ChatTester chat) =>
        chat.World.DbAsync(db => Task.FromResult(db.Sessions.Single().Status));
}
