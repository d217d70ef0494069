using System.Text.RegularExpressions;
using CoPBot.Cards.Builders;
using CoPBot.Services.Domain;

namespace CoPBot.Bot.Conversation;

/// <summary>A parsed command: which one, and the rest of the text as typed.</summary>
public sealed record ParsedCommand(CommandSpec Spec, string Arguments);

/// <summary>One command of the grammar: the words that start it, how to type it, what it does, and where it is offered.</summary>
/// <param name="Name">A stable name used by the router (e.g. "rsvp").</param>
/// <param name="Words">The words that start it, e.g. "my sessions"; the first is the one shown.</param>
public sealed record CommandSpec(string Name, IReadOnlyList<string> Words, string Usage, string Description, bool OrganizerOnly = false, Shown Shown = Shown.InHelp)
{
    public HelpEntry ToHelp() => new(Usage, Description, OrganizerOnly);
}

/// <summary>
/// The one command grammar shared by Teams, Slack and the console: the same words work everywhere. Parsing is
/// forgiving (case, extra spaces, a leading "/cop" or "@CoPBot", polite words) and unknown input gets "did you mean".
/// The commands themselves are declared once, with their handlers, in the router's route table.
/// </summary>
public static partial class CommandGrammar
{
    public static IReadOnlyList<CommandSpec> Commands { get; } = ConversationRouter.CommandRoutes.Select(r => r.Spec).ToList();

    /// <summary>Parses a line. Returns null when no command matches; <paramref name="suggestion"/> then names the closest.</summary>
    public static ParsedCommand? Parse(string? text, out string? suggestion)
    {
        suggestion = null;
        var line = Normalize(text);
        if (line.Length == 0)
        {
            return null;
        }

        var lower = line.ToLowerInvariant();
        ParsedCommand? best = null;
        var bestLength = 0;
        foreach (var spec in Commands)
        {
            foreach (var word in spec.Words)
            {
                if ((lower == word || lower.StartsWith(word + " ", StringComparison.Ordinal) || lower.StartsWith(word + ":", StringComparison.Ordinal)) && word.Length > bestLength)
                {
                    best = new ParsedCommand(spec, line[word.Length..].TrimStart(' ', ':').Trim());
                    bestLength = word.Length;
                }
            }
        }

        if (best is null)
        {
            var first = lower.Split(' ')[0];
            suggestion = Services.App.Suggest.Closest(first, Commands.SelectMany(c => c.Words).Where(w => !w.Contains(' ', StringComparison.Ordinal) && w.Length > 2));
            return null;
        }

        // "invite <colleague> to <network>" is a member's personal invitation; "invite <session>" (or "send invitations for <session>") is an organizer's round.
        if (best.Spec.Name is "invite" or "sendinvites" && lower[..bestLength] == "invite")
        {
            var personal = InviteTo().IsMatch(best.Arguments);
            best = best with { Spec = Find(personal ? "invite" : "sendinvites") };
        }

        // "yes", "no", "accept", "decline" are answers too: keep the word as the first argument of rsvp.
        if (best.Spec.Name == "rsvp" && !lower.StartsWith("rsvp", StringComparison.Ordinal))
        {
            var word = lower[..bestLength];
            var yes = word is "yes" or "accept";
            best = best with { Arguments = ((yes ? "yes " : "no ") + best.Arguments).Trim() };
        }

        return best;
    }

    public static CommandSpec Find(string name) => Commands.First(c => c.Name == name);

    /// <summary>Trims, folds whitespace, and drops a leading slash command, a bot mention and trailing politeness.</summary>
    public static string Normalize(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return "";
        }

        var line = Whitespace().Replace(text.Trim(), " ");
        line = Prefix().Replace(line, "");
        line = Politeness().Replace(line, "");
        return line.Trim();
    }

    /// <summary>Splits "first part; key: value; key: value" into the first part and the named fields.</summary>
    public static (string Head, IReadOnlyDictionary<string, string> Fields) Fields(string arguments)
    {
        ArgumentNullException.ThrowIfNull(arguments);
        var parts = arguments.Split([';', '\n'], StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        var fields = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        var head = new List<string>();
        foreach (var part in parts)
        {
            var colon = part.IndexOf(':', StringComparison.Ordinal);
            var key = colon > 0 ? part[..colon].Trim().ToLowerInvariant() : null;
            if (key is not null && FieldNames.Contains(key))
            {
                fields[FieldAliases.GetValueOrDefault(key, key)] = part[(colon + 1)..].Trim();
            }
            else if (fields.Count == 0)
            {
                head.Add(part);
            }
            else
            {
                throw new FormatException($"I don't know the field \"{UserText.Clip(key ?? part)}\". Fields are: {string.Join(", ", FieldNames.Where(f => !FieldAliases.ContainsKey(f)))}.");
            }
        }

        return (string.Join("; ", head), fields);
    }

    private static readonly Dictionary<string, string> FieldAliases = new(StringComparer.OrdinalIgnoreCase)
    {
        ["at"] = "when", ["on"] = "when", ["date"] = "when", ["duration"] = "for", ["place"] = "where", ["room"] = "where", ["location"] = "where",
        ["places"] = "capacity", ["preparation"] = "prep", ["asks"] = "prep", ["about"] = "agenda", ["title"] = "title", ["rhythm"] = "cadence",
    };

    private static readonly HashSet<string> FieldNames = new(
        ["when", "for", "where", "address", "capacity", "prep", "agenda", "series", "handle", "purpose", "cadence", "title", .. FieldAliases.Keys],
        StringComparer.OrdinalIgnoreCase);

    // All non-backtracking: linear in the line. The politeness pattern backtracked quadratically on a long run of
    // commas or spaces (100 kB of "," took 90 s of CPU).
    [GeneratedRegex(@"\s+", RegexOptions.NonBacktracking)]
    private static partial Regex Whitespace();

    [GeneratedRegex(@"^(/cop\s+|/cop$|@?copbot[:,]?\s+)", RegexOptions.IgnoreCase | RegexOptions.NonBacktracking)]
    private static partial Regex Prefix();

    [GeneratedRegex(@"[\s,]*(please|thanks|thank you)[.!]*$|[.!?]+$", RegexOptions.IgnoreCase | RegexOptions.NonBacktracking)]
    private static partial Regex Politeness();

    [GeneratedRegex(@"\s+to\s+\S", RegexOptions.IgnoreCase | RegexOptions.NonBacktracking)]
    private static partial Regex InviteTo();
}
