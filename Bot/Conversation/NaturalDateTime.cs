using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Text.RegularExpressions;
using CoPBot.Services.Domain;

namespace CoPBot.Bot.Conversation;

/// <summary>
/// Reads the dates, times and durations people type in chat ("next Thursday 9:30", "2027-01-14 14:00",
/// "in 2 weeks 10:00", "90 min"). Pure: the caller passes the current instant and the person's time zone.
/// </summary>
/// <remarks>
/// Rules worth knowing:
/// <list type="bullet">
/// <item>A bare weekday ("Thursday") and "next Thursday" both mean the first Thursday strictly after today;
/// "this Thursday" includes today. Callers should echo the full date back so the person can correct it.</item>
/// <item>Slashed dates are US order, month/day/year ("1/14/2027"); ISO "2027-01-14" is always safest.</item>
/// <item>A date without a year is its next occurrence (today counts). A time without a date is its next
/// occurrence (today if still ahead, otherwise tomorrow).</item>
/// <item>Local times that do not exist (the spring-forward gap) move forward by the gap (2:30 becomes 3:30);
/// times that occur twice (fall back) take the first occurrence.</item>
/// <item>Instants in the past are returned as they are ("yesterday 9:00", "last Monday", "2 weeks ago" are read);
/// refusing them is the caller's business.</item>
/// <item>Input longer than any date anyone types is refused by its length, before any pattern runs.</item>
/// </list>
/// </remarks>
public static partial class NaturalDateTime
{
    public const string DateTimeExample = "next Thursday 9:30 or 2027-01-14 14:00";
    public const string DateExample = "2027-02-01, March 3 or next Monday";
    public const string TimeExample = "9:30, 14:00 or 2pm";

    /// <summary>Longer than any date, time or duration anyone types ("next Thursday 9:30am", "Wednesday 14 January 2027 2:30 p.m."): not read further.</summary>
    private const int MaxInputLength = 80;

    private static readonly string[] MonthNames =
        ["january", "february", "march", "april", "may", "june", "july", "august", "september", "october", "november", "december"];

