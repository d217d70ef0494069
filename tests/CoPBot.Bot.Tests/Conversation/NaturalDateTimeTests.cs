using System.Globalization;
using CoPBot.Bot.Conversation;

namespace CoPBot.Bot.Tests.Conversation;

public class NaturalDateTimeTests
{
    private static readonly TimeZoneInfo NewYork = TimeZoneInfo.FindSystemTimeZoneById("America/New_York");
    private static readonly TimeZoneInfo Berlin = TimeZoneInfo.FindSystemTimeZoneById("Europe/Berlin");

    // Monday 11 January 2027, 10:00 in New York.
    private static readonly DateTimeOffset MondayMorning = At("2027-01-11T10:00-05:00");

    private static DateTimeOffset At(string iso) => DateTimeOffset.Parse(iso, CultureInfo.InvariantCulture);

    private static void AssertInstant(string expected, DateTimeOffset actual)
    {
        var instant = At(expected);
        Assert.Equal(instant, actual);
        Assert.Equal(instant.Offset, actual.Offset);
    }

    [Theory]
    [InlineData("2027-01-14 14:00", "2027-01-14T14:00-05:00")]
    [InlineData("2027-01-14T14:00", "2027-01-14T14:00-05:00")]
    [InlineData("14 Jan 2027 2pm", "2027-01-14T14:00-05:00")]
    [InlineData("Jan 14 2pm", "2027-01-14T14:00-05:00")]
    [InlineData("January 14, 2027 at 14:00", "2027-01-14T14:00-05:00")]
    [InlineData("Thursday, January 14th 2027 at 2 PM", "2027-01-14T14:00-05:00")]
    [InlineData("the 14th of January 2027 14:00", "2027-01-14T14:00-05:00")]
    [InlineData("1/14/2027 9:30", "2027-01-14T09:30-05:00")]
    [InlineData("1/14 9:30", "2027-01-14T09:30-05:00")]
    [InlineData("today 16:00", "2027-01-11T16:00-05:00")]
    [InlineData("tomorrow 9am", "2027-01-12T09:00-05:00")]
    [InlineData("  TOMORROW   at   2 pm ", "2027-01-12T14:00-05:00")]
    [InlineData("next Thursday 9:30", "2027-01-14T09:30-05:00")]
    [InlineData("Thursday 9:30", "2027-01-14T09:30-05:00")]
    [InlineData("thu 9:30", "2027-01-14T09:30-05:00")]
    [InlineData("9:30 next Thursday", "2027-01-14T09:30-05:00")]
    [InlineData("in 2 weeks 10:00", "2027-01-25T10:00-05:00")]
    [InlineData("in a week at 10:00", "2027-01-18T10:00-05:00")]
    [InlineData("in 3 days 8:15", "2027-01-14T08:15-05:00")]
    [InlineData("noon", "2027-01-11T12:00-05:00")]
    [InlineData("9am", "2027-01-12T09:00-05:00")]
    [InlineData("Jan 14 9.30am", "2027-01-14T09:30-05:00")]
    [InlineData("Jan 14 9:30 a.m.", "2027-01-14T09:30-05:00")]
    [InlineData("Jan 14 9:30 p.m.", "2027-01-14T21:30-05:00")]
    [InlineData("Jan 14 14h30", "2027-01-14T14:30-05:00")]
    [InlineData("Jan 14 12am", "2027-01-14T00:00-05:00")]
    [InlineData("Jan 14 12:30am", "2027-01-14T00:30-05:00")]
    [InlineData("Jan 14 12pm", "2027-01-14T12:00-05:00")]
    [InlineData("Jan 14 11:59pm", "2027-01-14T23:59-05:00")]
    [InlineData("Jan 14 midnight", "2027-01-14T00:00-05:00")]
    [InlineData("Jan 5 10:00", "2028-01-05T10:00-05:00")]
    [InlineData("Jan 11 9:00", "2027-01-11T09:00-05:00")]
    public void TryParseDateTime_SupportedForm_ReturnsInstantInZone(string text, string expected)
    {
        Assert.True(NaturalDateTime.TryParseDateTime(text, MondayMorning, NewYork, out var result, out var error), error);
        AssertInstant(expected, result);
    }

