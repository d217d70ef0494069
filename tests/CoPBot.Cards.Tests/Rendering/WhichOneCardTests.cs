using CoPBot.Cards.Builders;
using CoPBot.Cards.Views;

namespace CoPBot.Cards.Tests.Rendering;

/// <summary>"Which one?": one button per session, named as the reader sees the day, each answering that session alone.</summary>
public sealed class WhichOneCardTests
{
    [Fact]
    public void Buttons_NameNetworkAndDayInTheReadersZone_AndCarryTheirSession()
    {
        // 02:00 UTC on Friday is still Thursday evening in Chicago.
        var idealab = SampleCardViews.Summary("IdeaLab", new DateTime(2026, 12, 4, 2, 0, 0, DateTimeKind.Utc));
        var dojo = SampleCardViews.Summary("Data Dojo", new DateTime(2026, 12, 8, 15, 0, 0, DateTimeKind.Utc));

        var card = ReplyCards.WhichOne(CardActions.RsvpNo, [idealab, dojo]);

        Assert.Equal(CardKinds.Choice, card.Kind);
        Assert.Equal("Which one?", card.Title);
        Assert.Equal(["IdeaLab · Thu 3 Dec", "Data Dojo · Tue 8 Dec"], card.Actions.Select(a => a.Title));
        Assert.All(card.Actions, a => Assert.Equal(CardActions.RsvpNo, a.Verb));
        Assert.Equal([idealab.Id.ToString(), dojo.Id.ToString()], card.Actions.Select(a => a.Data[CardActions.SessionKey]));
    }

    [Fact]
    public void TwoSessionsOnOneDay_AreToldApartByTheirTime()
    {
        var morning = SampleCardViews.Summary("IdeaLab", new DateTime(2026, 12, 3, 15, 0, 0, DateTimeKind.Utc));
        var evening = SampleCardViews.Summary("IdeaLab", new DateTime(2026, 12, 3, 23, 30, 0, DateTimeKind.Utc));

        var card = ReplyCards.WhichOne(CardActions.RsvpYes, [morning, evening]);

        Assert.Equal(["IdeaLab · Thu 3 Dec, 09:00", "IdeaLab · Thu 3 Dec, 17:30"], card.Actions.Select(a => a.Title));
    }
}
