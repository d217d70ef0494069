using System.Text.Json;
using CoPBot.Cards.Builders;
using CoPBot.Cards.Rendering;
using CoPBot.Cards.Rendering.BlockKit;
using CoPBot.Cards.Views;
using CoPBot.Services.Domain;
using CoPBot.Services.Views;

namespace CoPBot.Cards.Tests.Rendering;

/// <summary>
/// Cards fit the reader's role: organizers get organizer actions and never member buttons on their own sessions and
/// networks; members get their answers; a card seen by many in a shared conversation says nothing personal.
/// </summary>
public sealed class RoleCardsTests
{
    private static readonly string[] MemberVerbs = [CardActions.RsvpYes, CardActions.RsvpNo, CardActions.StopInviting];

    private static readonly string[] OrganizerVerbs =
        [CardActions.SendInvitations, CardActions.Announce, CardActions.ShowStats, CardActions.OpenRescheduleForm, CardActions.CancelSession];

    private static readonly SessionSummary Session = new()
    {
        Id = Guid.NewGuid(), Reference = "idealab-3", Title = "Prototyping on paper", NetworkName = "IdeaLab", NetworkHandle = "idealab",
        StartsAt = new DateTime(2027, 3, 11, 9, 30, 0, DateTimeKind.Utc), EndsAt = new DateTime(2027, 3, 11, 11, 0, 0, DateTimeKind.Utc),
        TimeZoneId = "Europe/Amsterdam", Going = 3, OrganizerName = "Maria Lopez", Status = SessionStatus.Scheduled, ReaderTimeZoneId = "Europe/Amsterdam",
        CalendarToken = "personal-token", MyAnswer = Answer.Yes,
    };

    private static readonly NetworkSummary Network = new()
    {
        Id = Guid.NewGuid(), Name = "IdeaLab", Handle = "idealab", Purpose = "Testing ideas with residents.", HostOrganizations = ["City of Riverton"],
        MemberCount = 12,
    };

    private static readonly Uri CalendarBase = new("https://copbot.example/");

    public static TheoryData<string> Views() =>
    [
        "organizer-invitation", "organizer-details", "organizer-rescheduled", "member-invitation", "member-details", "shared-details",
        "confirm-cancel", "organizer-network", "member-network", "shared-network", "organizer-networks", "shared-networks",
        "shared-details-with-refresh", "shared-network-with-refresh", "own-view-organizer", "own-view-invited", "own-view-member-announcement",
        "own-view-outsider-details", "own-view-with-refresh",
    ];

    private static readonly CardRefresh Refresh = new(
        new CardAction(CardActions.RefreshView, "Show my view")
        {
            Data = new Dictionary<string, string> { [CardActions.ViewKey] = CardActions.SharedViews.Session, [CardActions.SessionKey] = Guid.Empty.ToString() },
        },
        [.. Enumerable.Range(0, CardRefresh.MaxUserIds + 5).Select(i => $"29:user-{i}")]);

