using System.Collections.Concurrent;

namespace CoPBot.Bot.Teams;

/// <summary>
/// Channel tokens already validated (issue 11): the channel sends one token with many activities, so its signature,
/// issuer and audience are checked once and the outcome is kept, keyed by the whole token string, until the token's
/// lifetime (with the skew) ends. An entry counts only with the very signing keys it was checked against: once the
/// keys are refreshed, every token is checked again. Bounded; only tokens that passed are kept.
/// </summary>
internal sealed class TeamsTokenCache
{
    public const int MaxEntries = 1024;

    /// <summary>How far either way a token's times may be off from the clock.</summary>
    public static readonly TimeSpan ClockSkew = TimeSpan.FromMinutes(5);

    private readonly ConcurrentDictionary<string, Entry> entries = new(StringComparer.Ordinal);

    public int Count => entries.Count;

    /// <summary>True when a token with these times is valid at <paramref name="now"/> (the skew allowed either way).</summary>
    public static bool IsCurrent(DateTime? notBefore, DateTime? expires, DateTime now) =>
        expires is { } exp
        && now <= exp.ToUniversalTime() + ClockSkew
        && (notBefore is not { } nbf || now >= nbf.ToUniversalTime() - ClockSkew);

    /// <summary>The earlier outcome for <paramref name="token"/>, when it was checked against <paramref name="keys"/> and is still current.</summary>
    public TeamsTokenCheck? Find(string token, TeamsSigningKeys keys, DateTime now)
    {
        if (!entries.TryGetValue(token, out var entry))
        {
            return null;
        }

        if (!IsCurrent(entry.NotBefore, entry.Expires, now))
        {
            entries.TryRemove(token, out _);
            return null;
        }

        return ReferenceEquals(entry.Check.Keys, keys) ? entry.Check : null;
    }

    /// <summary>Keeps a passed check until <paramref name="expires"/>; when full, starts over rather than grow.</summary>
    public void Add(string token, TeamsTokenCheck check, DateTime? notBefore, DateTime expires)
    {
        ArgumentNullException.ThrowIfNull(check);
        if (!check.Passed || check.Keys is null)
        {
            return;
        }

        if (entries.Count >= MaxEntries)
        {
            entries.Clear();
        }

        entries[token] = new Entry(check, notBefore, expires);
    }

    private sealed record Entry(TeamsTokenCheck Check, DateTime? NotBefore, DateTime Expires);
}