    private static readonly string[] DayNames = ["sunday", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday"];

    private static readonly Dictionary<string, int> SmallNumbers = new(StringComparer.Ordinal)
    {
        ["a"] = 1, ["an"] = 1, ["one"] = 1, ["two"] = 2, ["three"] = 3, ["four"] = 4, ["five"] = 5, ["six"] = 6,
        ["seven"] = 7, ["eight"] = 8, ["nine"] = 9, ["ten"] = 10, ["eleven"] = 11, ["twelve"] = 12,
    };

    /// <summary>The instant meant by a date and a time of day, read in <paramref name="zone"/>.</summary>
    /// <param name="error">A short answer for the person, with an example of the right form.</param>
    public static bool TryParseDateTime(
        string? text, DateTimeOffset now, TimeZoneInfo zone, out DateTimeOffset result, [NotNullWhen(false)] out string? error)
    {
        ArgumentNullException.ThrowIfNull(zone);
        result = default;
        var input = Normalize(text);
        if (input.Length == 0)
        {
            error = $"Please give a date and a time, e.g. {DateTimeExample}.";
            return false;
        }

        if (input.Length > MaxInputLength)
        {
            error = CouldNotRead(text, "a date and time", DateTimeExample);
            return false;
        }

        if (!SplitTime(input, out var datePart, out var timeText))
        {
            error = TryReadDate(input, Today(now, zone), out _, out var dateError)
                ? "What time? e.g. next Thursday 9:30"
                : dateError ?? CouldNotRead(text, "a date and time", DateTimeExample);
            return false;
        }

        if (!TryParseTime(timeText, out var time))
        {
            error = $"{UserText.Clip(timeText)} is not a time of day. Use e.g. {TimeExample}.";
            return false;
        }

        var today = Today(now, zone);
        if (datePart.Length == 0)
        {
            result = ToInstant(today, time, zone);
            if (result <= now)
            {
                result = ToInstant(today.AddDays(1), time, zone);
            }

            error = null;
            return true;
        }

        if (!TryReadDate(datePart, today, out var date, out var readError))
        {
            error = readError ?? CouldNotRead(text, "a date and time", DateTimeExample);
            return false;
        }

        result = ToInstant(date, time, zone);
        error = null;
        return true;
    }

    /// <summary>
    /// A start and an end ("tomorrow 9:30-11", "Jan 14 2-3pm", "Thursday from 10 to 11:30") as the start, for
    /// <see cref="TryParseDateTime"/>, and the length. The start takes the end's am or pm when it has none ("2-3pm"), a
    /// bare start hour is the working day's, and a bare end before the start is in the afternoon ("11-1"). False when the
    /// text has no range, or its end is not after its start.
    /// </summary>
    public static bool TryParseTimeRange(string? text, out string startText, out TimeSpan duration)
    {
        startText = "";
        duration = default;
        var input = Normalize(text);
        if (input.Length > MaxInputLength || TimeRange().Match(input) is not { Success: true } range)
        {
            return false;
        }

        var from = range.Groups["from"].Value.Replace(" ", "", StringComparison.Ordinal);
        var to = range.Groups["to"].Value.Replace(" ", "", StringComparison.Ordinal);
        if (!TryParseTime(to, out var end) && !TryParseTime(WorkingDayHour(to, workingDay: false), out end))
        {
            return false;
        }

        var meridiem = to.EndsWith('m') ? to[^2..] : null;
        string?[] starts = from.EndsWith('m') ? [from] : [meridiem is null ? null : from + meridiem, WorkingDayHour(from, workingDay: true), from];
        foreach (var candidate in starts)
        {
            if (candidate is null || !TryParseTime(candidate, out var start))
            {
                continue;
            }

            var until = meridiem is null && end <= start && end.Hour < 12 ? end.ToTimeSpan() + TimeSpan.FromHours(12) : end.ToTimeSpan();
            if (until > start.ToTimeSpan())
            {
                startText = (range.Groups["date"].Value + " " + candidate).Trim();
                duration = until - start.ToTimeSpan();
                return true;
            }
        }

        return false;
    }

    /// <summary>Whether a text starts the way a date does ("next Tuesday…", "tomorrow…", "Dec 9…", "2027-01-14…"), not with a name.</summary>
    public static bool StartsLikeADate(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var first = Normalize(text.Length > MaxInputLength ? text[..MaxInputLength] : text).Split(' ')[0].TrimEnd('.');
        return first is "today" or "tonight" or "tomorrow" or "next" or "this" or "coming" or "in"
            || (first.Length > 0 && char.IsAsciiDigit(first[0]))
            || ParseDayName(first) is not null
            || ParseMonthName(first) is not null;
    }

    /// <summary>A calendar day ("2027-02-01", "March 3", "next Monday", "in 3 weeks", "end of month"), as seen in <paramref name="zone"/>.</summary>
    public static bool TryParseDate(
        string? text, DateTimeOffset now, TimeZoneInfo zone, out DateOnly result, [NotNullWhen(false)] out string? error)
    {
        ArgumentNullException.ThrowIfNull(zone);
        var input = Normalize(text);
        string? readError = null;
        if (input.Length is > 0 and <= MaxInputLength && TryReadDate(input, Today(now, zone), out result, out readError))
        {
            error = null;
            return true;
        }

        result = default;
        error = input.Length == 0
            ? $"Please give a date, e.g. {DateExample}."
            : readError ?? CouldNotRead(text, "a date", DateExample);
        return false;
    }

    /// <summary>A time of day: "9:30", "14:00", "14h30", "9.30am", "9:30 a.m.", "2pm", "12am" (midnight), "noon".</summary>
    public static bool TryParseTime(string? text, out TimeOnly result)
    {
        result = default;
        var input = Normalize(text);
        if (input.Length > MaxInputLength)
        {
            return false;
        }

        switch (input)
        {
            case "noon" or "midday":
                result = new TimeOnly(12, 0);
                return true;
            case "midnight":
                result = TimeOnly.MinValue;
                return true;
        }

        var match = TimePattern().Match(input);
        if (!match.Success || match.Length != input.Length)
        {
            return false;
        }

        var hour = int.Parse(match.Groups["h"].ValueSpan, CultureInfo.InvariantCulture);
        var minute = match.Groups["m"].Success ? int.Parse(match.Groups["m"].ValueSpan, CultureInfo.InvariantCulture) : 0;
        if (match.Groups["ap"].Success)
        {
            if (hour is < 1 or > 12)
            {
                return false;
            }

            // 12am is midnight and 12pm is noon.
            hour = (hour % 12) + (match.Groups["ap"].Value == "pm" ? 12 : 0);
        }

        if (hour > 23 || minute > 59)
        {
            return false;
        }

        result = new TimeOnly(hour, minute);
        return true;
    }

    /// <summary>A positive length of at most a day: "90 min", "45m", "2 hours", "1.5 hours", "1h30", "1:30", "half an hour".</summary>
    public static bool TryParseDuration(string? text, out TimeSpan result)
    {
        result = default;
        var input = Normalize(text).Replace(" and ", " ", StringComparison.Ordinal);
        if (input.Length > MaxInputLength)
        {
            return false;
        }

        var words = DurationWords().Match(input);
        if (words.Success)
        {
            result = words.Groups["half"].Success ? TimeSpan.FromMinutes(30) : TimeSpan.FromHours(1);
            return true;
        }

        var hoursAndMinutes = HoursAndMinutesPattern().Match(input);
        if (hoursAndMinutes.Success)
        {
            var minutes = int.Parse(hoursAndMinutes.Groups["m"].ValueSpan, CultureInfo.InvariantCulture);
            if (minutes > 59)
            {
                return false;
            }

            result = TimeSpan.FromHours(int.Parse(hoursAndMinutes.Groups["h"].ValueSpan, CultureInfo.InvariantCulture))
                + TimeSpan.FromMinutes(minutes);
        }
        else if (SingleUnitPattern().Match(input) is { Success: true } single)
        {
            var amount = decimal.Parse(single.Groups["n"].ValueSpan, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture);
            var minutes = single.Groups["unit"].Value.StartsWith('h') ? amount * 60 : amount;
            result = TimeSpan.FromMinutes((double)Math.Round(minutes));
        }

        return result > TimeSpan.Zero && result <= TimeSpan.FromDays(1);
    }

    /// <summary>
    /// The zone for an IANA id ("America/Chicago") or a Windows id ("Central Standard Time"), as Teams sends either;
    /// <paramref name="fallback"/> when the id is missing or unknown.
    /// </summary>
    public static TimeZoneInfo ResolveZone(string? ianaOrWindowsId, TimeZoneInfo fallback)
    {
        ArgumentNullException.ThrowIfNull(fallback);
        return !string.IsNullOrWhiteSpace(ianaOrWindowsId)
            && TimeZoneInfo.TryFindSystemTimeZoneById(ianaOrWindowsId.Trim(), out var zone)
                ? zone
                : fallback;
    }

    /// <summary>
    /// The instant of a local date and time in <paramref name="zone"/>: a time in the spring-forward gap moves forward
    /// by the gap, and a time that occurs twice takes its first occurrence.
    /// </summary>
    public static DateTimeOffset ToInstant(DateOnly date, TimeOnly time, TimeZoneInfo zone)
    {
        ArgumentNullException.ThrowIfNull(zone);
        var local = date.ToDateTime(time, DateTimeKind.Unspecified);
        TimeSpan offset;
        if (zone.IsInvalidTime(local))
        {
            // The offset in force before the gap; no zone changes its offset twice within a day.
            offset = zone.GetUtcOffset(local.AddDays(-1));
        }
        else if (zone.IsAmbiguousTime(local))
        {
            // The larger offset is the earlier instant.
            offset = zone.GetAmbiguousTimeOffsets(local).Max();
        }
        else
        {
            offset = zone.GetUtcOffset(local);
        }

        return TimeZoneInfo.ConvertTime(new DateTimeOffset(local, offset), zone);
    }

    private static string CouldNotRead(string? text, string what, string example) =>
        $"Sorry, I could not read \"{UserText.Clip(text)}\" as {what}. Try e.g. {example}.";

    private static DateOnly Today(DateTimeOffset now, TimeZoneInfo zone) =>
        DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(now, zone).DateTime);