    /// <summary>"at 10" says the number is an hour: the working day's (7 to 11 in the morning, 12 to 6 in the afternoon).</summary>
    [Theory]
    [InlineData("Jan 14 at 10", "2027-01-14T10:00-05:00")]
    [InlineData("tomorrow at 2", "2027-01-12T14:00-05:00")]
    [InlineData("Jan 14 @ 7", "2027-01-14T07:00-05:00")]
    [InlineData("Jan 14 at 12", "2027-01-14T12:00-05:00")]
    [InlineData("next Thursday at 6", "2027-01-14T18:00-05:00")]
    public void TryParseDateTime_AtABareHour_ReadsAnHourOfTheWorkingDay(string text, string expected)
    {
        Assert.True(NaturalDateTime.TryParseDateTime(text, MondayMorning, NewYork, out var result, out var error), error);
        AssertInstant(expected, result);
    }

    /// <summary>"9:30-11" is a start and an end: the start for the date, the difference for the length.</summary>
    [Theory]
    [InlineData("tomorrow 9:30-11", "tomorrow 9:30", 90)]
    [InlineData("Jan 14 2-3pm", "Jan 14 2pm", 60)]
    [InlineData("Jan 14 from 10 to 11:30", "Jan 14 10am", 90)]
    [InlineData("next Thursday 1:30pm – 3pm", "next Thursday 1:30pm", 90)]
    [InlineData("Jan 14 14:00 until 16:00", "Jan 14 14:00", 120)]
    public void TryParseTimeRange_StartAndEnd_GivesTheStartAndTheLength(string text, string start, int minutes)
    {
        Assert.True(NaturalDateTime.TryParseTimeRange(text, out var startText, out var length));
        Assert.Equal(start.ToLowerInvariant(), startText);
        Assert.Equal(TimeSpan.FromMinutes(minutes), length);
        Assert.True(NaturalDateTime.TryParseDateTime(startText, MondayMorning, NewYork, out _, out var error), error);
    }

    [Theory]
    [InlineData("tomorrow 9:30")]
    [InlineData("Jan 14 3pm-2pm")]
    [InlineData("2027-01-14 14:00")]
    public void TryParseTimeRange_NoRange_IsNotOne(string text) =>
        Assert.False(NaturalDateTime.TryParseTimeRange(text, out _, out _));

    /// <summary>Past days are read (the caller then says "that is in the past", not "could not read").</summary>
    [Theory]
    [InlineData("yesterday 9:00", "2027-01-10T09:00-05:00")]
    [InlineData("day before yesterday 9:00", "2027-01-09T09:00-05:00")]
    [InlineData("last Monday 9:30", "2027-01-04T09:30-05:00")]
    [InlineData("last thu 9:30", "2027-01-07T09:30-05:00")]
    [InlineData("2 weeks ago 10:00", "2026-12-28T10:00-05:00")]
    [InlineData("a month ago 10:00", "2026-12-11T10:00-05:00")]
    public void TryParseDateTime_PastDay_ReturnsThePastInstant(string text, string expected)
    {
        Assert.True(NaturalDateTime.TryParseDateTime(text, MondayMorning, NewYork, out var result, out var error), error);
        AssertInstant(expected, result);
    }

    [Theory]
    [InlineData("2 weeks 10:00")]
    [InlineData("9:00 " + "yesterday yesterday yesterday yesterday yesterday yesterday yesterday yesterday yesterday")]
    public void TryParseDateTime_NotADate_IsRefused(string text) =>
        Assert.False(NaturalDateTime.TryParseDateTime(text, MondayMorning, NewYork, out _, out _));

    [Theory]
    [InlineData("today 16:00", "2027-01-12T16:00+01:00")]
    [InlineData("tomorrow 9am", "2027-01-13T09:00+01:00")]
    public void TryParseDateTime_RelativeDay_UsesTodayInTheGivenZone(string text, string expected)
    {
        // 22:00 on Monday in New York is already 04:00 on Tuesday in Berlin.
        var now = At("2027-01-12T03:00Z");

        Assert.True(NaturalDateTime.TryParseDateTime(text, now, Berlin, out var result, out _));

        AssertInstant(expected, result);
    }