    private static CardView View(string name) => name switch
    {
        "organizer-invitation" => SessionCards.Invitation(Session with { ReaderIsOrganizer = true, MyAnswer = null }, CalendarBase),
        "organizer-details" => SessionCards.Details(Session with { ReaderIsOrganizer = true }, CalendarBase),
        "organizer-rescheduled" => SessionCards.Rescheduled(Session with { ReaderIsOrganizer = true }, CalendarBase),
        "member-invitation" => SessionCards.Invitation(Session with { MyAnswer = Answer.None }, CalendarBase),
        "member-details" => SessionCards.Details(Session with { MyAnswer = Answer.None }, CalendarBase),
        "shared-details" => SessionCards.Details(Session with { ReaderIsOrganizer = true }, CalendarBase, CardAudience.Shared),
        "confirm-cancel" => SessionCards.ConfirmCancel(Session with { ReaderIsOrganizer = true }),
        "organizer-network" => NetworkCards.Details(Network with { IsOrganizer = true }),
        "member-network" => NetworkCards.Details(Network with { IsMember = true, Level = MembershipLevel.Invitations }),
        "shared-network" => NetworkCards.Details(Network with { IsOrganizer = true, IsMember = true }, CardAudience.Shared),
        "organizer-networks" => NetworkCards.List([Network with { IsOrganizer = true }, Network with { Handle = "dojo", IsMember = true }]),
        "shared-networks" => NetworkCards.List([Network with { IsOrganizer = true }, Network with { Handle = "dojo", IsMember = true }], CardAudience.Shared),
        "shared-details-with-refresh" => SessionCards.Details(Session, CalendarBase, CardAudience.Shared) with { Refresh = Refresh },
        "shared-network-with-refresh" => NetworkCards.Details(Network, CardAudience.Shared) with { Refresh = Refresh },
        "own-view-organizer" => SessionCards.OwnView(Session with { ReaderIsOrganizer = true, MyAnswer = null }, readerIsMember: false, announcement: true, CalendarBase),
        "own-view-invited" => SessionCards.OwnView(Session with { MyAnswer = Answer.None }, readerIsMember: true, announcement: true, CalendarBase),
        "own-view-member-announcement" => SessionCards.OwnView(Session with { MyAnswer = null }, readerIsMember: true, announcement: true, CalendarBase),
        "own-view-outsider-details" => SessionCards.OwnView(Session with { MyAnswer = null, CalendarToken = null }, readerIsMember: false, announcement: false, CalendarBase),
        "own-view-with-refresh" => SessionCards.OwnView(Session with { MyAnswer = Answer.None }, readerIsMember: true, announcement: false, CalendarBase) with { Refresh = Refresh },
        _ => throw new ArgumentOutOfRangeException(nameof(name)),
    };

    /// <summary>
    /// A shared card's refresh is an Action.Execute of the refresh verb with the card's data, and lists at most the 60
    /// people Teams refreshes it for by themselves; a card without one carries no refresh at all.
    /// </summary>
    [Fact]
    public void SharedCard_RendersItsRefresh_CappedAtSixtyPeople()
    {
        var card = AdaptiveCardRenderer.Render(View("shared-details-with-refresh"));
        var plain = AdaptiveCardRenderer.Render(View("shared-details"));

        var refresh = card["refresh"]!;
        Assert.Equal("Refresh", (string?)refresh["type"]);
        Assert.Equal("Action.Execute", (string?)refresh["action"]!["type"]);
        Assert.Equal(CardActions.RefreshView, (string?)refresh["action"]!["verb"]);
        Assert.Equal(CardActions.SharedViews.Session, (string?)refresh["action"]!["data"]![CardActions.ViewKey]);
        Assert.Equal(CardRefresh.MaxUserIds, refresh["userIds"]!.AsArray().Count);
        Assert.Equal("29:user-0", (string?)refresh["userIds"]![0]);
        Assert.Null(plain["refresh"]);
        Assert.Null(AdaptiveCardRenderer.Render(View("shared-details") with { Refresh = Refresh with { UserIds = [] } })["refresh"]!["userIds"]);
    }

    [Fact]
    public void OwnView_FitsTheReader_OrganizerInvitedMemberOutsider()
    {
        static List<string> Verbs(CardView card) => [.. card.Actions.Select(a => a.Verb)];

        var organizer = Verbs(View("own-view-organizer"));
        var invited = View("own-view-invited");
        var member = Verbs(View("own-view-member-announcement"));
        var outsider = View("own-view-outsider-details");

        Assert.All(OrganizerVerbs, v => Assert.Contains(v, organizer));
        Assert.DoesNotContain(organizer, MemberVerbs.Contains);
        Assert.Contains(CardActions.RsvpYes, Verbs(invited));
        Assert.Contains(CardActions.RsvpNo, Verbs(invited));
        Assert.NotEmpty(invited.Links);
        Assert.DoesNotContain(CardActions.JoinNetwork, member);
        Assert.Contains(CardActions.RsvpYes, member);
        Assert.Contains(CardActions.JoinNetwork, Verbs(outsider));
        Assert.Null(outsider.Status);
        Assert.Empty(outsider.Links);
        Assert.DoesNotContain(Verbs(outsider), OrganizerVerbs.Contains);
    }

