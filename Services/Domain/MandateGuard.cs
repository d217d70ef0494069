using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text;

namespace CoPBot.Services.Domain;

/// <summary>
/// Rule 11's one owner: finds wording that makes a session or network read like a mandate or like attendance-taking
/// ("required for all staff", "attendance will be taken", "no-shows will be reported"), in any text an organizer
/// writes. Text is normalised first (compatibility forms, case, accents, hyphens and dashes, punctuation, repeated
/// spaces) into words, and each word of a phrase stands for its inflections ("attend": "attends", "attended",
/// "attending"); then every phrase is matched at once by walking the words a single time with a small set of partial matches (a Thompson-style
/// simulation, no regex, no backtracking): time and memory grow linearly with the text.
/// </summary>
/// <remarks>
/// A phrase is a sequence of slots, each a set of word forms; up to <see cref="MaxFillers"/> filler words ("is",
/// "will", "be", "strictly", …) may stand between two slots. A match does not count when a negation ("not", "nobody",
/// "no one", …) stands just before it with no punctuation between ("nobody is required to attend"), nor inside a few legal
/// terms that merely contain a mandate word ("mandatory reporting" is a training topic, not an order).
/// </remarks>
public static class MandateGuard
{
    /// <summary>How many filler words may stand between two parts of a phrase ("attendance is strictly required").</summary>
    public const int MaxFillers = 3;

    /// <summary>How many words before a match are searched for a negation, within its clause.</summary>
    private const int NegationReach = 3;

    private static readonly string[] Fillers =
    [
        "is", "are", "be", "been", "being", "was", "were", "will", "shall", "would", "should", "a", "an", "the",
        "strictly", "absolutely", "fully", "very", "highly", "also", "still", "definitely", "always", "hereby",
        "please", "note", "that", "this", "it", "its", "session", "event", "all", "your",
    ];

    private static readonly string[] Negations =
        ["not", "no", "non", "nobody", "noone", "never", "neither", "nor", "isnt", "arent", "wont", "without", "dont", "doesnt", "nothing"];

    /// <summary>Word groups used in phrases as @name. Each word also stands for its regular inflections (see <see cref="Forms"/>).</summary>
    private static readonly Dictionary<string, string> Groups = new(StringComparer.Ordinal)
    {
        ["@people"] = "staff|employee|everyone|everybody|personnel|worker|supervisor|manager|member|team|department|people|attendee"
            + "|participant|you|youre|youll|colleague|officer|leader|lead",
        ["@come"] = "attend|participate|join|come|present|there|show|appear|complete|be",
        ["@event"] = "training|session|meeting|event|workshop|briefing|course|class|orientation|seminar",
        ["@attending"] = "attendance|participation|presence|attending",
        ["@demand"] = "mandatory|compulsory|obligatory|required|expected|mandated|obligated|obliged",
        ["@strict"] = "mandatory|compulsory|obligatory|required|mandated",
        ["@taken"] = "take|taken|took|record|track|check|monitor|note|log|report|collect|review|call|verify|send|sent|share"
            + "|forward|flag|escalate|follow|enforce|audit|go|pass",
    };

    /// <summary>
    /// The phrases refused. One line each; slots separated by spaces, alternatives by "|", groups as @name; each word
    /// also stands for its regular inflections ("attend" for "attends", "attended", "attending").
    /// </summary>
    private static readonly string[] Phrases =
    [
        // The words themselves.
        "mandatory", "compulsory", "obligatory", "mandated", "mandatorily", "compulsorily", "nonoptional",
        "mandate @attending",
        "obligate|oblige to @come",
        "not|non optional", "no exception",

        // "required for all staff", "mandatory for all employees", "required of every supervisor", "Required: all staff".
        "@demand for|of every|each|any @people",
        "@demand for|of @people",
        "@demand all|every @people",

        // "you must attend", "all staff must be present", "staff are to attend".
        "must @come",
        "are|is to @come",

        // "required to attend", "expected to participate", "we expect everyone to attend", "all staff are expected".
        "required|expected|requiring|expecting to @come",
        "expect|require @people to @come",
        "@people are|is|be required|expected|obliged|obligated",

        // "attendance is expected", "attendance required", "required attendance", "required training".
        "@attending @demand|essential|necessary|enforced",
        "@event @strict",
        "@strict @event|@attending",

        // Attendance-taking: "attendance will be taken", "roll call", "sign-in sheet will be checked", "no-shows reported".
        "@attending @taken",
        "take|record|track|check|monitor|log attendance",
        "roll @taken", "take roll",
        "sign in sheet|list @taken", "signin sheet|list @taken", "sign in sheet|list to|for @people",
        "no show @taken", "noshow @taken", "absence @taken", "absent @taken",
        "failure|fail to @come",
    ];