    /// <summary>Lower case, single spaces, "a.m." as "am", ISO "T" as a space, no commas and no filler words ("at", "on", "the"); a bare hour after "at" as that hour.</summary>
    private static string Normalize(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return string.Empty;
        }

        if (text.Length > MaxInputLength * 2)
        {
            // Too long to be a date even with extra spaces: the callers refuse it by its length, unread.
            return text;
        }

        var s = text.ToLowerInvariant().Replace(',', ' ');
        s = MeridiemWithDots().Replace(s, "${x}m");
        s = IsoDateTimeSeparator().Replace(s, "${date} ${digit}");
        var words = s.Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var kept = new List<string>(words.Length);
        for (var i = 0; i < words.Length; i++)
        {
            if (words[i] is "at" or "@")
            {
                // "at 10" says the number is an hour; "at 2 pm" keeps its own am or pm.
                if (i + 1 < words.Length && (i + 2 == words.Length || words[i + 2] is not ("am" or "pm")) && WorkingDayHour(words[i + 1]) is { } hour)
                {
                    kept.Add(hour);
                    i++;
                }
            }
            else if (words[i] is not ("on" or "the"))
            {
                kept.Add(words[i]);
            }
        }

        return string.Join(' ', kept);
    }

    /// <summary>
    /// The hour meant by a bare number ("at 10", the start of "10 to 11:30"): on the working day, 7 to 11 in the
    /// morning and 12 to 6 in the afternoon ("at 2" is 14:00); otherwise, and from 13 to 23, as on a 24-hour clock.
    /// Callers echo the full time, so it can be corrected. Null when the word is not a bare hour.
    /// </summary>
    private static string? WorkingDayHour(string word, bool workingDay = true) =>
        word.Length <= 2 && int.TryParse(word, NumberStyles.None, CultureInfo.InvariantCulture, out var hour)
            ? hour switch
            {
                >= 1 and <= 6 when workingDay => $"{hour}pm",
                >= 7 and <= 11 when workingDay => $"{hour}am",
                12 when workingDay => "12pm",
                <= 23 => $"{hour}:00",
                _ => null,
            }
            : null;

    /// <summary>Finds a time at the end ("Jan 14 2pm") or the start ("9:30 next Thursday") of the input.</summary>
    private static bool SplitTime(string input, out string datePart, out string timeText)
    {
        foreach (var match in new[] { TrailingTime().Match(input), LeadingTime().Match(input) })
        {
            if (match.Success)
            {
                datePart = match.Groups["date"].Value.Trim();
                timeText = match.Groups["time"].Value;
                return true;
            }
        }

        datePart = input;
        timeText = string.Empty;
        return false;
    }

    /// <summary>Reads a normalized date; <paramref name="error"/> is set only for a recognised form with impossible values.</summary>
    private static bool TryReadDate(string input, DateOnly today, out DateOnly date, out string? error)
    {
        error = null;
        date = default;
        switch (input)
        {
            case "today" or "tonight":
                date = today;
                return true;
            case "tomorrow":
                date = today.AddDays(1);
                return true;
            case "day after tomorrow":
                date = today.AddDays(2);
                return true;

            // Past days are read too, so that the caller can say "that is in the past" rather than "could not read".
            case "yesterday":
                date = today.AddDays(-1);
                return true;
            case "day before yesterday":
                date = today.AddDays(-2);
                return true;
        }

        if (RelativeWeekday().Match(input) is { Success: true } weekday && ParseDayName(weekday.Groups["day"].Value) is { } dayOfWeek)
        {
            if (weekday.Groups["mod"].Value == "last")
            {
                var back = ((int)today.DayOfWeek - (int)dayOfWeek + 7) % 7;
                date = today.AddDays(back == 0 ? -7 : -back);
                return true;
            }

            var ahead = ((int)dayOfWeek - (int)today.DayOfWeek + 7) % 7;
            if (ahead == 0 && weekday.Groups["mod"].Value != "this")
            {
                ahead = 7;
            }

            date = today.AddDays(ahead);
            return true;
        }

        if (InPeriod().Match(input) is { Success: true } period)
        {
            var n = SmallNumbers.TryGetValue(period.Groups["n"].Value, out var word)
                ? word
                : int.Parse(period.Groups["n"].ValueSpan, CultureInfo.InvariantCulture);
            if (period.Groups["ago"].Success)
            {
                n = -n;
            }

            date = period.Groups["unit"].Value switch
            {
                "day" => today.AddDays(n),
                "week" => today.AddDays(7 * n),
                _ => today.AddMonths(n),
            };
            return true;
        }

        if (EndOfMonth().Match(input) is { Success: true } end)
        {
            var month = today.AddMonths(end.Groups["next"].Success ? 1 : 0);
            date = new DateOnly(month.Year, month.Month, DateTime.DaysInMonth(month.Year, month.Month));
            return true;
        }

        if (IsoDate().Match(input) is { Success: true } iso)
        {
            return TryMakeDate(Number(iso, "y"), Number(iso, "m"), Number(iso, "d"), today, out date, out error);
        }

        if (SlashDate().Match(input) is { Success: true } slash)
        {
            var (month, day) = (Number(slash, "m"), Number(slash, "d"));
            int? year = slash.Groups["y"].Success ? Number(slash, "y") : null;
            if (year < 100)
            {
                year += 2000;
            }

            if (month > 12 && day <= 12)
            {
                error = $"Dates with slashes are read month/day/year, so {slash.Value} has no month {month}. "
                    + $"Write it as {year ?? today.Year:D4}-{day:D2}-{month:D2}.";
                return false;
            }

            return TryMakeDate(year, month, day, today, out date, out error);
        }

        var named = DayMonthName().Match(input) is { Success: true } dm ? dm : MonthNameDay().Match(input);
        if (named.Success && ParseMonthName(named.Groups["month"].Value) is { } monthNumber)
        {
            int? year = named.Groups["y"].Success ? Number(named, "y") : null;
            if (!TryMakeDate(year, monthNumber, Number(named, "d"), today, out date, out error))
            {
                return false;
            }

            if (named.Groups["wd"].Success)
            {
                var claimed = ParseDayName(named.Groups["wd"].Value);
                if (claimed is null)
                {
                    return false;
                }

                if (claimed != date.DayOfWeek)
                {
                    error = $"{date.ToString("d MMMM yyyy", CultureInfo.InvariantCulture)} is a {date.DayOfWeek}, not a {claimed}.";
                    return false;
                }
            }

            return true;
        }

        return false;
    }

    /// <summary>A date from its parts; without a year, the next occurrence on or after today.</summary>
    private static bool TryMakeDate(int? year, int month, int day, DateOnly today, out DateOnly date, out string? error)
    {
        date = default;
        error = null;
        if (month is < 1 or > 12)
        {
            error = $"There is no month {month}. Try e.g. {DateExample}.";
            return false;
        }

        if (year is { } y)
        {
            if (y is < 1 or > 9999 || day < 1 || day > DateTime.DaysInMonth(y, month))
            {
                error = $"There is no {day} {MonthTitle(month)} {y}.";
                return false;
            }

            date = new DateOnly(y, month, day);
            return true;
        }

        // Look a few years ahead so that 29 February finds the next leap year.
        for (var candidateYear = today.Year; candidateYear <= today.Year + 8; candidateYear++)
        {
            if (day >= 1 && day <= DateTime.DaysInMonth(candidateYear, month) && new DateOnly(candidateYear, month, day) >= today)
            {
                date = new DateOnly(candidateYear, month, day);
                return true;
            }
        }

        error = $"There is no {day} {MonthTitle(month)}.";
        return false;
    }

    private static int Number(Match match, string group) => int.Parse(match.Groups[group].ValueSpan, CultureInfo.InvariantCulture);

    private static string MonthTitle(int month) => CultureInfo.InvariantCulture.DateTimeFormat.GetMonthName(month);

    /// <summary>A month from its name or a prefix of at least three letters ("jan", "sept").</summary>
    private static int? ParseMonthName(string word)
    {
        var index = Array.FindIndex(MonthNames, name => word.Length >= 3 && name.StartsWith(word, StringComparison.Ordinal));
        return index < 0 ? null : index + 1;
    }

    /// <summary>A weekday from its name or a prefix of at least three letters ("thu", "thurs"), or "weds".</summary>
    private static DayOfWeek? ParseDayName(string word)
    {
        word = word == "weds" ? "wed" : word;
        var index = Array.FindIndex(DayNames, name => word.Length >= 3 && name.StartsWith(word, StringComparison.Ordinal));
        return index < 0 ? null : (DayOfWeek)index;
    }

    /// <summary>"2 weeks", "a month": the amount and unit of "in 2 weeks" and "2 weeks ago".</summary>
    private const string Period =
        @"(?<n>\d{1,3}|an?|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve)\s(?<unit>day|week|month)s?";

    // Every pattern is non-backtracking: linear in the input, whatever it holds.
    private const string Time =
        @"noon|midday|midnight|\d{1,2}(?:(?:[:.h]\d{2})?\s?(?:am|pm)|[:.h]\d{2}|h)";

    [GeneratedRegex(@"^(?<h>\d{1,2})(?:(?:[:.h](?<m>\d{2}))?\s?(?<ap>am|pm)|[:.h](?<m>\d{2})|h)$", RegexOptions.CultureInvariant | RegexOptions.NonBacktracking)]
    private static partial Regex TimePattern();

    [GeneratedRegex(@"^(?:(?<date>.*?)\s)?(?<time>" + Time + ")$", RegexOptions.CultureInvariant | RegexOptions.NonBacktracking)]
    private static partial Regex TrailingTime();

    [GeneratedRegex(@"^(?:(?<date>.*?)\s)?(?:from\s)?(?<from>\d{1,2}(?:[:.]\d{2})?(?:\s?[ap]m)?)\s?(?:-|–|—|to|until|till)\s?(?<to>\d{1,2}(?:[:.]\d{2})?(?:\s?[ap]m)?)$", RegexOptions.CultureInvariant | RegexOptions.NonBacktracking)]
    private static partial Regex TimeRange();

    [GeneratedRegex(@"^(?<time>" + Time + @")\s(?<date>.+)$", RegexOptions.CultureInvariant | RegexOptions.NonBacktracking)]
    private static partial Regex LeadingTime();

    [GeneratedRegex(@"\b(?<x>[ap])\.\s?m\b\.?", RegexOptions.CultureInvariant | RegexOptions.NonBacktracking)]
    private static partial Regex MeridiemWithDots();

    [GeneratedRegex(@"(?<date>\d{4}-\d{1,2}-\d{1,2})t(?<digit>\d)", RegexOptions.CultureInvariant | RegexOptions.NonBacktracking)]
    private static partial Regex IsoDateTimeSeparator();

    [GeneratedRegex(@"^(?:(?<mod>this|next|coming|last)\s)?(?<day>[a-z]+)\.?$", RegexOptions.CultureInvariant | RegexOptions.NonBacktracking)]
    private static partial Regex RelativeWeekday();

    [GeneratedRegex(@"^(?:in\s" + Period + "|" + Period + @"\s(?<ago>ago))$", RegexOptions.CultureInvariant | RegexOptions.NonBacktracking)]
    private static partial Regex InPeriod();

    [GeneratedRegex(@"^end\sof\s(?:(?<this>this\s)|(?<next>next\s))?month$", RegexOptions.CultureInvariant | RegexOptions.NonBacktracking)]
    private static partial Regex EndOfMonth();

    [GeneratedRegex(@"^(?<y>\d{4})[-/](?<m>\d{1,2})[-/](?<d>\d{1,2})$", RegexOptions.CultureInvariant | RegexOptions.NonBacktracking)]
    private static partial Regex IsoDate();

    [GeneratedRegex(@"^(?<m>\d{1,2})/(?<d>\d{1,2})(?:/(?<y>\d{4}|\d{2}))?$", RegexOptions.CultureInvariant | RegexOptions.NonBacktracking)]
    private static partial Regex SlashDate();

    [GeneratedRegex(@"^(?:(?<wd>[a-z]+)\.?\s)?(?<d>\d{1,2})(?:st|nd|rd|th)?\s(?:of\s)?(?<month>[a-z]+)\.?(?:\s(?<y>\d{4}))?$", RegexOptions.CultureInvariant | RegexOptions.NonBacktracking)]
    private static partial Regex DayMonthName();

    [GeneratedRegex(@"^(?:(?<wd>[a-z]+)\.?\s)?(?<month>[a-z]+)\.?\s(?<d>\d{1,2})(?:st|nd|rd|th)?(?:\s(?<y>\d{4}))?$", RegexOptions.CultureInvariant | RegexOptions.NonBacktracking)]
    private static partial Regex MonthNameDay();

    [GeneratedRegex(@"^(?:(?<half>half\san?\s?hour)|an?\shour)$", RegexOptions.CultureInvariant | RegexOptions.NonBacktracking)]
    private static partial Regex DurationWords();

    [GeneratedRegex(@"^(?<h>\d{1,2})\s?(?:h|hrs?|hours?|:)\s?(?<m>\d{1,2})\s?(?:m|mins?|minutes?)?$", RegexOptions.CultureInvariant | RegexOptions.NonBacktracking)]
    private static partial Regex HoursAndMinutesPattern();

    [GeneratedRegex(@"^(?<n>\d{1,4}(?:\.\d{1,2})?)\s?(?<unit>h|hrs?|hours?|m|mins?|minutes?)$", RegexOptions.CultureInvariant | RegexOptions.NonBacktracking)]
    private static partial Regex SingleUnitPattern();
}