    [Theory]
    [InlineData("Thursday 9:30", "2027-01-21T09:30-05:00")]
    [InlineData("next Thursday 9:30", "2027-01-21T09:30-05:00")]
    [InlineData("this Thursday 9:30", "2027-01-14T09:30-05:00")]
    [InlineData("Friday 9:30", "2027-01-15T09:30-05:00")]
    [InlineData("Wednesday 9:30", "2027-01-20T09:30-05:00")]
    [InlineData("this Wednesday 9:30", "2027-01-20T09:30-05:00")]
    public void TryParseDateTime_Weekday_IsStrictlyAfterTodayUnlessThis(string text, string expected)
    {
        var thursdayMorning = At("2027-01-14T08:00-05:00");

        Assert.True(NaturalDateTime.TryParseDateTime(text, thursdayMorning, NewYork, out var result, out _));

        AssertInstant(expected, result);
    }

    [Theory]
    // New York springs forward on Sunday 14 March 2027 at 2:00 and falls back on Sunday 7 November at 2:00.
    [InlineData("America/New_York", "2027-03-10T10:00-05:00", "2027-03-14 01:30", "2027-03-14T01:30-05:00")]
    [InlineData("America/New_York", "2027-03-10T10:00-05:00", "2027-03-14 03:30", "2027-03-14T03:30-04:00")]
    [InlineData("America/New_York", "2027-03-10T10:00-05:00", "2027-03-14 02:30", "2027-03-14T03:30-04:00")]
    [InlineData("America/New_York", "2027-03-10T10:00-05:00", "Sunday 10:00", "2027-03-14T10:00-04:00")]
    [InlineData("America/New_York", "2027-03-10T10:00-05:00", "in 1 week 9:00", "2027-03-17T09:00-04:00")]
    [InlineData("America/New_York", "2027-11-03T10:00-04:00", "2027-11-07 01:30", "2027-11-07T01:30-04:00")]
    [InlineData("America/New_York", "2027-11-03T10:00-04:00", "Nov 7 3am", "2027-11-07T03:00-05:00")]
    // Berlin springs forward on Sunday 28 March 2027 at 2:00 and falls back on Sunday 31 October at 3:00.
    [InlineData("Europe/Berlin", "2027-03-25T10:00+01:00", "2027-03-28 02:30", "2027-03-28T03:30+02:00")]
    [InlineData("Europe/Berlin", "2027-03-25T10:00+01:00", "Sunday 12:00", "2027-03-28T12:00+02:00")]
    [InlineData("Europe/Berlin", "2027-03-25T10:00+01:00", "tomorrow 9:00", "2027-03-26T09:00+01:00")]
    [InlineData("Europe/Berlin", "2027-10-28T10:00+02:00", "2027-10-31 02:30", "2027-10-31T02:30+02:00")]
    [InlineData("Europe/Berlin", "2027-10-28T10:00+02:00", "next Monday 9:00", "2027-11-01T09:00+01:00")]
    public void TryParseDateTime_AcrossDaylightSavingChange_UsesOffsetOfThatDay(string zoneId, string now, string text, string expected)
    {
        var zone = TimeZoneInfo.FindSystemTimeZoneById(zoneId);

        Assert.True(NaturalDateTime.TryParseDateTime(text, At(now), zone, out var result, out var error), error);

        AssertInstant(expected, result);
    }

