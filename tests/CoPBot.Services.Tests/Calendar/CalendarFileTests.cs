using System.Globalization;
using CoPBot.Services.Calendar;
using Ical.Net.CalendarComponents;

namespace CoPBot.Services.Tests.Calendar;

public class CalendarFileTests
{
    private static readonly DateTimeOffset Start = DateTimeOffset.Parse("2027-01-14T09:30-06:00", CultureInfo.InvariantCulture);

    private static CalendarEntry Entry(Func<CalendarEntry, CalendarEntry>? change = null)
    {
        var entry = new CalendarEntry
        {
            Uid = CalendarFile.UidFor("session-1", "person-1"),
            Title = "IdeaLab: prototyping with paper",
            Description = "Bring one idea you are working on.",
            Start = Start,
            End = Start.AddMinutes(90),
            TimeZoneId = "America/Chicago",
            Location = "Room 4, City Hall, 100 Main St",
            OrganizerName = "Ann Organizer",
            OrganizerEmail = "ann@example.org",
            AttendeeName = "Bob Member",
            AttendeeEmail = "bob@example.org",
            Sequence = 0,
            Stamp = DateTimeOffset.Parse("2027-01-02T12:00Z", CultureInfo.InvariantCulture),
        };
        return change is null ? entry : change(entry);
    }

    private static (Ical.Net.Calendar Calendar, CalendarEvent Event) ReadBack(string text)
    {
        var calendar = Ical.Net.Calendar.Load(text)!;
        return (calendar, Assert.Single(calendar.Events));
    }

    [Fact]
    public void Write_AcceptedInvitation_IsOneRequestEventWithTheSessionsDetails()
    {
        var entry = Entry();

        var (calendar, calendarEvent) = ReadBack(CalendarFile.Write(entry));

        Assert.Equal("REQUEST", calendar.Method);
        Assert.Equal(entry.Uid, calendarEvent.Uid);
        Assert.Equal(0, calendarEvent.Sequence);
        Assert.Equal("CONFIRMED", calendarEvent.Status);
        Assert.Equal(entry.Title, calendarEvent.Summary);
        Assert.Equal(entry.Description, calendarEvent.Description);
        Assert.Equal(entry.Location, calendarEvent.Location);
        Assert.Equal(entry.Start.UtcDateTime, calendarEvent.DtStart!.AsUtc);
        Assert.Equal(entry.End.UtcDateTime, calendarEvent.DtEnd!.AsUtc);
        Assert.Equal(entry.Stamp.UtcDateTime, calendarEvent.DtStamp!.AsUtc);
    }

    [Fact]
    public void Write_KnownZone_WritesLocalTimesWithTzidAndVTimeZone()
    {
        var text = CalendarFile.Write(Entry());

        var (calendar, calendarEvent) = ReadBack(text);
        Assert.Equal("America/Chicago", calendarEvent.DtStart!.TzId);
        Assert.Contains("DTSTART;TZID=America/Chicago:20270114T093000", text, StringComparison.Ordinal);
        Assert.Equal("America/Chicago", Assert.Single(calendar.TimeZones).TzId);
    }

    [Fact]
    public void Write_SummerSession_UsesDaylightOffsetOfThatDay()
    {
        var july = DateTimeOffset.Parse("2027-07-15T14:00-05:00", CultureInfo.InvariantCulture);

        var text = CalendarFile.Write(Entry(e => e with { Start = july, End = july.AddHours(2) }));

        Assert.Contains("DTSTART;TZID=America/Chicago:20270715T140000", text, StringComparison.Ordinal);
        Assert.Equal(july.UtcDateTime, ReadBack(text).Event.DtStart!.AsUtc);
    }

    [Fact]
    public void Write_WindowsZoneId_WritesIanaTzid()
    {
        var (_, calendarEvent) = ReadBack(CalendarFile.Write(Entry(e => e with { TimeZoneId = "Central Standard Time" })));

        Assert.Equal("America/Chicago", calendarEvent.DtStart!.TzId);
        Assert.Equal(Start.UtcDateTime, calendarEvent.DtStart.AsUtc);
    }

    [Fact]
    public void Write_UnknownZone_WritesUtcTimes()
    {
        var text = CalendarFile.Write(Entry(e => e with { TimeZoneId = "Mars/Olympus_Mons" }));

        var (calendar, calendarEvent) = ReadBack(text);
        Assert.True(calendarEvent.DtStart!.IsUtc);
        Assert.Contains("DTSTART:20270114T153000Z", text, StringComparison.Ordinal);
        Assert.Empty(calendar.TimeZones);
    }