    /// <summary>Legal terms that contain a mandate word but order nobody to attend: a match that takes in one of their words does not count.</summary>
    private static readonly string[] Exempt = ["mandatory report|reporter", "mandate report|reporter"];

    private static readonly Matcher Compiled = Matcher.Build(Phrases, Groups);
    private static readonly Matcher CompiledExempt = Matcher.Build(Exempt, Groups);
    private static readonly HashSet<string> FillerSet = new(Fillers, StringComparer.Ordinal);
    private static readonly HashSet<string> NegationSet = new(Negations, StringComparer.Ordinal);

    /// <summary>The first mandate phrase in any of the texts, as the organizer wrote it; null when there is none.</summary>
    public static string? Find(params string?[] texts)
    {
        ArgumentNullException.ThrowIfNull(texts);
        foreach (var text in texts)
        {
            if (string.IsNullOrWhiteSpace(text))
            {
                continue;
            }

            var words = Words(text);
            var exempt = new bool[words.Count];
            foreach (var (from, to) in CompiledExempt.Matches(words))
            {
                Array.Fill(exempt, true, from, to - from + 1);
            }

            foreach (var (from, to) in Compiled.Matches(words))
            {
                if (!Negated(words, from) && !exempt.AsSpan(from, to - from + 1).Contains(true))
                {
                    return text[words[from].Start..words[to].End];
                }
            }
        }

        return null;
    }

    /// <summary>How many partial matches reading <paramref name="text"/> visits: the measure of the matcher's work, for tests.</summary>
    internal static long Work(string text)
    {
        var work = new StrongBox<long>();
        foreach (var _ in Compiled.Matches(Words(text), work))
        {
        }

        return work.Value;
    }

    /// <summary>Throws the organizer's friendly warning when any text reads like a mandate (rule 11).</summary>
    public static void EnsureInviting(string advice, params string?[] texts)
    {
        if (Find(texts) is { } mandate)
        {
            throw new DomainException($"\"{mandate}\" reads like a mandate. CoPBot only sends invitations: people choose to come. {advice}");
        }
    }

