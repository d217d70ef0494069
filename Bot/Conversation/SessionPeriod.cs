using System.Globalization;

namespace CoPBot.Bot.Conversation;

/// <summary>
/// A period people ask about ("today", "this week", "next month", "in January"), read in the person's time zone.
/// Weeks run Monday to Sunday; "this week" is from today to Sunday. A named month is its next occurrence: the current
/// month from today, a month ahead this year, a month behind next year.
/// </summary>
public sealed record SessionPeriod(string Name)
{
    private static readonly string[] Names = ["today", "tomorrow", "this weekend", "this week", "next week", "this month", "next month"];

    private static readonly string[] MonthNames = CultureInfo.InvariantCulture.DateTimeFormat.MonthNames[..12];

    /// <summary>The month (1 to 12) of a period named after one, e.g. "in January".</summary>
    public int? Month { get; init; }

    /// <summary>"idealab next week" to ("idealab", next week); a line without a period comes back whole, with null.</summary>
    public static (string Remainder, SessionPeriod? Period) Split(string args)
    {
        ArgumentNullException.ThrowIfNull(args);
        var text = args.Trim();
        foreach (var name in Names)
        {
            if (text.Equals(name, StringComparison.OrdinalIgnoreCase))
            {
                return ("", new SessionPeriod(name));
            }

            if (text.EndsWith(" " + name, StringComparison.OrdinalIgnoreCase))
            {
                return (text[..^(name.Length + 1)].Trim(), new SessionPeriod(name));
            }
        }

        return Named(text);
    }

    /// <summary>"January", "in jan", "idealab in March": a month by its name or its first three letters (or "sept").</summary>
    private static (string Remainder, SessionPeriod? Period) Named(string text)
    {
        var space = text.LastIndexOf(' ');
        var word = text[(space + 1)..];
        var month = Array.FindIndex(MonthNames, m => word.Equals(m, StringComparison.OrdinalIgnoreCase)
            || (word.Length == 3 && m.StartsWith(word, StringComparison.OrdinalIgnoreCase)) || (word.Equals("sept", StringComparison.OrdinalIgnoreCase) && m == "September"));
        var before = space < 0 ? "" : text[..space].TrimEnd();

        // A bare month word only as the whole line or after "in": "idealab may" is not a period.
        if (month < 0 || (before.Length > 0 && !before.Equals("in", StringComparison.OrdinalIgnoreCase) && !before.EndsWith(" in", StringComparison.OrdinalIgnoreCase)))
        {
            return (text, null);
        }

        var rest = before.Length > 2 ? before[..^2].TrimEnd() : "";
        return (rest, new SessionPeriod("in " + MonthNames[month]) { Month = month + 1 });
    }

    /// <summary>The period as UTC instants [from, to).</summary>
    public (DateTime From, DateTime To) Range(DateTimeOffset now, TimeZoneInfo zone)
    {
        ArgumentNullException.ThrowIfNull(zone);
        var today = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(now, zone).DateTime);
        var untilMonday = ((int)DayOfWeek.Monday - (int)today.DayOfWeek + 7) % 7;
        var nextMonday = today.AddDays(untilMonday == 0 ? 7 : untilMonday);
        var firstOfMonth = new DateOnly(today.Year, today.Month, 1);
        var named = Month is { } month ? new DateOnly(today.Year + (month < today.Month ? 1 : 0), month, 1) : firstOfMonth;
        var (from, to) = Name switch
        {
            _ when Month is not null => (named == firstOfMonth ? today : named, named.AddMonths(1)),
            "today" => (today, today.AddDays(1)),
            "tomorrow" => (today.AddDays(1), today.AddDays(2)),
            "this weekend" => (today.DayOfWeek == DayOfWeek.Sunday ? today : nextMonday.AddDays(-2), nextMonday),
            "this week" => (today, nextMonday),
            "next week" => (nextMonday, nextMonday.AddDays(7)),
            "this month" => (today, firstOfMonth.AddMonths(1)),
            "next month" => (firstOfMonth.AddMonths(1), firstOfMonth.AddMonths(2)),
            _ => throw new InvalidOperationException($"No range for {Name}."),
        };
        return (Utc(from, zone), Utc(to, zone));
    }

    private static DateTime Utc(DateOnly day, TimeZoneInfo zone)
    {
        var midnight = DateTime.SpecifyKind(day.ToDateTime(TimeOnly.MinValue), DateTimeKind.Unspecified);

        // Where the clocks spring forward at midnight, the day starts at the first hour that exists.
        while (zone.IsInvalidTime(midnight))
        {
            midnight = midnight.AddMinutes(30);
        }

        return TimeZoneInfo.ConvertTimeToUtc(midnight, zone);
    }
}
