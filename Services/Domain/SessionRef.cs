using System.Globalization;

namespace CoPBot.Services.Domain;

/// <summary>
/// How people name a session: "idealab-3" (network handle and number), "idealab" (its next session), or the id
/// that card buttons carry.
/// </summary>
public sealed record SessionRef(Guid? Id, string? Handle, int? Number)
{
    public static SessionRef Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var trimmed = text.Trim().TrimStart('#').ToLowerInvariant();
        if (Guid.TryParse(trimmed, out var id))
        {
            return new SessionRef(id, null, null);
        }

        var dash = trimmed.LastIndexOf('-');
        if (dash > 0 && int.TryParse(trimmed[(dash + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out var number))
        {
            return new SessionRef(null, trimmed[..dash], number);
        }

        return new SessionRef(null, trimmed, null);
    }

    public override string ToString() => Id?.ToString() ?? (Number is { } n ? $"{Handle}-{n}" : Handle ?? "");
}
