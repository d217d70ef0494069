using System.Collections.Frozen;

namespace CoPBot.Services.App;

/// <summary>
/// Time zone ids: IANA is what we store. People may name a zone as they say it ("Chicago", "Central", "CET",
/// "Eastern time", "US/Central") or as a Windows id (Teams sends either); all become one IANA id here.
/// </summary>
public static class TimeZones
{
    /// <summary>The longest zone name read; longer input is refused before any lookup.</summary>
    public const int MaxNameLength = 64;

    /// <summary>What to show a person who named a zone we do not know.</summary>
    public const string Examples = "a city or a common name: Chicago, Central, Eastern, Pacific, London, Berlin, CET, or an id like America/Chicago";

    /// <summary>Common names and abbreviations people use, to one IANA id each. Cities are found among the system's zones.</summary>
    private static readonly FrozenDictionary<string, string> CommonNames = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["central"] = "America/Chicago", ["cst"] = "America/Chicago", ["cdt"] = "America/Chicago", ["ct"] = "America/Chicago",
        ["us/central"] = "America/Chicago", ["us central"] = "America/Chicago",
        ["eastern"] = "America/New_York", ["est"] = "America/New_York", ["edt"] = "America/New_York", ["et"] = "America/New_York",
        ["us/eastern"] = "America/New_York", ["us eastern"] = "America/New_York",
        ["pacific"] = "America/Los_Angeles", ["pst"] = "America/Los_Angeles", ["pdt"] = "America/Los_Angeles", ["pt"] = "America/Los_Angeles",
        ["us/pacific"] = "America/Los_Angeles", ["us pacific"] = "America/Los_Angeles", ["san francisco"] = "America/Los_Angeles", ["seattle"] = "America/Los_Angeles",
        ["mountain"] = "America/Denver", ["mst"] = "America/Denver", ["mdt"] = "America/Denver", ["mt"] = "America/Denver",
        ["us/mountain"] = "America/Denver", ["us mountain"] = "America/Denver", ["arizona"] = "America/Phoenix", ["us/arizona"] = "America/Phoenix",
        ["alaska"] = "America/Anchorage", ["us/alaska"] = "America/Anchorage", ["hawaii"] = "Pacific/Honolulu", ["us/hawaii"] = "Pacific/Honolulu",
        ["atlantic"] = "America/Halifax", ["newfoundland"] = "America/St_Johns",
        ["washington"] = "America/New_York", ["washington dc"] = "America/New_York", ["dc"] = "America/New_York", ["boston"] = "America/New_York",
        ["atlanta"] = "America/New_York", ["miami"] = "America/New_York", ["philadelphia"] = "America/New_York", ["dallas"] = "America/Chicago",
        ["houston"] = "America/Chicago", ["austin"] = "America/Chicago", ["minneapolis"] = "America/Chicago", ["san diego"] = "America/Los_Angeles",
        ["portland"] = "America/Los_Angeles", ["salt lake city"] = "America/Denver", ["montreal"] = "America/Toronto", ["ottawa"] = "America/Toronto",
        ["uk"] = "Europe/London", ["gmt"] = "Europe/London", ["bst"] = "Europe/London", ["britain"] = "Europe/London", ["england"] = "Europe/London",
        ["cet"] = "Europe/Berlin", ["cest"] = "Europe/Berlin", ["central european"] = "Europe/Berlin", ["germany"] = "Europe/Berlin",
        ["eet"] = "Europe/Athens", ["eest"] = "Europe/Athens", ["wet"] = "Europe/Lisbon", ["france"] = "Europe/Paris", ["spain"] = "Europe/Madrid",
        ["italy"] = "Europe/Rome", ["netherlands"] = "Europe/Amsterdam", ["ireland"] = "Europe/Dublin", ["ist"] = "Asia/Kolkata", ["india"] = "Asia/Kolkata",
        ["delhi"] = "Asia/Kolkata", ["new delhi"] = "Asia/Kolkata", ["mumbai"] = "Asia/Kolkata", ["bangalore"] = "Asia/Kolkata",
        ["jst"] = "Asia/Tokyo", ["japan"] = "Asia/Tokyo", ["aest"] = "Australia/Sydney", ["canberra"] = "Australia/Sydney", ["nz"] = "Pacific/Auckland",
        ["new zealand"] = "Pacific/Auckland", ["wellington"] = "Pacific/Auckland", ["beijing"] = "Asia/Shanghai", ["china"] = "Asia/Shanghai",
        ["utc"] = "UTC", ["z"] = "UTC", ["zulu"] = "UTC", ["universal"] = "UTC",
    }.ToFrozenDictionary(StringComparer.Ordinal);

    private static readonly string[] Regions = ["America", "Europe", "Asia", "Africa", "Australia", "Pacific", "Atlantic", "Indian"];

    /// <summary>"chicago" → "America/Chicago", "new york" → "America/New_York": the last part of each regional IANA id.</summary>
    private static readonly Lazy<FrozenDictionary<string, string>> Cities = new(() =>
        TimeZoneInfo.GetSystemTimeZones()
            .Where(z => z.HasIanaId && Regions.Any(r => z.Id.StartsWith(r + "/", StringComparison.Ordinal)))
            .Select(z => (City: z.Id[(z.Id.LastIndexOf('/') + 1)..].Replace('_', ' ').ToLowerInvariant(), z.Id))
            .GroupBy(c => c.City, StringComparer.Ordinal)
            .ToFrozenDictionary(g => g.Key, g => g.OrderBy(c => c.Id, StringComparer.Ordinal).First().Id, StringComparer.Ordinal));

    /// <summary>The IANA id for an IANA or Windows id, a city or a common name; null when it is unknown.</summary>
    public static string? Normalize(string? id)
    {
        if (string.IsNullOrWhiteSpace(id) || id.Length > MaxNameLength)
        {
            return null;
        }

        var trimmed = id.Trim();
        var spoken = Spoken(trimmed);
        if (CommonNames.TryGetValue(spoken, out var common))
        {
            return common;
        }

        if (TimeZoneInfo.TryFindSystemTimeZoneById(trimmed, out var zone))
        {
            if (zone.HasIanaId)
            {
                return zone.Id;
            }

            return TimeZoneInfo.TryConvertWindowsIdToIanaId(trimmed, out var iana) ? iana : null;
        }

        if (TimeZoneInfo.TryConvertWindowsIdToIanaId(trimmed, out var converted))
        {
            return converted;
        }

        return Cities.Value.TryGetValue(spoken, out var city) ? city : null;
    }

    /// <summary>A name as people write it, folded: "Central Time" → "central", "New_York" → "new york".</summary>
    private static string Spoken(string name)
    {
        var words = name.ToLowerInvariant().Replace('_', ' ').Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToList();
        if (words.Count > 1 && words[^1] is "time" or "timezone" or "zone")
        {
            words.RemoveAt(words.Count - 1);
        }

        if (words.Count > 1 && words[^1] is "standard" or "daylight")
        {
            words.RemoveAt(words.Count - 1);
        }

        return string.Join(' ', words);
    }

    public static TimeZoneInfo Find(string? id) =>
        id is not null && TimeZoneInfo.TryFindSystemTimeZoneById(id, out var zone) ? zone : TimeZoneInfo.Utc;

    public static DateTime ToLocal(DateTime utc, string zoneId) =>
        TimeZoneInfo.ConvertTimeFromUtc(DateTime.SpecifyKind(utc, DateTimeKind.Utc), Find(zoneId));
}
