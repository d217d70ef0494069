namespace CoPBot.Services.App;

/// <summary>Time zone ids: IANA is what we store; Windows ids (Teams sends either) are converted.</summary>
public static class TimeZones
{
    /// <summary>The IANA id for an IANA or Windows id, or null when it is unknown.</summary>
    public static string? Normalize(string? id)
    {
        if (string.IsNullOrWhiteSpace(id))
        {
            return null;
        }

        var trimmed = id.Trim();
        if (TimeZoneInfo.TryFindSystemTimeZoneById(trimmed, out var zone))
        {
            if (zone.HasIanaId)
            {
                return zone.Id;
            }

            return TimeZoneInfo.TryConvertWindowsIdToIanaId(trimmed, out var iana) ? iana : null;
        }

        return TimeZoneInfo.TryConvertWindowsIdToIanaId(trimmed, out var converted) ? converted : null;
    }

    public static TimeZoneInfo Find(string? id) =>
        id is not null && TimeZoneInfo.TryFindSystemTimeZoneById(id, out var zone) ? zone : TimeZoneInfo.Utc;

    public static DateTime ToLocal(DateTime utc, string zoneId) =>
        TimeZoneInfo.ConvertTimeFromUtc(DateTime.SpecifyKind(utc, DateTimeKind.Utc), Find(zoneId));
}
