using System.Text.RegularExpressions;
using CoPBot.Cards.Builders;
using CoPBot.Services.Domain;

namespace CoPBot.Bot.Conversation;

/// <summary>A parsed command: which one, and the rest of the text as typed.</summary>
public sealed record ParsedCommand(CommandSpec Spec, string Arguments);

/// <summary>One command of the grammar: the words that start it, how to type it, and what it does.</summary>
/// <param name="Name">A stable name used by the router (e.g. "rsvp").</param>
/// <param name="Words">The words that start it, e.g. "my sessions"; the first is the one shown.</param>
public sealed record CommandSpec(string Name, IReadOnlyList<string> Words, string Usage, string Description, bool OrganizerOnly = false)
{
    public HelpEntry ToHelp() => new(Usage, Description, OrganizerOnly);
}

/// <summary>
/// The one command grammar shared by Teams, Slack and the console: the same words work everywhere. Parsing is
/// forgiving (case, extra spaces, a leading "/cop" or "@CoPBot", polite words) and unknown input gets "did you mean".
/// </summary>
public static partial class CommandGrammar
{
    public static IReadOnlyList<CommandSpec> Commands { get; } =
    [
        new("help", ["help", "?", "commands"], "help", "What I understand"),
        new("networks", ["networks", "list networks"], "networks", "The learning networks you can join"),
        new("network", ["network", "about"], "network <network>", "What a network is about, its rhythm and next session"),
        new("join", ["join", "subscribe"], "join <network> [announcements only]", "Join a network (invitations, or announcements only)"),
        new("leave", ["leave", "unsubscribe"], "leave <network>", "Leave a network, quietly"),
        new("pause", ["pause"], "pause <network> until <date>", "No invitations until a date; they resume by themselves"),
        new("resume", ["resume", "unpause"], "resume <network>", "Invitations again, now"),
        new("stop", ["stop inviting me", "stop"], "stop inviting me <network>", "Announcements only from a network, no personal invitations"),
        new("sessions", ["sessions", "upcoming"], "sessions [network]", "Upcoming sessions"),
        new("session", ["session", "details"], "session <session>", "One session's details"),
        new("who", ["who", "who else", "whos", "who's"], "who <network or session>", "Who else is in a network or going to a session"),
        new("rsvp", ["rsvp", "yes", "no", "accept", "decline", "no thanks"], "rsvp yes|no <session>", "Answer an invitation (\"yes\" or \"no\" alone answers the latest)"),
        new("mysessions", ["my sessions", "mine", "my invitations"], "my sessions", "Sessions you're invited to or going to"),
        new("shownow", ["show it now", "show now", "show me now"], "show it now", "See an invitation held by your quiet hours here, now"),
        new("settings", ["settings", "preferences", "set"], "settings [timezone|visibility|quiet|reminders|limit|department <value>]", "Your time zone, roster visibility, quiet hours, reminders, weekly limit"),
        new("invite", ["invite"], "invite <colleague> to <network>", "Personally invite a colleague to a network (once)"),
        new("mydata", ["my data", "export"], "my data", "Everything CoPBot knows about you, as JSON"),
        new("forget", ["forget me"], "forget me", "Delete everything CoPBot knows about you"),
        new("canhelp", ["i can help with", "can help with"], "i can help with <topics>", "Say, in your own words, what colleagues can ask you about"),
        new("myhelp", ["my help topics", "help topics"], "my help topics", "What you said you can help with"),
        new("nohelp", ["i can't help with", "i cant help with", "i cannot help with"], "i can't help with <topic>", "Take a topic off your list"),
        new("clearhelp", ["remove my help topics", "clear my help topics"], "remove my help topics", "Take all your topics off"),
        new("introduce", ["introduce me", "intro me"], "introduce me [: <one line to share>]", "After checking in at a session: a coffee introduction to someone from another department or government who was there, if they ask too"),
        new("introline", ["intro line", "my intro line"], "intro line <one line, e.g. I'm working on…>", "The one line shared with whoever you're introduced to"),
        new("nointro", ["no introduction", "no intro"], "no introduction", "Not this time: withdraw your request for an introduction"),
        new("whoknows", ["who knows about", "who knows", "who can help with"], "who knows about <topic> [in <network>]", "Colleagues in your networks who said they can help with it"),
        new("newnetwork", ["new network", "create network"], "new network <name>; handle: <handle>; purpose: <text>; cadence: <rhythm>", "Start a network (you become its organizer)", OrganizerOnly: true),
        new("schedule", ["schedule", "new session"], "schedule <network>: <title>; when: <date time>; for: <duration>; where: <place>; capacity: <n>; prep: <text>; agenda: <text>; series: <part>", "Schedule a session", OrganizerOnly: true),
        new("announce", ["announce"], "announce <session>", "Post a session's announcement to the network's channels (type it in a channel to add that channel)", OrganizerOnly: true),
        new("sendinvites", ["invite"], "invite <session>", "Send invitations to members who want them", OrganizerOnly: true),
        new("cancel", ["cancel"], "cancel <session>", "Cancel a session (only people who said yes or wait are told)", OrganizerOnly: true),
        new("reschedule", ["reschedule", "move"], "reschedule <session>; when: <date time>; for: <duration>; where: <place>", "Move a session", OrganizerOnly: true),
        new("stats", ["stats", "figures"], "stats <session>", "Counts for a session: invited, going, waitlist, not this time", OrganizerOnly: true),
        new("partner", ["open"], "open <network> to <organization>", "Let a partner organization see and join a network", OrganizerOnly: true),
        new("organizer", ["add organizer"], "add organizer <name> to <network>", "Add a co-organizer", OrganizerOnly: true),
    ];

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

        // "invite <colleague> to <network>" is a member's personal invitation; "invite <session>" is an organizer's round.
        if (best.Spec.Name is "invite" or "sendinvites")
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