    [Fact]
    public void Write_WithAddresses_NamesOrganizerAndAcceptedAttendee()
    {
        var (_, calendarEvent) = ReadBack(CalendarFile.Write(Entry()));

        Assert.Equal("Ann Organizer", calendarEvent.Organizer!.CommonName);
        Assert.Equal(new Uri("mailto:ann@example.org"), calendarEvent.Organizer.Value);
        var attendee = Assert.Single(calendarEvent.Attendees);
        Assert.Equal("Bob Member", attendee.CommonName);
        Assert.Equal("ACCEPTED", attendee.ParticipationStatus);
    }

    [Fact]
    public void Write_WithoutAddresses_OmitsOrganizerAndAttendee()
    {
        var text = CalendarFile.Write(Entry(e => e with { OrganizerEmail = null, AttendeeEmail = null }));

        var (_, calendarEvent) = ReadBack(text);
        Assert.Null(calendarEvent.Organizer);
        Assert.Empty(calendarEvent.Attendees);
        Assert.DoesNotContain("ORGANIZER", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Write_Rescheduled_KeepsUidWithNewSequenceAndTimes()
    {
        var first = Entry();
        var moved = first with { Start = Start.AddDays(7), End = Start.AddDays(7).AddHours(2), Sequence = 1 };

        var (_, before) = ReadBack(CalendarFile.Write(first));
        var (calendar, after) = ReadBack(CalendarFile.Write(moved));

        Assert.Equal("REQUEST", calendar.Method);
        Assert.Equal(before.Uid, after.Uid);
        Assert.Equal(1, after.Sequence);
        Assert.Equal(moved.Start.UtcDateTime, after.DtStart!.AsUtc);
        Assert.Equal(moved.End.UtcDateTime, after.DtEnd!.AsUtc);
    }

    [Fact]
    public void Write_Cancelled_IsCancelWithCancelledStatus()
    {
        var entry = Entry(e => e with { Cancelled = true, Sequence = 2 });

        var (calendar, calendarEvent) = ReadBack(CalendarFile.Write(entry));

        Assert.Equal("CANCEL", calendar.Method);
        Assert.Equal("CANCELLED", calendarEvent.Status);
        Assert.Equal(entry.Uid, calendarEvent.Uid);
        Assert.Equal(2, calendarEvent.Sequence);
    }

    [Fact]
    public void Write_TextWithSeparatorsAndNewlines_SurvivesRoundTrip()
    {
        const string title = "Budget; forecasting, together\nsecond line";
        const string description = "Prepare: one slide; two questions,\nthree ideas.";
        const string location = "Room 2; Annex, 5 Elm St\nFloor 3";

        var text = CalendarFile.Write(Entry(e => e with { Title = title, Description = description, Location = location }));

        var (_, calendarEvent) = ReadBack(text);
        Assert.Equal(title, calendarEvent.Summary);
        Assert.Equal(description, calendarEvent.Description);
        Assert.Equal(location, calendarEvent.Location);
        Assert.Contains(@"SUMMARY:Budget\; forecasting\, together\nsecond line", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Write_Always_UsesCrlfLineEndings()
    {
        var text = CalendarFile.Write(Entry());

        Assert.StartsWith("BEGIN:VCALENDAR\r\n", text, StringComparison.Ordinal);
        Assert.DoesNotContain("\n", text.Replace("\r\n", string.Empty, StringComparison.Ordinal), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(false, "text/calendar; charset=utf-8; method=REQUEST")]
    [InlineData(true, "text/calendar; charset=utf-8; method=CANCEL")]
    public void ContentType_ByState_CarriesMethod(bool cancelled, string expected)
    {
        Assert.Equal(expected, CalendarFile.ContentType(Entry(e => e with { Cancelled = cancelled })));
    }

    [Fact]
    public void UidFor_SamePersonAndSession_IsStableAndRevealsNoId()
    {
        var uid = CalendarFile.UidFor("session-42", "person-7");

        Assert.Equal(uid, CalendarFile.UidFor("session-42", "person-7"));
        Assert.NotEqual(uid, CalendarFile.UidFor("session-42", "person-8"));
        Assert.NotEqual(uid, CalendarFile.UidFor("session-43", "person-7"));
        Assert.DoesNotContain("session-42", uid, StringComparison.Ordinal);
        Assert.EndsWith("@copbot", uid, StringComparison.Ordinal);
    }
}
