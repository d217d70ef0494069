using System.Security.Cryptography;
using System.Text;
using Ical.Net;
using Ical.Net.CalendarComponents;
using Ical.Net.DataTypes;
using Ical.Net.Serialization;

namespace CoPBot.Services.Calendar;

/// <summary>
/// One person's event for one session: what goes into their personal .ics (DESIGN.md "Calendar": one event per
/// person, never a shared event whose attendee list changes).
/// </summary>
public sealed record CalendarEntry
{
    /// <summary>Stable per person per session (see <see cref="CalendarFile.UidFor"/>), so a reschedule or cancellation replaces the event.</summary>
    public required string Uid { get; init; }

    public required string Title { get; init; }

    public string? Description { get; init; }

    public required DateTimeOffset Start { get; init; }

    public required DateTimeOffset End { get; init; }

    /// <summary>The session's zone, IANA or Windows id. Times are written in UTC when it is unknown.</summary>
    public required string TimeZoneId { get; init; }

    public string? Location { get; init; }

    public required string OrganizerName { get; init; }

    /// <summary>ORGANIZER and ATTENDEE are written only when an address is known: RFC 5545 requires a URI there.</summary>
    public string? OrganizerEmail { get; init; }

    public required string AttendeeName { get; init; }

    public string? AttendeeEmail { get; init; }

    /// <summary>0 for the first file; the caller raises it on every reschedule and on cancellation.</summary>
    public required int Sequence { get; init; }

    public bool Cancelled { get; init; }

    /// <summary>When this version of the event was produced (DTSTAMP), from the caller's TimeProvider.</summary>
    public required DateTimeOffset Stamp { get; init; }
}

/// <summary>Writes a personal iCalendar file (RFC 5545 / iTIP RFC 5546): METHOD:REQUEST while accepted, METHOD:CANCEL when cancelled.</summary>
public static class CalendarFile
{
    public const string ProductId = "-//CoPBot//CoPBot//EN";

    public const string MediaType = "text/calendar";

    /// <summary>The .ics text for <paramref name="entry"/>.</summary>
    public static string Write(CalendarEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        var calendar = new Ical.Net.Calendar
        {
            ProductId = ProductId,
            Method = entry.Cancelled ? CalendarMethods.Cancel : CalendarMethods.Request,
        };

        var zoneId = IanaZoneId(entry.TimeZoneId);
        if (zoneId is not null)
        {
            // Only the rules in force from the session's start on: a short VTIMEZONE that clients can still verify.
            calendar.AddTimeZone(zoneId, entry.Start.UtcDateTime.AddYears(-1), includeHistoricalData: false);
        }

        var calendarEvent = new CalendarEvent
        {
            Uid = entry.Uid,
            Sequence = entry.Sequence,
            DtStamp = new CalDateTime(entry.Stamp.UtcDateTime, CalDateTime.UtcTzId),
            DtStart = At(entry.Start, zoneId),
            DtEnd = At(entry.End, zoneId),
            Summary = entry.Title,
            Description = entry.Description,
            Location = entry.Location,
            Status = entry.Cancelled ? EventStatus.Cancelled : EventStatus.Confirmed,
        };

        if (entry.OrganizerEmail is not null)
        {
            calendarEvent.Organizer = new Organizer(MailTo(entry.OrganizerEmail)) { CommonName = entry.OrganizerName };
        }

        if (entry.AttendeeEmail is not null)
        {
            calendarEvent.Attendees.Add(new Attendee(MailTo(entry.AttendeeEmail))
            {
                CommonName = entry.AttendeeName,
                ParticipationStatus = EventParticipationStatus.Accepted,
                Role = ParticipationRole.RequiredParticipant,
            });
        }

        calendar.Events.Add(calendarEvent);
        return new CalendarSerializer().SerializeToString(calendar)!;
    }

    /// <summary>The Content-Type for serving the file, carrying the iTIP method as RFC 5546 asks.</summary>
    public static string ContentType(CalendarEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        return $"{MediaType}; charset=utf-8; method={(entry.Cancelled ? CalendarMethods.Cancel : CalendarMethods.Request)}";
    }

    /// <summary>
    /// A UID that stays the same for one person and one session and reveals neither id: calendars replace the
    /// event on a new SEQUENCE, and nobody can derive someone else's UID.
    /// </summary>
    public static string UidFor(string sessionId, string personId)
    {
        ArgumentNullException.ThrowIfNull(sessionId);
        ArgumentNullException.ThrowIfNull(personId);
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes($"{sessionId}\n{personId}"));
        return $"{Convert.ToHexStringLower(hash.AsSpan(0, 16))}@copbot";
    }

    private static CalDateTime At(DateTimeOffset instant, string? zoneId)
    {
        if (zoneId is null)
        {
            return new CalDateTime(instant.UtcDateTime, CalDateTime.UtcTzId);
        }

        var local = TimeZoneInfo.ConvertTime(instant, TimeZoneInfo.FindSystemTimeZoneById(zoneId));
        return new CalDateTime(DateTime.SpecifyKind(local.DateTime, DateTimeKind.Unspecified), zoneId);
    }

    /// <summary>The IANA id for an IANA or Windows id, or null when the zone is unknown (times are then written in UTC).</summary>
    private static string? IanaZoneId(string? zoneId)
    {
        if (string.IsNullOrWhiteSpace(zoneId) || !TimeZoneInfo.TryFindSystemTimeZoneById(zoneId, out var zone))
        {
            return null;
        }

        if (zone.HasIanaId)
        {
            return zone.Id;
        }

        return TimeZoneInfo.TryConvertWindowsIdToIanaId(zone.Id, out var ianaId) ? ianaId : null;
    }

    private static string MailTo(string email) => $"mailto:{email.Trim()}";

    private static class CalendarMethods
    {
        public const string Request = "REQUEST";
        public const string Cancel = "CANCEL";
    }
}
