namespace CoPBot.Bot.Conversation;

/// <summary>
/// A period people ask about ("today", "this week", "next month"), read in the person's time zone. Weeks run Monday
/// to Sunday; "this week" is from today to Sunday.
/// </summary>
public sealed record SessionPeriod(string Name)
{
    private static readonly string[] Names = ["today", "tomorrow", "this weekend", "this week", "next week", "this month", "next month"];

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

        return (text, null);
    }

    /// <summary>The period as UTC instants [from, to).</summary>
    public (DateTime From, DateTime To) Range(DateTimeOffset now, TimeZoneInfo zone)
    {
        ArgumentNullException.ThrowIfNull(zone);
        var today = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(now, zone).DateTime);
        var untilMonday = ((int)DayOfWeek.Monday - (int)today.DayOfWeek + 7) % 7;
        var nextMonday = today.AddDays(untilMonday == 0 ? 7 : untilMonday);
        var firstOfMonth = new DateOnly(today.Year, today.Month, 1);
        var (from, to) = Name switch
        {
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