    [Theory]
    [InlineData("", "Please give a date and a time, e.g. next Thursday 9:30 or 2027-01-14 14:00.")]
    [InlineData("blah", "Sorry, I could not read \"blah\" as a date and time. Try e.g. next Thursday 9:30 or 2027-01-14 14:00.")]
    [InlineData("blah 9:30", "Sorry, I could not read \"blah 9:30\" as a date and time. Try e.g. next Thursday 9:30 or 2027-01-14 14:00.")]
    [InlineData("next Thursday 9", "Sorry, I could not read \"next Thursday 9\" as a date and time. Try e.g. next Thursday 9:30 or 2027-01-14 14:00.")]
    [InlineData("next Thursday", "What time? e.g. next Thursday 9:30")]
    [InlineData("2027-01-14", "What time? e.g. next Thursday 9:30")]
    [InlineData("25:00", "25:00 is not a time of day. Use e.g. 9:30, 14:00 or 2pm.")]
    [InlineData("tomorrow 13pm", "13pm is not a time of day. Use e.g. 9:30, 14:00 or 2pm.")]
    [InlineData("tomorrow 9:60", "9:60 is not a time of day. Use e.g. 9:30, 14:00 or 2pm.")]
    [InlineData("31 Feb 10:00", "There is no 31 February.")]
    [InlineData("31 Feb", "There is no 31 February.")]
    [InlineData("Feb 29 2027 10:00", "There is no 29 February 2027.")]
    [InlineData("2027-13-01 10:00", "There is no month 13. Try e.g. 2027-02-01, March 3 or next Monday.")]
    [InlineData("14/1/2027 9:30", "Dates with slashes are read month/day/year, so 14/1/2027 has no month 14. Write it as 2027-01-14.")]
    [InlineData("Friday 14 Jan 2027 10:00", "14 January 2027 is a Thursday, not a Friday.")]
    public void TryParseDateTime_InvalidInput_ExplainsTheRightForm(string text, string expectedError)
    {
        Assert.False(NaturalDateTime.TryParseDateTime(text, MondayMorning, NewYork, out _, out var error));

        Assert.Equal(expectedError, error);
    }

    [Theory]
    [InlineData("2027-02-01", "2027-02-01")]
    [InlineData("March 3", "2027-03-03")]
    [InlineData("3rd of March", "2027-03-03")]
    [InlineData("next Monday", "2027-01-18")]
    [InlineData("monday", "2027-01-18")]
    [InlineData("this Monday", "2027-01-11")]
    [InlineData("in 3 weeks", "2027-02-01")]
    [InlineData("in two months", "2027-03-11")]
    [InlineData("end of month", "2027-01-31")]
    [InlineData("end of next month", "2027-02-28")]
    [InlineData("the end of the month", "2027-01-31")]
    [InlineData("the day after tomorrow", "2027-01-13")]
    [InlineData("tomorrow", "2027-01-12")]
    [InlineData("1/14/2027", "2027-01-14")]
    [InlineData("Jan 5", "2028-01-05")]
    [InlineData("29 Feb", "2028-02-29")]
    public void TryParseDate_SupportedForm_ReturnsDay(string text, string expected)
    {
        Assert.True(NaturalDateTime.TryParseDate(text, MondayMorning, NewYork, out var result, out var error), error);

        Assert.Equal(DateOnly.Parse(expected, CultureInfo.InvariantCulture), result);
    }

    [Theory]
    [InlineData("", "Please give a date, e.g. 2027-02-01, March 3 or next Monday.")]
    [InlineData("blah", "Sorry, I could not read \"blah\" as a date. Try e.g. 2027-02-01, March 3 or next Monday.")]
    [InlineData("next Thursday 9:30", "Sorry, I could not read \"next Thursday 9:30\" as a date. Try e.g. 2027-02-01, March 3 or next Monday.")]
    [InlineData("31 Feb", "There is no 31 February.")]
    [InlineData("April 31 2027", "There is no 31 April 2027.")]
    public void TryParseDate_InvalidInput_ExplainsTheRightForm(string text, string expectedError)
    {
        Assert.False(NaturalDateTime.TryParseDate(text, MondayMorning, NewYork, out _, out var error));

        Assert.Equal(expectedError, error);
    }

