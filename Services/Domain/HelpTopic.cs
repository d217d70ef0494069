using System.Globalization;
using System.Text;

namespace CoPBot.Services.Domain;

/// <summary>
/// One thing a person said, in their own words, that they can help colleagues with ("performance dashboards").
/// Only the person writes, changes or removes it; "who knows about…" finds it under their roster visibility (rule 15).
/// </summary>
public sealed class HelpTopic
{
    /// <summary>The longest one entry may be, in characters.</summary>
    public const int MaxLength = 80;

    /// <summary>The most entries one person keeps.</summary>
    public const int MaxPerPerson = 12;

    public Guid Id { get; init; } = Guid.NewGuid();

    public Guid PersonId { get; init; }

    /// <summary>As the person wrote it.</summary>
    public required string Text { get; init; }

    /// <summary>The word stems of <see cref="Text"/>, each between spaces (" perform dashboard "), for matching in the query.</summary>
    public required string Words { get; init; }

    public DateTime CreatedAt { get; init; }
}

/// <summary>
/// The forgiving, deterministic matcher of "who knows about…": case, accents, plurals and common endings fold to one
/// stem ("Dashboards" and "dashboard", "budgeting" and "budget", "facilitation" and "facilitating"). No model, no
/// dictionary: a few suffix rules, the same on both sides of a match.
/// </summary>
public static class TopicWords
{
    /// <summary>The most stems a question is matched on; the rest of a long question is ignored.</summary>
    public const int MaxQueryStems = 6;

    private static readonly HashSet<string> StopWords = new(StringComparer.Ordinal)
    {
        "a", "an", "the", "and", "or", "of", "for", "to", "in", "on", "at", "with", "about", "by", "from", "into", "my", "our", "your",
        "some", "any", "all", "stuff", "things", "thing", "i", "me", "we", "it", "is", "are", "be", "can", "could", "help",
        "know", "knows", "how", "using", "use", "etc", "also", "lot", "bit", "little", "really", "very", "more", "anymore", "other",
        "others", "people", "colleagues", "someone", "anyone", "anybody", "who", "what", "that", "this", "these", "those",
    };

    /// <summary>The stems of <paramref name="text"/>, in order, each once, stop words left out.</summary>
    public static IReadOnlyList<string> Stems(string? text)
    {
        var stems = new List<string>();
        if (string.IsNullOrWhiteSpace(text))
        {
            return stems;
        }

        foreach (var word in SplitWords(Fold(text)))
        {
            if (StopWords.Contains(word))
            {
                continue;
            }

            var stem = Stem(word);
            if (stem.Length > 0 && !stems.Contains(stem, StringComparer.Ordinal))
            {
                stems.Add(stem);
            }
        }

        return stems;
    }

    /// <summary>The stems as stored in <see cref="HelpTopic.Words"/>: each between single spaces.</summary>
    public static string Joined(IEnumerable<string> stems) => " " + string.Join(' ', stems) + " ";

    /// <summary>One word's stem: plural first, then one common ending, then a doubled last consonant.</summary>
    public static string Stem(string word)
    {
        ArgumentNullException.ThrowIfNull(word);
        var w = word;
        if (w.Length <= 3)
        {
            return w;
        }

        // Plurals: "policies" → "policy", "classes" → "class", "dashboards" → "dashboard"; "analysis", "gis", "status" stay.
        if (w.EndsWith("ies", StringComparison.Ordinal) && w.Length > 4)
        {
            w = w[..^3] + "y";
        }
        else if (w.EndsWith("sses", StringComparison.Ordinal))
        {
            w = w[..^2];
        }
        else if (w.EndsWith('s') && !w.EndsWith("ss", StringComparison.Ordinal) && !w.EndsWith("us", StringComparison.Ordinal) && !w.EndsWith("is", StringComparison.Ordinal))
        {
            w = w[..^1];
        }

        foreach (var ending in Endings)
        {
            if (w.EndsWith(ending, StringComparison.Ordinal) && w.Length - ending.Length >= 3 && HasVowel(w[..^ending.Length]))
            {
                w = w[..^ending.Length];
                break;
            }
        }

        // "mapping" → "mapp" → "map"; "planned" → "plann" → "plan".
        if (w.Length > 3 && w[^1] == w[^2] && char.IsAsciiLetter(w[^1]) && !IsVowel(w[^1]) && w[^1] is not ('l' or 's' or 'z'))
        {
            w = w[..^1];
        }

        // "facilitate", "facilitat(ion)": a final "e" is not part of the stem.
        if (w.Length > 3 && w[^1] == 'e')
        {
            w = w[..^1];
        }

        return w;
    }

    // Longest first within a family, one taken per word; each leaves at least three letters with a vowel ("sing", "bed"
    // and "string" stay whole). "facilitation", "facilitating", "facilitate", "facilitator" all become "facilit".
    private static readonly string[] Endings =
    [
        "ization", "isation", "izing", "ising", "izer", "iser", "ize", "ise", "ational", "ation", "ating", "ated", "ator", "ate",
        "ement", "ment", "ance", "ence", "ing", "er", "ed", "ly",
    ];

    private static bool IsVowel(char c) => c is 'a' or 'e' or 'i' or 'o' or 'u' or 'y';

    private static bool HasVowel(string s)
    {
        foreach (var c in s)
        {
            if (IsVowel(c))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Lower case without accents ("Café" → "cafe").</summary>
    private static string Fold(string text)
    {
        var decomposed = text.ToLowerInvariant().Normalize(NormalizationForm.FormD);
        var builder = new StringBuilder(decomposed.Length);
        foreach (var c in decomposed)
        {
            if (CharUnicodeInfo.GetUnicodeCategory(c) != UnicodeCategory.NonSpacingMark)
            {
                builder.Append(c);
            }
        }

        return builder.ToString();
    }

    /// <summary>Runs of letters and digits ("c#" and "r" stay words; "gis/budgeting" is two).</summary>
    private static IEnumerable<string> SplitWords(string text)
    {
        var start = -1;
        for (var i = 0; i <= text.Length; i++)
        {
            var inWord = i < text.Length && (char.IsLetterOrDigit(text[i]) || (start >= 0 && text[i] is '#' or '+'));
            if (inWord && start < 0)
            {
                start = i;
            }
            else if (!inWord && start >= 0)
            {
                yield return text[start..i];
                start = -1;
            }
        }
    }
}