    [Theory]
    [MemberData(nameof(Views))]
    public void Render_RoleVariants_ValidAdaptiveCardAndBlockKitWithinLimits(string name)
    {
        var view = View(name);

        AdaptiveCardRendererTests.AssertValid(AdaptiveCardRenderer.Render(view));
        BlockKitLimitChecker.AssertWithin(BlockKitRenderer.RenderMessage(view).Blocks, BlockKitLimits.MessageBlocks);
        Assert.NotEmpty(PlainTextRenderer.Render(view).Text);
    }

    [Theory]
    [InlineData("organizer-invitation")]
    [InlineData("organizer-details")]
    [InlineData("organizer-rescheduled")]
    public void OrganizersOwnSession_OrganizerActions_NoMemberButtons_InBothRenderers(string name)
    {
        var view = View(name);
        var verbs = view.Actions.Select(a => a.Verb).ToList();

        Assert.All(OrganizerVerbs, v => Assert.Contains(v, verbs));
        Assert.DoesNotContain(verbs, MemberVerbs.Contains);
        var adaptive = JsonSerializer.Serialize(AdaptiveCardRenderer.Render(view));
        var blocks = JsonSerializer.Serialize(BlockKitRenderer.RenderMessage(view).Blocks);
        foreach (var rendered in new[] { adaptive, blocks })
        {
            Assert.DoesNotContain("Accept", rendered, StringComparison.Ordinal);
            Assert.DoesNotContain("No thanks", rendered, StringComparison.Ordinal);
            Assert.DoesNotContain("Stop inviting me", rendered, StringComparison.Ordinal);
            Assert.Contains("Cancel session", rendered, StringComparison.Ordinal);
            Assert.Contains(CardActions.ShowStats, rendered, StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData("member-invitation")]
    [InlineData("member-details")]
    public void MembersCard_AcceptAndNoThanks_NoOrganizerActions(string name)
    {
        var verbs = View(name).Actions.Select(a => a.Verb).ToList();

        Assert.Contains(CardActions.RsvpYes, verbs);
        Assert.Contains(CardActions.RsvpNo, verbs);
        Assert.DoesNotContain(verbs, OrganizerVerbs.Contains);
    }

    [Fact]
    public void CancelButton_AsksFirst_TheConfirmingPressCarriesTheConfirmation()
    {
        var cancel = Assert.Single(View("organizer-details").Actions, a => a.Verb == CardActions.CancelSession);
        var confirm = Assert.Single(View("confirm-cancel").Actions, a => a.Verb == CardActions.CancelSession);

        Assert.False(cancel.Data.ContainsKey(CardActions.ConfirmKey));
        Assert.Equal("yes", confirm.Data[CardActions.ConfirmKey]);
        Assert.Equal(Session.Id.ToString(), confirm.Data[CardActions.SessionKey]);
    }

    [Theory]
    [InlineData("organizer-network")]
    [InlineData("member-network")]
    [InlineData("organizer-networks")]
    public void NetworkTheReaderIsInOrOrganizes_NoJoin(string name)
    {
        var view = View(name);
        var verbs = view.Actions.Concat(view.Sections.SelectMany(s => s.Items).SelectMany(i => i.Actions)).Select(a => a.Verb);

        Assert.DoesNotContain(CardActions.JoinNetwork, verbs);
    }

    [Fact]
    public void OrganizersNetwork_OffersScheduling_ForThatNetwork()
    {
        var schedule = Assert.Single(View("organizer-network").Actions, a => a.Verb == CardActions.OpenScheduleForm);
        Assert.Equal("idealab", schedule.Data[CardActions.NetworkKey]);
    }

    [Theory]
    [InlineData("shared-details")]
    [InlineData("shared-network")]
    [InlineData("shared-networks")]
    public void SharedConversation_NothingPersonal(string name)
    {
        var view = View(name);
        var text = PlainTextRenderer.Render(view).Text;
        var adaptive = JsonSerializer.Serialize(AdaptiveCardRenderer.Render(view));

        foreach (var personal in new[] { "You organize", "you organize", "You're going", "you're a member", "You're a member", "personal-token", "Cancel session" })
        {
            Assert.DoesNotContain(personal, text, StringComparison.Ordinal);
            Assert.DoesNotContain(personal, adaptive, StringComparison.Ordinal);
        }

        Assert.Null(view.Status);
        Assert.Empty(view.Links);
    }
}
