using CoPBot.Cards.Builders;
using CoPBot.Cards.Rendering;
using CoPBot.Cards.Rendering.BlockKit;
using CoPBot.Cards.Views;
using CoPBot.Services.App;
using CoPBot.Services.Domain;
using CoPBot.Services.Views;

namespace CoPBot.Cards.Tests.Rendering;

/// <summary>The organizer's cards about channel posts that failed, as the builders make them, in both renderers.</summary>
public sealed class OrganizerCardsTests
{
    private static readonly SessionSummary Session = new()
    {
        Id = Guid.NewGuid(), Reference = "idealab-1", Title = "Prototyping on paper", NetworkName = "IdeaLab", NetworkHandle = "idealab",
        StartsAt = new DateTime(2027, 3, 11, 9, 30, 0, DateTimeKind.Utc), EndsAt = new DateTime(2027, 3, 11, 11, 0, 0, DateTimeKind.Utc),
        TimeZoneId = "Europe/Amsterdam", Going = 3, OrganizerName = "Sam Organizer", Status = SessionStatus.Scheduled, ReaderTimeZoneId = "Europe/Amsterdam",
    };

    public static TheoryData<string> Views() => ["stats", "failed"];

    private static CardView View(string name) => name == "stats"
        ? OrganizerCards.Stats(new SessionStats
        {
            Session = Session, Invited = 10, Going = 3, Waitlisted = 0, NotThisTime = 7, Delivery = new DeliveryProgress(0, 10, 0, 0),
            ChannelsNotPosted = ["learning", "<general & co>"], CheckIns = new CheckInCounts(4, 3, 1),
        })
        : OrganizerCards.ChannelPostFailed(Session, ("#learning", "the bot isn't in that channel. Invite @CoPBot to it (/invite @CoPBot)"));

    [Theory]
    [MemberData(nameof(Views))]
    public void Render_ChannelPostFailures_ValidAdaptiveCardAndBlockKitWithinLimits(string name)
    {
        var view = View(name);

        AdaptiveCardRendererTests.AssertValid(AdaptiveCardRenderer.Render(view));
        var message = BlockKitRenderer.RenderMessage(view);
        BlockKitLimitChecker.AssertWithin(message.Blocks, BlockKitLimits.MessageBlocks);
        Assert.Contains("learning", PlainTextRenderer.Render(view).Text, StringComparison.Ordinal);
    }

    [Fact]
    public void Stats_NoFailedChannel_NoSuchLine() =>
        Assert.DoesNotContain(OrganizerCards.Stats(new SessionStats
        {
            Session = Session, Invited = 0, Going = 0, Waitlisted = 0, NotThisTime = 0, Delivery = new DeliveryProgress(0, 0, 0, 0),
        }).Facts, f => f.Label.Contains("not posted", StringComparison.Ordinal));

    [Fact]
    public void Stats_RoomOpen_CameSaidYesAndWalkInsAsCounts()
    {
        var facts = View("stats").Facts;

        Assert.Contains(new CardFact("Came", "4"), facts);
        Assert.Contains(new CardFact("Of them, said yes", "3"), facts);
        Assert.Contains(new CardFact("Walk-ins", "1"), facts);
    }

    [Fact]
    public void Stats_BeforeTheRoomOpens_NoCheckInLines() =>
        Assert.DoesNotContain(OrganizerCards.Stats(new SessionStats
        {
            Session = Session, Invited = 1, Going = 1, Waitlisted = 0, NotThisTime = 0, Delivery = new DeliveryProgress(0, 1, 0, 0),
        }).Facts, f => f.Label is "Came" or "Walk-ins");
}