    /// <summary>
    /// A negation just before the match, with no punctuation between: "nobody is required to attend", "you're not
    /// expected to", but not "No laptops, attendance required".
    /// </summary>
    private static bool Negated(List<Word> words, int from)
    {
        for (var i = from - 1; i >= 0 && i >= from - NegationReach && words[i].After == Boundary.None; i--)
        {
            if (NegationSet.Contains(words[i].Text))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// The words of a text with where each stands in it: letters and digits only, lower case, accents and compatibility
    /// forms folded (NFKD: "Ｍandatory", "obligatóry"), apostrophes dropped inside a word ("don't" → "dont"), "no one"
    /// joined. Every other character separates words: a hyphen between letters ("sign-in") and spaces only that; a
    /// comma, colon or free-standing dash also stops a negation's reach; . ; ! ? ( ) and line breaks end a clause.
    /// </summary>
    internal static List<Word> Words(string text)
    {
        var words = new List<Word>();
        var current = new StringBuilder();
        var start = -1;
        for (var i = 0; i <= text.Length; i++)
        {
            var c = i < text.Length ? text[i] : ' ';
            if (char.IsLetterOrDigit(c))
            {
                start = start < 0 ? i : start;
                AppendFolded(current, c);
                continue;
            }

            var between = i > 0 && i + 1 < text.Length && char.IsLetter(text[i - 1]) && char.IsLetter(text[i + 1]);
            if (start >= 0 && between && c is '\'' or '\u2019')
            {
                continue;
            }

            if (start >= 0)
            {
                Add(words, current.ToString(), start, i);
                current.Clear();
                start = -1;
            }

            var boundary = c switch
            {
                '.' or ';' or '!' or '?' or '(' or ')' or '[' or ']' or '\n' or '\r' or '|' or '\u2022' => Boundary.Clause,
                ',' or ':' or '/' or '"' or '\u201C' or '\u201D' => Boundary.Pause,
                _ when char.GetUnicodeCategory(c) == UnicodeCategory.DashPunctuation && !between => Boundary.Pause,
                _ => Boundary.None,
            };
            if (words.Count > 0 && boundary > words[^1].After)
            {
                words[^1] = words[^1] with { After = boundary };
            }
        }

        return words;
    }

    private static void Add(List<Word> words, string word, int start, int end)
    {
        if (word == "one" && words.Count > 0 && words[^1] is { Text: "no", After: Boundary.None } no)
        {
            words[^1] = no with { Text = "noone", End = end };
            return;
        }

        words.Add(new Word(word, start, end, Boundary.None));
    }

    private static void AppendFolded(StringBuilder into, char c)
    {
        foreach (var part in c.ToString().Normalize(NormalizationForm.FormKD))
        {
            if (CharUnicodeInfo.GetUnicodeCategory(part) != UnicodeCategory.NonSpacingMark)
            {
                into.Append(char.ToLowerInvariant(part));
            }
        }
    }

    /// <summary>
    /// A word and its regular inflections: -s, -es, -d, -ed, -ing, a final e dropped before -ing ("requiring"), a
    /// doubled final consonant ("logged", "flagging"), y to -ies/-ied ("verified"). Forms that are not English do no harm.
    /// </summary>
    internal static IEnumerable<string> Forms(string word)
    {
        yield return word;
        foreach (var suffix in (string[])["s", "es", "d", "ed", "ing"])
        {
            yield return word + suffix;
        }

        if (word.EndsWith('e'))
        {
            yield return word[..^1] + "ing";
        }

        if (word.EndsWith('y'))
        {
            yield return word[..^1] + "ies";
            yield return word[..^1] + "ied";
        }

        if (word.Length > 2 && !"aeiouwy".Contains(word[^1], StringComparison.Ordinal) && "aeiou".Contains(word[^2], StringComparison.Ordinal))
        {
            yield return word + word[^1] + "ed";
            yield return word + word[^1] + "ing";
        }
    }

    internal enum Boundary
    {
        None,
        Pause,
        Clause,
    }

    /// <param name="After">What follows the word before the next one: nothing but spaces or a hyphen, a pause, a clause end.</param>
    internal sealed record Word(string Text, int Start, int End, Boundary After);

    /// <summary>
    /// All phrases as one automaton: each phrase is a list of slots; a partial match is (phrase, next slot, fillers
    /// used since the last slot) with the earliest first word that reached it. Each word advances every partial
    /// match at most two ways (the slot matches, or the word is a filler skipped), so the work per word is bounded by
    /// the phrases' total size, and the whole text is read once.
    /// </summary>
    private sealed class Matcher
    {
        private readonly HashSet<string>[][] phrases;

        private Matcher(HashSet<string>[][] phrases) => this.phrases = phrases;

        public static Matcher Build(IEnumerable<string> phrases, Dictionary<string, string> groups) =>
            new(phrases.Select(p => p.Split(' ', StringSplitOptions.RemoveEmptyEntries)
                .Select(slot => new HashSet<string>(
                    slot.Split('|').SelectMany(a => groups.TryGetValue(a, out var g) ? g.Split('|') : [a]).SelectMany(Forms),
                    StringComparer.Ordinal))
                .ToArray()).ToArray());

        /// <summary>Every (first word, last word) a phrase covers, in order of where it ends. <paramref name="work"/> counts partial matches visited.</summary>
        public IEnumerable<(int From, int To)> Matches(List<Word> words, StrongBox<long>? work = null)
        {
            var active = new Dictionary<(int Phrase, int Slot, int Fillers), int>();
            var next = new Dictionary<(int Phrase, int Slot, int Fillers), int>();
            for (var w = 0; w < words.Count; w++)
            {
                var word = words[w].Text;
                next.Clear();
                for (var p = 0; p < phrases.Length; p++)
                {
                    active.TryAdd((p, 0, 0), w);
                }

                if (work is not null)
                {
                    work.Value += active.Count;
                }

                foreach (var ((p, slot, fillers), from) in active)
                {
                    var slots = phrases[p];
                    if (slots[slot].Contains(word))
                    {
                        if (slot + 1 == slots.Length)
                        {
                            yield return (from, w);
                        }
                        else
                        {
                            Keep(next, (p, slot + 1, 0), from);
                        }
                    }

                    if (slot > 0 && fillers < MaxFillers && FillerSet.Contains(word))
                    {
                        Keep(next, (p, slot, fillers + 1), from);
                    }
                }

                // A phrase does not run across a clause end: "Attendance. Required reading" is two clauses.
                (active, next) = (next, active);
                if (words[w].After == Boundary.Clause)
                {
                    active.Clear();
                }
            }
        }

        private static void Keep(Dictionary<(int, int, int), int> states, (int, int, int) state, int from)
        {
            if (!states.TryGetValue(state, out var earlier) || from < earlier)
            {
                states[state] = from;
            }
        }
    }
}