    [Theory]
    [InlineData("9:30", 9, 30)]
    [InlineData("09:30", 9, 30)]
    [InlineData("14:00", 14, 0)]
    [InlineData("0:00", 0, 0)]
    [InlineData("23:59", 23, 59)]
    [InlineData("2pm", 14, 0)]
    [InlineData("2 PM", 14, 0)]
    [InlineData("9.30am", 9, 30)]
    [InlineData("9:30 a.m.", 9, 30)]
    [InlineData("9:30 P.M.", 21, 30)]
    [InlineData("14h30", 14, 30)]
    [InlineData("14h", 14, 0)]
    [InlineData("12am", 0, 0)]
    [InlineData("12:30am", 0, 30)]
    [InlineData("12pm", 12, 0)]
    [InlineData("12:30 pm", 12, 30)]
    [InlineData("noon", 12, 0)]
    [InlineData("midnight", 0, 0)]
    [InlineData(" at 9:30 ", 9, 30)]
    public void TryParseTime_SupportedForm_ReturnsTimeOfDay(string text, int hour, int minute)
    {
        Assert.True(NaturalDateTime.TryParseTime(text, out var result));

        Assert.Equal(new TimeOnly(hour, minute), result);
    }

    [Theory]
    [InlineData("")]
    [InlineData("blah")]
    [InlineData("9")]
    [InlineData("24:00")]
    [InlineData("25:00")]
    [InlineData("9:60")]
    [InlineData("13pm")]
    [InlineData("0am")]
    [InlineData("tomorrow 9:30")]
    public void TryParseTime_InvalidInput_ReturnsFalse(string text)
    {
        Assert.False(NaturalDateTime.TryParseTime(text, out _));
    }

    [Theory]
    [InlineData("90 min", 90)]
    [InlineData("90 minutes", 90)]
    [InlineData("45m", 45)]
    [InlineData("1h30", 90)]
    [InlineData("1h 30m", 90)]
    [InlineData("1 hour 30 minutes", 90)]
    [InlineData("2 hours and 15 minutes", 135)]
    [InlineData("1:30", 90)]
    [InlineData("1.5 hours", 90)]
    [InlineData("2 hours", 120)]
    [InlineData("2h", 120)]
    [InlineData("an hour", 60)]
    [InlineData("half an hour", 30)]
    [InlineData("24 hours", 1440)]
    public void TryParseDuration_SupportedForm_ReturnsLength(string text, int minutes)
    {
        Assert.True(NaturalDateTime.TryParseDuration(text, out var result));

        Assert.Equal(TimeSpan.FromMinutes(minutes), result);
    }

    [Theory]
    [InlineData("")]
    [InlineData("blah")]
    [InlineData("90")]
    [InlineData("0 min")]
    [InlineData("25 hours")]
    [InlineData("1h75")]
    public void TryParseDuration_InvalidInput_ReturnsFalse(string text)
    {
        Assert.False(NaturalDateTime.TryParseDuration(text, out _));
    }

    [Theory]
    [InlineData("America/Chicago", "2027-01-14T12:00Z", -6)]
    [InlineData("America/Chicago", "2027-07-14T12:00Z", -5)]
    [InlineData("Central Standard Time", "2027-01-14T12:00Z", -6)]
    [InlineData("Central Standard Time", "2027-07-14T12:00Z", -5)]
    [InlineData("W. Europe Standard Time", "2027-07-14T12:00Z", 2)]
    [InlineData(" Europe/Berlin ", "2027-01-14T12:00Z", 1)]
    public void ResolveZone_IanaOrWindowsId_ReturnsThatZone(string id, string instant, int expectedOffsetHours)
    {
        var zone = NaturalDateTime.ResolveZone(id, TimeZoneInfo.Utc);

        Assert.Equal(TimeSpan.FromHours(expectedOffsetHours), zone.GetUtcOffset(At(instant)));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("Mars/Olympus_Mons")]
    public void ResolveZone_MissingOrUnknownId_ReturnsFallback(string? id)
    {
        Assert.Same(NewYork, NaturalDateTime.ResolveZone(id, NewYork));
    }

    [Fact]
    public void ToInstant_TimeInSpringForwardGap_MovesForwardByTheGap()
    {
        var result = NaturalDateTime.ToInstant(new DateOnly(2027, 3, 14), new TimeOnly(2, 30), NewYork);

        AssertInstant("2027-03-14T03:30-04:00", result);
    }
}
