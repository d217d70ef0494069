using System.Globalization;
using CoPBot.Cards.Builders;
using CoPBot.Services.App;
using CoPBot.Services.Domain;

namespace CoPBot.Bot.Conversation;

/// <summary>
/// Turns what an organizer typed ("when: next Thursday 9:30; for: 90 min", or "when: tomorrow 9:30-11") or submitted in a form (date, time,
/// minutes) into a session draft, with a clear message per field. The domain checks the rest (past, mandate words).
/// </summary>
internal static class SessionForm
{
    private static readonly TimeSpan DefaultDuration = TimeSpan.FromMinutes(90);

    /// <param name="usualDuration">The length when neither "for" nor an end ("9:30-11") gives one; 90 minutes if null.</param>
    public static SessionDraft? FromText(
        IReadOnlyDictionary<string, string> fields, string zoneId, DateTimeOffset now, out Dictionary<string, string> errors, TimeSpan? usualDuration = null)
    {
        errors = [];
        var zone = TimeZones.Find(zoneId);
        DateTimeOffset start = default;
        var duration = usualDuration ?? DefaultDuration;
        var when = fields.GetValueOrDefault("when");
        if (NaturalDateTime.TryParseTimeRange(when, out var startText, out var untilEnd))
        {
            (when, duration) = (startText, untilEnd);
        }

        if (string.IsNullOrWhiteSpace(when))
        {
            errors["when"] = "When is it? Add \"when: next Thursday 9:30\".";
        }
        else if (!NaturalDateTime.TryParseDateTime(when, now, zone, out start, out var error))
        {
            errors["when"] = error ?? "I couldn't read that time.";
        }

        if (fields.TryGetValue("for", out var length) && !NaturalDateTime.TryParseDuration(length, out duration))
        {
            errors["for"] = "How long? e.g. \"for: 90 min\" or \"for: 1h30\".";
        }

        var capacity = ParseCapacity(fields.GetValueOrDefault("capacity"), "capacity", errors);
        return Draft(fields.GetValueOrDefault("title"), start, duration, zoneId, fields.GetValueOrDefault("where"), fields.GetValueOrDefault("address"),
            capacity, fields.GetValueOrDefault("agenda"), fields.GetValueOrDefault("prep"), fields.GetValueOrDefault("series"), "title", errors);
    }

    public static SessionDraft? FromForm(IReadOnlyDictionary<string, string> data, string zoneId, DateTimeOffset now, out Dictionary<string, string> errors)
    {
        errors = [];
        var zone = TimeZones.Find(zoneId);
        DateTimeOffset start = default;
        var dateText = data.GetValueOrDefault(OrganizerCards.DateInput);
        var timeText = data.GetValueOrDefault(OrganizerCards.TimeInput);
        DateOnly date = default;
        if (string.IsNullOrWhiteSpace(dateText) || !(DateOnly.TryParseExact(dateText, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out date)
                || NaturalDateTime.TryParseDate(dateText, now, zone, out date, out _)))
        {
            errors[OrganizerCards.DateInput] = "Pick a date.";
        }

        if (string.IsNullOrWhiteSpace(timeText) || !NaturalDateTime.TryParseTime(timeText, out var time))
        {
            errors[OrganizerCards.TimeInput] = "Pick a start time.";
        }
        else if (!errors.ContainsKey(OrganizerCards.DateInput))
        {
            start = NaturalDateTime.ToInstant(date, time, zone);
        }

        var duration = DefaultDuration;
        var minutesText = data.GetValueOrDefault(OrganizerCards.DurationInput);
        if (!string.IsNullOrWhiteSpace(minutesText))
        {
            if (double.TryParse(minutesText, NumberStyles.Float, CultureInfo.InvariantCulture, out var minutes))
            {
                duration = TimeSpan.FromMinutes(minutes);
            }
            else if (!NaturalDateTime.TryParseDuration(minutesText, out duration))
            {
                errors[OrganizerCards.DurationInput] = "Minutes, e.g. 90.";
            }
        }

        var capacity = ParseCapacity(data.GetValueOrDefault(OrganizerCards.CapacityInput), OrganizerCards.CapacityInput, errors);
        return Draft(data.GetValueOrDefault(OrganizerCards.TitleInput), start, duration, zoneId, data.GetValueOrDefault(OrganizerCards.RoomInput),
            data.GetValueOrDefault(OrganizerCards.AddressInput), capacity, data.GetValueOrDefault(OrganizerCards.AgendaInput),
            data.GetValueOrDefault(OrganizerCards.PreparationInput), data.GetValueOrDefault(OrganizerCards.SeriesPartInput), OrganizerCards.TitleInput, errors);
    }

    private static int? ParseCapacity(string? text, string key, Dictionary<string, string> errors)
    {
        if (string.IsNullOrWhiteSpace(text) || text.Trim().Equals("none", StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        if (int.TryParse(text.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var capacity) && capacity > 0)
        {
            return capacity;
        }

        errors[key] = "Places is a whole number, e.g. 12, or empty for no limit.";
        return null;
    }

    private static SessionDraft? Draft(string? title, DateTimeOffset start, TimeSpan duration, string zoneId, string? room, string? address, int? capacity,
        string? agenda, string? preparation, string? series, string titleKey, Dictionary<string, string> errors)
    {
        if (string.IsNullOrWhiteSpace(title))
        {
            errors[titleKey] = "Give the session a title.";
        }

        if (errors.Count > 0)
        {
            return null;
        }

        return new SessionDraft
        {
            Title = title!.Trim(),
            StartsAt = start.UtcDateTime,
            Duration = duration,
            TimeZoneId = zoneId,
            Room = room,
            Address = address,
            Capacity = capacity,
            Agenda = agenda,
            Preparation = preparation,
            SeriesPart = series,
        };
    }
}
