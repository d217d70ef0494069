using CoPBot.Bot.Conversation;

namespace CoPBot.Bot.Tests.Conversation;

public sealed class SessionPeriodTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 30, 15, 0, 0, TimeSpan.Zero);

    [Theory]
    [InlineData("January", "", "in January")]
    [InlineData("in jan", "", "in January")]
    [InlineData("idealab in March", "idealab", "in March")]
    [InlineData("in Sept", "", "in September")]
    [InlineData("next week", "", "next week")]
    public void Split_NamedMonthOrPeriod_IsThePeriod(string text, string remainder, string name)
    {
        var (rest, period) = SessionPeriod.Split(text);

        Assert.Equal(remainder, rest);
        Assert.Equal(name, period?.Name);
    }

    [Theory]
    [InlineData("idealab")]
    [InlineData("mayfair")]
    [InlineData("idealab may")]
    public void Split_NoPeriod_ComesBackWhole(string text)
    {
        Assert.Equal((text, null), SessionPeriod.Split(text));
    }

    /// <summary>A month ahead is that month this year, a month behind is next year's; the current month runs from today.</summary>
    [Theory]
    [InlineData("in January", "2027-01-01T06:00:00Z", "2027-02-01T06:00:00Z")]
    [InlineData("in December", "2026-12-01T06:00:00Z", "2027-01-01T06:00:00Z")]
    [InlineData("in November", "2026-11-30T06:00:00Z", "2026-12-01T06:00:00Z")]
    [InlineData("in March", "2027-03-01T06:00:00Z", "2027-04-01T05:00:00Z")]
    public void Range_NamedMonth_IsItsNextOccurrenceInThePersonsZone(string text, string from, string to)
    {
        var chicago = TimeZoneInfo.FindSystemTimeZoneById("America/Chicago");

        var (_, period) = SessionPeriod.Split(text);
        var range = period!.Range(Now, chicago);

        Assert.Equal((DateTime.Parse(from, null, System.Globalization.DateTimeStyles.AdjustToUniversal), DateTime.Parse(to, null, System.Globalization.DateTimeStyles.AdjustToUniversal)), range);
    }
}
