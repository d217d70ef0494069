namespace CoPBot.Services.App;

/// <summary>
/// Networks (and organizations, by slug and name) as people name them: the handle, the display name, an unambiguous
/// part of either ("facilitation" for Facilitation Network), or a near-spelling of exactly one of them. Pure; the
/// caller passes the candidates it may show.
/// </summary>
public static class NetworkNames
{
    public sealed record Candidate(string Handle, string Name);

    /// <summary>The best tier of matches: exact, then whole words, then a near-spelling. Empty when nothing is close.</summary>
    public static IReadOnlyList<Candidate> Match(string typed, IReadOnlyList<Candidate> candidates)
    {
        ArgumentNullException.ThrowIfNull(typed);
        ArgumentNullException.ThrowIfNull(candidates);
        var query = Compact(Words(typed, dropGeneric: false));
        if (query.Length == 0)
        {
            return [];
        }

        // "IdeaLab", "idea lab", "#idealab", "the IdeaLab network".
        var exact = candidates.Where(c => Compact(Words(c.Handle, false)) == query || Compact(Words(c.Name, false)) == query).ToList();
        if (exact.Count > 0)
        {
            return exact;
        }

        var plain = Compact(Words(typed, dropGeneric: true));
        if (plain.Length == 0)
        {
            return [];
        }

        exact = candidates.Where(c => Compact(Words(c.Handle, true)) == plain || Compact(Words(c.Name, true)) == plain).ToList();
        if (exact.Count > 0)
        {
            return exact;
        }

        // Every word typed is a word (or the start of one) of the name or handle: "facilitation", "data dojo".
        var typedWords = Words(typed, dropGeneric: true);
        var parts = candidates.Where(c => typedWords.All(w => w.Length >= 3 && Words(c.Name + " " + c.Handle.Replace('-', ' '), false).Any(n => n.StartsWith(w, StringComparison.Ordinal)))).ToList();
        if (parts.Count > 0)
        {
            return parts;
        }

        // A typo: one or two letters off (one for short names), against exactly one network.
        var allowed = plain.Length <= 4 ? 0 : plain.Length <= 7 ? 1 : 2;
        var best = int.MaxValue;
        var near = new List<Candidate>();
        foreach (var candidate in candidates)
        {
            var distance = Math.Min(Suggest.Distance(plain, Compact(Words(candidate.Handle, true))), Suggest.Distance(plain, Compact(Words(candidate.Name, true))));
            if (distance <= allowed && distance < best)
            {
                best = distance;
                near.Clear();
            }

            if (distance <= allowed && distance == best)
            {
                near.Add(candidate);
            }
        }

        return near;
    }

    private static readonly string[] Generic = ["the", "network", "group", "community", "of", "practice", "cop", "learning"];

    private static List<string> Words(string text, bool dropGeneric)
    {
        var words = new List<string>();
        foreach (var raw in text.ToLowerInvariant().Split([' ', '-', '_', '#', '.', ',', '\''], StringSplitOptions.RemoveEmptyEntries))
        {
            if (!dropGeneric || !Generic.Contains(raw))
            {
                words.Add(raw);
            }
        }

        return words;
    }

    private static string Compact(List<string> words) => string.Concat(words);
}
