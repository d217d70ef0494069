using CoPBot.Bot.Conversation;
using CoPBot.Cards;
using CoPBot.Cards.Views;
using CoPBot.Testing;
using static CoPBot.Bot.Tests.Conversation.ConversationRouterTests;
using static CoPBot.Bot.Tests.Conversation.RoleAndOrganizationTests;

namespace CoPBot.Bot.Tests.Conversation;

/// <summary>
/// Issue 9, part 4 through the real router: a card many people share shows only what is the same for everyone, and
/// each reader's own view (organizer actions, their answers, Join) comes from a refresh or goes to them alone.
/// </summary>
public sealed class SharedCardViewsTests
{
    private static readonly ChatUser Sam = ChatTester.User("Sam Rivera");
    private static readonly ChatUser Lee = ChatTester.User("Lee Chen");

    private static ChatUser OnTeams(ChatUser user) => user with { Channel = ChatChannels.Teams };

    [Theory]
    [InlineData(ChatConversationKind.Group)]
    [InlineData(ChatConversationKind.Channel)]
    public async Task ScheduleAndReschedule_InASharedConversation_ShowEveryoneTheSharedCard_TheOrganizerHersApart(ChatConversationKind kind)
    {
        await using var chat = await ChatTester.CreateAsync(StorageProvider.SqliteName);
        await OrganizerSetsUpIdeaLabAsync(chat);

        var scheduled = await chat.SayAsync(Maria, "schedule idealab: Paper prototypes; when: 2027-04-14 9:30; for: 60 min; where: Room 4B", kind);
        var moved = await chat.SayAsync(Maria, "reschedule idealab-2; when: 2027-04-15 10:00", kind);

        foreach (var reply in new[] { scheduled, moved })
        {
            Assert.False(reply.Private);
            var everyone = Assert.Single(reply.Cards);
            Assert.DoesNotContain(Verbs(everyone), OrganizerVerbs.Contains);
            Assert.Null(everyone.Status);
            Assert.Empty(everyone.Links);
            var hers = Assert.Single(reply.SpeakerCards);
            Assert.All(OrganizerVerbs, v => Assert.Contains(v, Verbs(hers)));
        }
    }

    [Theory, StorageProviders]
    public async Task Refresh_GivesEachReaderTheirOwnView_NeverAnotherPersons(string provider)
    {
        await using var chat = await ChatTester.CreateAsync(provider);
        await OrganizerSetsUpIdeaLabAsync(chat);
        await chat.SayAsync(Sam, "join idealab");
        await chat.SayAsync(Maria, "invite idealab-1");
        await chat.SayAsync(Sam, "rsvp yes idealab-1");
        await chat.SayAsync(Lee, "hi");
        var shared = Assert.Single((await chat.SayAsync(Maria, "session idealab-1", ChatConversationKind.Group)).Cards);
        var refresh = new CardAction(CardActions.RefreshView, "Show my view")
        {
            Data = new Dictionary<string, string> { [CardActions.ViewKey] = CardActions.SharedViews.Session, [CardActions.SessionKey] = "idealab-1", [CardActions.NetworkKey] = "idealab" },
        };

        var marias = (await chat.PressAsync(Maria, refresh, ChatConversationKind.Group)).UpdatedCard!;
        var sams = (await chat.PressAsync(Sam, refresh, ChatConversationKind.Group)).UpdatedCard!;
        var lees = (await chat.PressAsync(Lee, refresh, ChatConversationKind.Group)).UpdatedCard!;

        Assert.Null(shared.Status);
        Assert.All(OrganizerVerbs, v => Assert.Contains(v, Verbs(marias)));
        Assert.Equal("You're going. Changed your mind? That's fine too.", sams.Status);
        Assert.Contains(CardActions.RsvpNo, Verbs(sams));
        Assert.DoesNotContain(Verbs(sams), OrganizerVerbs.Contains);
        Assert.Contains(CardActions.JoinNetwork, Verbs(lees));
        Assert.Null(lees.Status);
        Assert.Empty(lees.Links);
        Assert.DoesNotContain(Verbs(lees), OrganizerVerbs.Contains);
    }

    [Fact]
    public async Task Refresh_OfAMemberWithoutInvitation_OffersNoJoin()
    {
        await using var chat = await ChatTester.CreateAsync(StorageProvider.SqliteName);
        await OrganizerSetsUpIdeaLabAsync(chat);
        await chat.SayAsync(Sam, "join idealab");
        var refresh = new CardAction(CardActions.RefreshView, "Show my view")
        {
            Data = new Dictionary<string, string> { [CardActions.ViewKey] = CardActions.SharedViews.Announcement, [CardActions.SessionKey] = "idealab-1", [CardActions.NetworkKey] = "idealab" },
        };

        var sams = (await chat.PressAsync(Sam, refresh, ChatConversationKind.Channel)).UpdatedCard!;

        // Asked in the channel, the session card holds nothing of his own: no private copy beside it.
        Assert.Empty((await chat.SayAsync(Sam, "session idealab-1", ChatConversationKind.Channel)).SpeakerCards);
        Assert.Equal(CardKinds.Announcement, sams.Kind);
        Assert.DoesNotContain(CardActions.JoinNetwork, Verbs(sams));
        Assert.Contains(CardActions.RsvpYes, Verbs(sams));
    }

    /// <summary>On Teams a shared card carries the refresh, naming the organizer and visible members of this tenant, never a hidden one.</summary>
    [Theory, StorageProviders]
    public async Task SharedCardOnTeams_CarriesARefresh_ForOrganizersAndVisibleMembers(string provider)
    {
        await using var chat = await ChatTester.CreateAsync(provider, new Dictionary<string, string?> { ["Organizations:Entries:0:Tenants:1"] = $"{ChatChannels.Teams}:{TestWorld.City}" });
        var maria = OnTeams(Maria);
        var sam = OnTeams(Sam);
        var lee = OnTeams(Lee);
        await chat.SayAsync(maria, "new network IdeaLab; handle: idealab; purpose: Skills");
        await chat.SayAsync(sam, "join idealab");
        await chat.SayAsync(lee, "join idealab");
        await chat.SayAsync(lee, "hide me");

        var card = Assert.Single((await chat.SayAsync(maria, "network idealab", ChatConversationKind.Channel)).Cards);
        var onConsole = Assert.Single((await chat.SayAsync(Maria, "network idealab", ChatConversationKind.Channel)).Cards);

        var refresh = Assert.IsType<CardRefresh>(card.Refresh);
        Assert.Equal(CardActions.RefreshView, refresh.Action.Verb);
        Assert.Equal([maria.UserId, sam.UserId], refresh.UserIds);
        Assert.Equal(CardActions.SharedViews.Network, refresh.Action.Data[CardActions.ViewKey]);
        Assert.Null(onConsole.Refresh);
        Assert.Null((await chat.SayAsync(maria, "network idealab")).Cards.Single().Refresh);
    }
}
