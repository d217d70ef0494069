using System.Globalization;
using CoPBot.Services.App;
using CoPBot.Services.Views;

namespace CoPBot.Cards.Builders;

/// <summary>How times, places and durations read on every card, in the reader's own zone (rule 10).</summary>
public static class Format
{
    private static readonly CultureInfo English = CultureInfo.GetCultureInfo("en-US");

    public static string When(SessionSummary session)
    {
        ArgumentNullException.ThrowIfNull(session);
        return Span(session.StartsAt, session.EndsAt, session.ReaderTimeZoneId);
    }

    /// <summary>"Thu 4 Mar 2027, 09:30–11:00 (Berlin time)": from start to end, in <paramref name="zoneId"/>.</summary>
    public static string Span(DateTime startUtc, DateTime endUtc, string zoneId)
    {
        var start = TimeZones.ToLocal(startUtc, zoneId);
        var end = TimeZones.ToLocal(endUtc, zoneId);
        var endText = end.Date == start.Date ? end.ToString("HH:mm", English) : end.ToString("ddd d MMM HH:mm", English);
        return $"{start.ToString("ddd d MMM yyyy, HH:mm", English)}–{endText} ({ZoneName(zoneId)})";
    }

    public static string Brief(SessionSummary session)
    {
        ArgumentNullException.ThrowIfNull(session);
        return TimeZones.ToLocal(session.StartsAt, session.ReaderTimeZoneId).ToString("ddd d MMM, HH:mm", English);
    }

    /// <summary>A session as a button names it: "IdeaLab · Thu 3 Dec" (or "IdeaLab · Thu 3 Dec, 09:30"), in the reader's zone.</summary>
    public static string Label(SessionSummary session, bool withTime = false)
    {
        ArgumentNullException.ThrowIfNull(session);
        return $"{session.NetworkName} · {TimeZones.ToLocal(session.StartsAt, session.ReaderTimeZoneId).ToString(withTime ? "ddd d MMM, HH:mm" : "ddd d MMM", English)}";
    }

    public static string Instant(DateTime utc, string zoneId) =>
        TimeZones.ToLocal(utc, zoneId).ToString("ddd d MMM, HH:mm", English) + $" ({ZoneName(zoneId)})";

    /// <summary>A coming instant as people say it in their zone: "8:00 today", "8:00 tomorrow", "8:00 on Tue 8 Dec".</summary>
    public static string Later(DateTime utc, DateTime nowUtc, string zoneId)
    {
        var local = TimeZones.ToLocal(utc, zoneId);
        var days = (local.Date - TimeZones.ToLocal(nowUtc, zoneId).Date).Days;
        var time = local.ToString("H:mm", English);
        return days switch
        {
            0 => $"{time} today",
            1 => $"{time} tomorrow",
            _ => $"{time} on {local.ToString("ddd d MMM", English)}",
        };
    }

    public static string? Where(SessionSummary session)
    {
        ArgumentNullException.ThrowIfNull(session);
        return (session.Room, session.Address) switch
        {
            (null, null) => null,
            ({ } room, null) => room,
            (null, { } address) => address,
            ({ } room, { } address) => $"{room}, {address}",
        };
    }

    public static string Duration(TimeSpan duration) => duration switch
    {
        { TotalMinutes: < 60 } => $"{(int)duration.TotalMinutes} minutes",
        { Minutes: 0 } => duration.TotalHours == 1 ? "1 hour" : $"{(int)duration.TotalHours} hours",
        _ => $"{(int)duration.TotalHours} h {duration.Minutes} min",
    };

    public static string? Places(SessionSummary session)
    {
        ArgumentNullException.ThrowIfNull(session);
        return session.Capacity is { } capacity
            ? $"{session.PlacesLeft} of {capacity} places left"
            : session.Going > 0 ? $"{session.Going} going" : null;
    }

    public static string Date(DateOnly date) => date.ToString("ddd d MMM yyyy", English);

    public static string Time(TimeOnly time) => time.ToString("HH:mm", English);

    private static string ZoneName(string zoneId) => zoneId is "UTC" or "Etc/UTC" ? "UTC" : zoneId.Replace('_', ' ');
}
