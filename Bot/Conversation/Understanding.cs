using System.Globalization;
using System.Text;
using CoPBot.Services.App;

namespace CoPBot.Bot.Conversation;

/// <summary>What <see cref="Understanding"/> made of a line: a command of the grammar, or a short friendly answer.</summary>
public sealed record Understood(ParsedCommand? Command, string? Reply);

/// <summary>
/// Everyday words to the commands that exist: "count me in" is "rsvp yes", "who's going?" is "who is going",
/// "stop inviting me to idealab" is "stop inviting me idealab". It rewrites the line into the grammar's own form and
/// lets <see cref="CommandGrammar"/> parse that, so the existing handlers do the work. Deterministic and local:
/// plain string tests on a line already bounded by <see cref="ChatTurn.MaxTextLength"/>, no regular expressions,
/// no model, no network call. What it does not recognize goes to the grammar as typed.
/// </summary>
public static class Understanding
{
    public const string MaybeReply = "No problem, I haven't recorded an answer. Say \"yes\" or \"no\" whenever you know.";
    public const string GreetingReply = "Hi! Ask me \"what's on this week\", or type \"help\" to see what I can do.";
    public const string ThanksReply = "You're welcome!";
    public const string ByeReply = "Bye for now! I'm here whenever you need me.";
    public const string AboutReply = "I'm CoPBot: I invite you to the sessions of the learning networks you join, and keep track of who's going. Type \"help\" for more.";

    public const string AbilitiesReply =
        "I can show what's on (\"what's on next week\"), join or leave networks (\"join idealab\"), and answer invitations (\"count me in\", \"can't make it\").\n" +
        "I also tell you who's going and keep your settings (\"turn off reminders\"). Type \"help\" for more.";

    public const string HowReply =
        "Join a network (\"networks\" lists them) and I'll invite you to its sessions; answer with a tap or just \"yes\" / \"no\".\n" +
        "Ask \"what's on\" or \"my sessions\" any time. Type \"help\" for more.";

    /// <summary>Reads a line; null when it is not everyday words this knows (the grammar then reads it as typed).</summary>
    public static Understood? Understand(string? text)
    {
        if (string.IsNullOrWhiteSpace(text) || text.Length > ChatTurn.MaxTextLength)
        {
            return null;
        }

        var line = Respell(Simplify(text));
        if (line.Length == 0)
        {
            return null;
        }

        // "ok, thank you" is "ok thank you": a comma changes no small talk.
        if (SmallTalk(line.ToLowerInvariant().Replace(",", "", StringComparison.Ordinal)) is { } reply)
        {
            return new Understood(null, reply);
        }

        // An answer as listed is what it says, before any polite word is peeled off it ("I need to cancel", "next time").
        var rewritten = ListedAnswer(line.ToLowerInvariant());
        if (rewritten is null)
        {
            var typed = line;
            line = StripWrappers(line);
            if (line.Length == 0)
            {
                return null;
            }

            var lower = line.ToLowerInvariant();
            if (SmallTalk(lower) is { } wrappedReply)
            {
                return new Understood(null, wrappedReply);
            }

            rewritten = Rewrite(line, lower);
            if (rewritten is null)
            {
                // "I want to leave", "could you show me my settings": the grammar's own words inside polite ones.
                return line.Length < typed.Length && CommandGrammar.Parse(line, out _) is { } inner ? new Understood(inner, null) : null;
            }
        }

        if (rewritten.Length == 0)
        {
            return new Understood(null, MaybeReply);
        }

        var parsed = CommandGrammar.Parse(rewritten, out _);
        return parsed is null ? null : new Understood(parsed, null);
    }

    /// <summary>
    /// Folds what varies without changing the meaning: curly quotes, emoji (a thumbs up is a yes), repeated letters
    /// ("yesss"), runs of spaces, and punctuation at either end. Case is kept, for names and places.
    /// </summary>
    public static string Simplify(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var builder = new StringBuilder(text.Length);
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (char.IsHighSurrogate(c) && i + 1 < text.Length)
            {
                var word = Emoji(char.ConvertToUtf32(c, text[i + 1]));
                i++;
                if (word is not null)
                {
                    Append(builder, ' ');
                    builder.Append(word);
                }

                Append(builder, ' ');
                continue;
            }

            c = c switch
            {
                '\u2019' or '\u2018' or '`' or '\u00B4' => '\'',
                '\u201C' or '\u201D' => '"',
                '\u2013' or '\u2014' => '-',
                '!' or '?' => ' ',
                _ => c,
            };
            if (c == '\u2705' || c == '\u2714')
            {
                Append(builder, ' ');
                builder.Append("yes");
                Append(builder, ' ');
                continue;
            }

            if (c == '\u274C' || c == '\u2716')
            {
                Append(builder, ' ');
                builder.Append("no");
                Append(builder, ' ');
                continue;
            }

            if (char.IsWhiteSpace(c) || char.IsControl(c) || CharUnicodeInfo.GetUnicodeCategory(c) is UnicodeCategory.OtherSymbol or UnicodeCategory.NonSpacingMark or UnicodeCategory.Format)
            {
                Append(builder, ' ');
                continue;
            }

            // "yesss", "heyyy", "pleeease": a letter three times or more is one letter.
            if (char.IsLetter(c))
            {
                var run = i + 1;
                while (run < text.Length && char.ToLowerInvariant(text[run]) == char.ToLowerInvariant(c))
                {
                    run++;
                }

                if (run - i >= 3)
                {
                    i = run - 1;
                }
            }

            builder.Append(c);
        }

        return builder.ToString().Trim(EdgePunctuation);
    }

    /// <summary>
    /// Slips of the keyboard people make in chat, each to the word meant: only whole words that are no English word
    /// themselves, so a name, a network or a sentence spelled right is never changed.
    /// </summary>
    private static readonly Dictionary<string, string> Misspellings = new(StringComparer.OrdinalIgnoreCase)
    {
        ["thnaks"] = "thanks", ["thansk"] = "thanks", ["tahnks"] = "thanks", ["thanls"] = "thanks", ["thaks"] = "thanks", ["thnks"] = "thanks",
        ["thankyou"] = "thank you", ["youu"] = "you", ["yse"] = "yes", ["yez"] = "yes", ["yeas"] = "yes", ["noo"] = "no", ["nop"] = "nope",
        ["hii"] = "hi", ["helo"] = "hello", ["mkae"] = "make", ["amke"] = "make", ["maek"] = "make", ["cnat"] = "can't",
        ["cna't"] = "can't", ["ca't"] = "can't", ["tiem"] = "time", ["tme"] = "time", ["sry"] = "sorry", ["srry"] = "sorry",
        ["soory"] = "sorry", ["sory"] = "sorry", ["wats"] = "whats", ["wat's"] = "what's", ["wat"] = "what", ["whta"] = "what", ["waht"] = "what",
        ["wk"] = "week", ["wher"] = "where", ["whre"] = "where", ["wehre"] = "where", ["strat"] = "start", ["statr"] = "start", ["goin"] = "going",
        ["giong"] = "going", ["gonig"] = "going", ["comming"] = "coming", ["commin"] = "coming", ["comign"] = "coming", ["attnd"] = "attend",
        ["attned"] = "attend", ["sesion"] = "session", ["sessoin"] = "session", ["sesson"] = "session", ["remider"] = "reminder",
        ["remiders"] = "reminders", ["reminers"] = "reminders", ["invitaions"] = "invitations", ["invitatons"] = "invitations",
        ["teh"] = "the", ["adn"] = "and", ["tomorow"] = "tomorrow", ["tommorow"] = "tomorrow", ["tommorrow"] = "tomorrow",
    };

    /// <summary>The line with each of <see cref="Misspellings"/> replaced by the word meant.</summary>
    private static string Respell(string line)
    {
        if (line.Length > MaxAnswerLength * 4)
        {
            return line;
        }

        var words = line.Split(' ');
        var changed = false;
        for (var i = 0; i < words.Length; i++)
        {
            if (Misspellings.TryGetValue(words[i], out var meant))
            {
                (words[i], changed) = (meant, true);
            }
        }

        return changed ? string.Join(' ', words) : line;
    }

    private static readonly char[] EdgePunctuation = [' ', '.', '!', '?', ',', ';', '~', '-', '"', '\'', '(', ')', '*', '_', ':'];

    private static void Append(StringBuilder builder, char space)
    {
        if (builder.Length > 0 && builder[^1] != space)
        {
            builder.Append(space);
        }
    }

    private static string? Emoji(int codePoint) => codePoint switch
    {
        0x1F44D or 0x1F44C or 0x1F64B or 0x1F91D or 0x1F389 or 0x1F64C => "yes", // thumbs up, OK hand, raised hand, handshake, party, raised hands
        0x1F44E or 0x1F645 => "no", // thumbs down, "no" gesture
        0x1F44B => "hi", // waving hand
        0x1F64F => "thanks", // folded hands
        _ => null,
    };

    private static readonly string[] LeadingWrappers =
    [
        "hey copbot ", "hi copbot ", "hello copbot ", "ok copbot ", "@copbot ", "copbot ", "/cop ", "@cop ",
        "hey there ", "hi there ", "hey ", "hi ", "hello ", "yo ", "ok so ", "okay so ", "so ", "um ", "umm ", "uh ", "oh ", "well ",
        "please ", "pls ", "plz ", "kindly ", "could you please ", "can you please ", "would you please ", "could you ", "can you ",
        "would you ", "will you ", "could u ", "can u ", "can i ", "could i ", "may i ", "i'd like to ", "id like to ", "i would like to ",
        "i'd love to ", "i want to ", "i wanna ", "i need to ", "i'd like ", "i want ", "let me ", "lemme ", "go ahead and ", "just ",
        "tell me ", "show me ", "give me ", "let me know ", "quick question ", "question ", "do you know ", "any idea ",
        "show ", "list ", "view ", "display ",
    ];

    private static readonly string[] TrailingWrappers =
    [
        " please", " pls", " plz", " thanks", " thank you", " thx", " ty", " copbot", " for me", " thanks a lot", " if possible",
        " :)", " :-)", " ;)", " :d", " now",
    ];

    /// <summary>Drops the polite words around a request ("hey copbot, could you please ... thanks"), repeatedly.</summary>
    private static string StripWrappers(string line)
    {
        var changed = true;
        while (changed && line.Length > 0)
        {
            changed = false;
            foreach (var lead in LeadingWrappers)
            {
                if (line.Length > lead.Length && line.StartsWith(lead, StringComparison.OrdinalIgnoreCase))
                {
                    line = line[lead.Length..].TrimStart(EdgePunctuation);
                    changed = true;
                }
            }

            foreach (var trail in TrailingWrappers)
            {
                if (line.Length > trail.Length && line.EndsWith(trail, StringComparison.OrdinalIgnoreCase))
                {
                    line = line[..^trail.Length].TrimEnd(EdgePunctuation);
                    changed = true;
                }
            }

            // "hey, ..." and "ok - ...": a comma after the first word of a wrapper.
            var comma = line.IndexOf(',', StringComparison.Ordinal);
            if (comma > 0 && IsOneOf(line[..comma].Trim().ToLowerInvariant(), "hey", "hi", "hello", "copbot", "hey copbot", "hi copbot", "please", "so", "well", "ok so", "um"))
            {
                line = line[(comma + 1)..].Trim(EdgePunctuation);
                changed = true;
            }
        }

        return line;
    }

    private static string? SmallTalk(string lower) => lower switch
    {
        _ when IsOneOf(lower, Greetings) => GreetingReply,
        _ when IsOneOf(lower, Thanks) => ThanksReply,
        _ when IsOneOf(lower, Byes) => ByeReply,
        _ when IsOneOf(lower, Abilities) => AbilitiesReply,
        _ when IsOneOf(lower, HowItWorks) => HowReply,
        _ when IsOneOf(lower, AboutMe) => AboutReply,
        _ => null,
    };

    private static readonly string[] Greetings =
    [
        "hi", "hello", "hey", "hiya", "howdy", "yo", "hey there", "hi there", "hello there", "good morning", "good afternoon", "good evening",
        "morning", "afternoon", "evening", "greetings", "sup", "what's up", "whats up", "hey copbot", "hi copbot", "hello copbot", "copbot",
        "hi bot", "hello bot", "hey bot", "how are you", "how are you doing", "how's it going", "hows it going", "good day", "hallo", "heya",
    ];

    private static readonly string[] Thanks =
    [
        "thanks", "thank you", "thx", "ty", "tysm", "cheers", "thanks a lot", "thank you so much", "thanks so much", "many thanks",
        "much appreciated", "appreciate it", "thanks copbot", "thank you copbot", "ok thanks", "okay thanks", "ok thank you", "great thanks",
        "cool thanks", "awesome thanks", "perfect thanks", "thanks!", "ta", "thx a lot", "thanks heaps", "thank you very much", "thanks a million", "thank u", "thnx", "thanx", "great", "cool", "awesome", "perfect",
        "nice", "got it", "noted", "ok cool", "great thank you", "brilliant", "lovely", "thanks a bunch", "thanks again",
    ];

    private static readonly string[] Byes = ["bye", "goodbye", "bye bye", "see ya", "cya", "later", "good night", "goodnight", "see you later", "ttyl"];

    private static readonly string[] Abilities =
    [
        "what can you do", "what you can do", "what do you do", "what can i do", "what can i do here", "what can i ask", "what can i ask you", "what can i say", "what are my options",
        "what do you understand", "how can you help", "how can you help me", "what are you for", "what can you help with",
        "what can you help me with", "what commands are there", "what commands do you know", "what are you able to do", "what can u do",
        "what else can you do", "what do you know", "what can this bot do", "what does copbot do", "what does this bot do", "features",
    ];

    private static readonly string[] HowItWorks =
    [
        "how does this work", "how does it work", "how do i use this", "how do i use you", "how do i use copbot", "how do i start",
        "how to use", "how to use this", "getting started", "get started", "i'm new", "im new", "i am new", "i'm new here", "im new here",
        "how does copbot work", "how do i get started", "where do i start", "how do this work", "how this works", "explain",
        "how do i use this thing", "how does this thing work", "how do you work", "how do i use it",
    ];

    private static readonly string[] AboutMe =
    [
        "who are you", "what are you", "what is copbot", "what's copbot", "whats copbot", "are you a bot", "what is this", "what's this",
        "whats this", "are you human", "are you real", "who made you", "what is this bot", "who is copbot",
    ];

    private static bool StartsWithAny(string lower, params string[] prefixes)
    {
        foreach (var prefix in prefixes)
        {
            if (lower.StartsWith(prefix + " ", StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }

    private static bool IsOneOf(string lower, params string[] options)
    {
        foreach (var option in options)
        {
            if (lower == option)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The grammar's form of a line, "" for a kind "no answer recorded", or null when it is not recognized.</summary>
    private static string? Rewrite(string line, string lower) =>
        CheckIn(line, lower)
        ?? HelpTopics(line, lower)
        ?? Introductions(line, lower)
        ?? Settings(line, lower)
        ?? Membership(line, lower)
        ?? Questions(line, lower)
        ?? Schedule(line, lower)
        ?? Answer(line, lower);

    /// <summary>
    /// "I'm here 4821", "checking in 4821", "we're here for idealab 4821": the check-in command, "here [session] code".
    /// Without a code only the plain "I'm here" forms are read as a check-in (the reply says where the code is), so
    /// that "I'm here for idealab" stays what it was.
    /// </summary>
    private static string? CheckIn(string line, string lower)
    {
        if (After(line, lower, "i'm here", "im here", "i am here", "we're here", "were here", "we are here", "i'm in the room", "im in the room",
                "i am in the room", "just arrived", "i've arrived", "ive arrived", "i have arrived", "arrived", "checking in", "check me in",
                "check in", "checked in", "checking in at", "check in at", "check in to", "checking in to", "check in for", "checking in for") is not { } rest)
        {
            return null;
        }

        var code = rest.Length > 0 ? rest[(rest.LastIndexOf(' ') + 1)..] : "";
        return CheckInCodes.IsWellFormed(code) || rest.Length == 0 ? ("here " + rest).TrimEnd() : null;
    }

    /// <summary>
    /// What a person can help with, in their own words, and "who knows about…". First, so that "what did I say I can
    /// help with" is not a question about sessions and "who in IdeaLab knows about GIS" is not a roster.
    /// </summary>
    private static string? HelpTopics(string line, string lower)
    {
        if (IsOneOf(lower, "my help topics", "what did i say i can help with", "what did i say i could help with", "what can i help with",
                "what did i say i know about", "what have i said i can help with", "what do people ask me about", "show my help topics",
                "my topics", "my expertise", "what are my help topics", "what did i put down i can help with", "what am i listed as knowing"))
        {
            return "my help topics";
        }

        if (IsOneOf(lower, "remove my help topics", "clear my help topics", "delete my help topics", "remove all my help topics", "forget my help topics",
                "remove my topics", "clear my topics", "i can't help with anything", "i cant help with anything", "remove my expertise", "take me off who knows"))
        {
            return "remove my help topics";
        }

        if (After(line, lower, "i can't help with", "i cant help with", "i cannot help with", "i can no longer help with", "i no longer help with",
                "i'm no longer good at", "im no longer good at", "i'm not good at", "remove help topic",
                "remove the help topic", "remove topic") is { Length: > 0 } gone)
        {
            return "i can't help with " + TrimTail(gone, " anymore", " any more", " now", " these days", " from my help topics", " from my topics", " from my list");
        }

        if (lower.StartsWith("remove ", StringComparison.Ordinal) && EndsWithAny(lower, " from my help topics", " from my topics"))
        {
            return "i can't help with " + TrimTail(line[7..], " from my help topics", " from my topics");
        }

        if (After(line, lower, "i can help with", "i can help people with", "i can help others with", "i can help colleagues with", "i can help anyone with",
                "i can also help with", "i could help with", "i'm happy to help with", "im happy to help with", "i am happy to help with", "happy to help with",
                "i know about", "i know a lot about", "i know a bit about", "i'm good at", "im good at", "i am good at", "i'm good with", "im good with",
                "i'm an expert in", "im an expert in", "i am an expert in", "i'm an expert on", "ask me about", "people can ask me about",
                "colleagues can ask me about", "i have experience with", "i have experience in", "my expertise is", "my expertise", "i can teach",
                "add to my help topics", "add help topics", "add help topic", "add topic") is { Length: > 0 } topics)
        {
            return "i can help with " + topics;
        }

        if (After(line, lower, "who knows about", "who knows anything about", "who knows a lot about", "who knows", "who can help with", "who can help me with",
                "who could help with", "who could help me with", "who is good at", "who's good at", "whos good at", "who has experience with",
                "who has experience in", "who is an expert in", "who's an expert in", "who is an expert on", "does anyone know about",
                "does anybody know about", "anyone who knows about", "anyone know about", "anybody know about",
                "is there anyone who knows about", "is anyone good at", "who can i ask about", "who should i ask about", "who do i ask about",
                "who to ask about", "anyone good at", "anyone who can help with") is { Length: > 0 } topic)
        {
            return "who knows about " + topic;
        }

        // "who in IdeaLab knows about performance data", "anyone from idealab who can help with GIS".
        foreach (var lead in (string[])["who in ", "who from ", "who at ", "who else in ", "anyone in ", "anyone from ", "anybody in ", "someone in "])
        {
            if (!lower.StartsWith(lead, StringComparison.Ordinal))
            {
                continue;
            }

            var rest = lower[lead.Length..];
            foreach (var verb in (string[])[" who knows about ", " who can help with ", " knows about ", " can help with ", " is good at ", " has experience with ", " knows "])
            {
                var at = rest.IndexOf(verb, StringComparison.Ordinal);
                if (at > 0 && at + verb.Length < rest.Length)
                {
                    var start = lead.Length;
                    return $"who knows about {line[(start + at + verb.Length)..].Trim(EdgePunctuation)} in {Target(line[start..(start + at)])}";
                }
            }
        }

        return null;
    }

    /// <summary>Coffee introductions after a session: asking ("introduce me to someone from another department"), a line to share, withdrawing.</summary>
    private static string? Introductions(string line, string lower)
    {
        if (IsOneOf(lower, "no introduction", "no intro", "no introduction this time", "don't introduce me", "dont introduce me", "do not introduce me",
                "cancel my introduction", "cancel the introduction", "withdraw my introduction", "skip the introduction", "no coffee introduction",
                "not this time for the introduction", "no introduction thanks", "no coffee", "no coffee match"))
        {
            return "no introduction";
        }

        if (After(line, lower, "intro line", "my intro line", "my intro line is", "my line for the introduction is", "for my introduction say") is { Length: > 0 } shared)
        {
            return "intro line " + shared;
        }

        if (After(line, lower, "introduce me", "yes introduce me", "yes please introduce me", "introduce me please", "please introduce me", "a coffee introduction",
                "coffee introduction", "yes to a coffee introduction", "match me with someone", "match me for coffee", "coffee match", "a coffee match",
                "meet someone from another department", "meet someone from another government", "meet someone from another city",
                "meet someone new", "be introduced", "get introduced", "an introduction") is { } rest)
        {
            return ("introduce me " + rest).TrimEnd();
        }

        return null;
    }

    /// <summary>The text without any of <paramref name="ends"/> at its end (only the end: a topic's own words stay).</summary>
    private static string TrimTail(string text, params string[] ends)
    {
        foreach (var end in ends)
        {
            if (text.Length > end.Length && text.EndsWith(end, StringComparison.OrdinalIgnoreCase))
            {
                text = text[..^end.Length];
            }
        }

        return text.Trim(EdgePunctuation);
    }

    /// <summary>The rest of <paramref name="line"/> after the longest of <paramref name="starts"/> it begins with, or null.</summary>
    private static string? After(string line, string lower, params string[] starts)
    {
        var best = -1;
        foreach (var start in starts)
        {
            if (start.Length > best && lower.StartsWith(start, StringComparison.Ordinal) && (lower.Length == start.Length || start[^1] == ' ' || lower[start.Length] == ' '))
            {
                best = start.Length;
            }
        }

        return best < 0 ? null : line[best..].Trim(EdgePunctuation);
    }

    /// <summary>A network as named in a sentence: without "the", "my", "group" and the like around it.</summary>
    private static string Target(string text)
    {
        var target = text.Trim(EdgePunctuation);
        foreach (var lead in (string[])["the ", "my ", "our ", "a ", "to ", "from ", "for ", "of ", "in ", "on ", "at ", "about ", "with "])
        {
            if (target.StartsWith(lead, StringComparison.OrdinalIgnoreCase))
            {
                target = target[lead.Length..].TrimStart();
            }
        }

        foreach (var trail in (string[])[" group", " community", " again", " anymore", " any more", " session", " sessions", " meeting", " meetup", " invitations", " invites", " please", " mailing list", " list"])
        {
            if (target.EndsWith(trail, StringComparison.OrdinalIgnoreCase) && target.Length > trail.Length)
            {
                target = target[..^trail.Length].TrimEnd();
            }
        }

        return target.Trim(EdgePunctuation);
    }

    private static string? Membership(string line, string lower)
    {
        if (After(line, lower, "stop inviting me", "stop invitations from", "stop invitations for", "stop sending me invitations for", "stop sending me invitations from",
                "stop sending invitations from", "stop sending me invites for", "stop sending me invites from", "no more invitations from", "no more invitations for",
                "no more invites from", "no more invites for", "don't invite me to", "dont invite me to", "do not invite me to", "don't invite me", "dont invite me",
                "stop the invites from", "stop the invitations from", "only announcements from", "only announcements for", "just announcements from", "announcements only from",
                "announcements only for", "stop invites from", "stop invites for") is { } stop)
        {
            return "stop inviting me " + Target(stop);
        }

        if (IsOneOf(lower, "announcements", "just announcements", "announcements only", "send me announcements", "send me only announcements",
                "send me just announcements", "only announcements", "just the announcements", "only the announcements",
                "announcements are enough", "just send me announcements", "only send me announcements"))
        {
            return "stop inviting me";
        }

        if (After(line, lower, "stop", "no more", "no", "don't send me", "dont send me", "stop sending me", "i don't want", "i dont want", "i do not want")
                is { } stopText && StripEnds(stopText, " anymore", " any more", " again") is var stopWhat
                && (EndsWithAny(" " + stopWhat.ToLowerInvariant(), " invitations", " invites") || StartsWithAny(stopWhat.ToLowerInvariant(), "invitations from", "invites from")))
        {
            // "no more invites", "stop the invitations from idealab", "I don't want invitations from idealab anymore".
            var space = stopWhat.LastIndexOf(' ');
            var name = StartsWithAny(stopWhat.ToLowerInvariant(), "invitations from", "invites from") ? stopWhat[(stopWhat.IndexOf(' ') + 1)..] : space < 0 ? "" : stopWhat[..space];
            foreach (var lead in (string[])["sending me ", "sending ", "all ", "the ", "any ", "more ", "my ", "personal ", "from "])
            {
                name = name.StartsWith(lead, StringComparison.OrdinalIgnoreCase) ? name[lead.Length..] : name;
            }

            return ("stop inviting me " + (IsOneOf(name.ToLowerInvariant(), "sending me", "sending", "all", "the", "any", "more", "my", "personal", "these", "those") ? "" : Target(name))).TrimEnd();
        }

        if (After(line, lower, "pause", "snooze", "mute", "take a break from", "hold", "pause invitations from", "pause invitations for", "no invitations from") is { } pause)
        {
            return Pause(pause);
        }

        if (After(line, lower, "resume", "unpause", "unmute", "start inviting me to", "start inviting me", "invite me again to", "turn on invitations from",
                "turn on invitations for", "invitations again from", "restart") is { } resume)
        {
            return resume.Length == 0 ? null : "resume " + Target(resume);
        }

        if (After(line, lower, "unsubscribe from", "unsubscribe me from", "unsubscribe", "remove me from", "take me off", "take me out of", "quit", "get me out of",
                "opt out of", "opt me out of", "sign me out of", "sign out of", "drop out of", "exit", "leave", "i want out of", "count me out of",
                "get me off", "out of", "i'm leaving", "im leaving", "i'm done with", "im done with", "i am done with", "no longer interested in", "not interested in",
                "i no longer want to be in", "i no longer want to be part of", "no longer want to be in", "i don't want to be in", "i dont want to be in",
                "i do not want to be in", "i don't want to be part of", "i dont want to be part of", "i don't want to be a member of",
                "i dont want to be a member of", "i'm not interested in", "im not interested in", "i am not interested in", "how do i leave", "how can i leave",
                "how do i get out of", "how do i unsubscribe from") is { } leave && leave.Length > 0)
        {
            // "out of idealab" is what is left of "I want out of idealab"; "out of office" is an answer, not a network, and
            // "take me off the list" is a "no" to a session.
            var network = Target(leave);
            return leave.StartsWith("office", StringComparison.OrdinalIgnoreCase) || leave.StartsWith("the office", StringComparison.OrdinalIgnoreCase)
                || leave.StartsWith("town", StringComparison.OrdinalIgnoreCase) || network.Equals("list", StringComparison.OrdinalIgnoreCase)
                ? null
                : "leave " + network;
        }

        if (After(line, lower, "sign me up for", "sign me up to", "sign up for", "sign up to", "subscribe me to", "subscribe to", "subscribe", "add me to", "put me in",
                "enroll me in", "enrol me in", "enroll in", "become a member of", "be a member of", "be part of", "i'm interested in", "im interested in",
                "i am interested in", "interested in", "join") is { } join && join.Length > 0)
        {
            var target = Target(join);
            return target.Length == 0 ? null : "join " + target;
        }

        return null;
    }

    private static bool EndsWithAny(string lower, params string[] ends)
    {
        foreach (var end in ends)
        {
            if (lower.EndsWith(end, StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>"idealab for 2 weeks", "idealab until March", "idealab till 2027-01-15": the pause command's "until" form.</summary>
    private static string? Pause(string rest)
    {
        var lower = rest.ToLowerInvariant();
        foreach (var word in (string[])[" until ", " till ", " til ", " through ", " thru ", " up to ", " to "])
        {
            var at = lower.IndexOf(word, StringComparison.Ordinal);
            if (at > 0)
            {
                return $"pause {Target(rest[..at])} until {MonthStart(rest[(at + word.Length)..].Trim(EdgePunctuation))}";
            }
        }

        var forAt = lower.IndexOf(" for ", StringComparison.Ordinal);
        if (forAt > 0)
        {
            var amount = rest[(forAt + 5)..].Trim(EdgePunctuation);
            return $"pause {Target(rest[..forAt])} until in {(amount.StartsWith("the next ", StringComparison.OrdinalIgnoreCase) ? amount[9..] : amount)}";
        }

        return rest.Length == 0 ? null : "pause " + Target(rest);
    }

    private static readonly string[] Months =
        ["january", "february", "march", "april", "may", "june", "july", "august", "september", "october", "november", "december",
         "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec"];

    /// <summary>"March" alone is its first day; anything else is left for <see cref="NaturalDateTime"/>.</summary>
    private static string MonthStart(string date)
    {
        var lower = date.ToLowerInvariant();
        if (lower.StartsWith("the end of ", StringComparison.Ordinal))
        {
            return date[4..];
        }

        return IsOneOf(lower, Months) ? date + " 1" : date;
    }

    private static string? Settings(string line, string lower)
    {
        var plain = lower.Replace(" my ", " ", StringComparison.Ordinal).Replace(" the ", " ", StringComparison.Ordinal).Replace(" all ", " ", StringComparison.Ordinal)
            .Replace(" any ", " ", StringComparison.Ordinal).Replace(" those ", " ", StringComparison.Ordinal).Replace(" these ", " ", StringComparison.Ordinal)
            .Replace("reminder messages", "reminders", StringComparison.Ordinal).Replace("reminder emails", "reminders", StringComparison.Ordinal);
        if (plain != lower && SettingsPhrase(plain) is { } phrase)
        {
            return phrase;
        }

        return SettingsPhrase(lower) ?? SettingsWithValue(line, lower);
    }

    private static string? SettingsPhrase(string lower)
    {
        if (IsOneOf(lower, "turn off reminders", "reminders off", "no more reminders", "no reminders", "stop reminders", "stop reminding me", "disable reminders",
                "don't remind me", "dont remind me", "do not remind me", "i don't want reminders", "i dont want reminders", "mute reminders", "switch off reminders",
                "turn reminders off", "switch reminders off", "no reminder", "stop the reminders", "stop sending reminders", "stop sending me reminders",
                "no more reminder messages", "reminders no", "don't send reminders", "dont send reminders", "don't send me reminders", "cancel reminders",
                "i don't need reminders", "i dont need reminders", "i do not need reminders", "no need for reminders", "unsubscribe from reminders",
                "unsubscribe me from reminders", "no reminders needed", "i don't need a reminder", "i dont need a reminder", "no need to remind me", "reminders not needed", "i don't want any reminders"))
        {
            return "settings reminders off";
        }

        if (IsOneOf(lower, "turn on reminders", "reminders on", "enable reminders", "remind me", "i want reminders", "switch on reminders", "turn reminders on",
                "send me reminders", "send reminders", "reminders please", "yes reminders"))
        {
            return "settings reminders on";
        }

        if (IsOneOf(lower, "hide me", "hide my name", "make me invisible", "don't show my name", "dont show my name", "make me hidden", "hide me from the roster",
                "hide me from rosters", "hide me from the list", "hide me from lists", "don't show me", "dont show me", "keep me hidden", "i want to be hidden",
                "invisible", "hidden", "go invisible", "make me private", "keep my name private", "don't list me", "dont list me"))
        {
            return "settings visibility hidden";
        }

        if (IsOneOf(lower, "unhide me", "show my name", "make me visible", "show me to members", "make me public", "i want to be visible", "visible"))
        {
            return "settings visibility members";
        }

        if (IsOneOf(lower, "quiet hours off", "turn off quiet hours", "no quiet hours", "disable quiet hours", "switch off quiet hours", "quiet off",
                "remove quiet hours", "turn quiet hours off", "no more quiet hours", "message me any time", "message me anytime", "you can message me any time"))
        {
            return "settings quiet off";
        }

        return null;
    }

    private static string? SettingsWithValue(string line, string lower)
    {
        if (After(line, lower, "quiet hours from", "quiet hours", "set quiet hours to", "set my quiet hours to", "set quiet hours", "change my quiet hours to") is { Length: > 0 } quiet)
        {
            return "settings quiet " + quiet;
        }

        if (After(line, lower, "my time zone is", "my timezone is", "my tz is", "my time zone's", "set my time zone to", "set my timezone to", "set my tz to",
                "set time zone to", "set timezone to", "set my time zone", "set my timezone", "set time zone", "set timezone", "change my time zone to",
                "change my timezone to", "change time zone to", "change timezone to", "use time zone", "use timezone", "time zone", "timezone",
                "my time zone:", "my timezone:", "time zone:", "timezone:",
                "i live in", "i'm based in", "im based in", "i am based in", "i'm located in", "im located in", "i am located in", "i work in",
                "i'm in the", "im in the", "i am in the", "i'm on", "im on", "i am on", "i'm in", "im in", "i am in") is { Length: > 0 } zone)
        {
            var place = zone;
            foreach (var trail in (string[])[" time zone", " timezone", " time", " tz"])
            {
                if (place.EndsWith(trail, StringComparison.OrdinalIgnoreCase) && place.Length > trail.Length)
                {
                    place = place[..^trail.Length];
                }
            }

            place = (place.StartsWith("the ", StringComparison.OrdinalIgnoreCase) ? place[4..] : place).Trim(EdgePunctuation);
            var placeLower = place.ToLowerInvariant();

            // "I'm in for idealab" and "I'm in 👍" are answers, not places; after a loose "I'm in" / "I'm on" only a
            // zone that resolves is a place ("I'm in idealab" is not a time zone).
            var loose = StartsWithAny(lower, "i'm in", "im in", "i am in", "i'm on", "im on", "i am on");
            return placeLower.StartsWith("for ", StringComparison.Ordinal) || placeLower.StartsWith("to ", StringComparison.Ordinal)
                || IsOneOf(placeLower, Yes) || IsOneOf(placeLower, No) || placeLower.EndsWith(" yes", StringComparison.Ordinal)
                || (loose && TimeZones.Normalize(place) is null)
                ? null
                : "settings timezone " + place;
        }

        if (IsOneOf(lower, "my settings", "show my settings", "show settings", "my preferences", "change my settings", "change settings", "open settings",
                "edit settings", "edit my settings", "settings please", "my profile"))
        {
            return "settings";
        }

        if (IsOneOf(lower, "what do you know about me", "show my data", "export my data", "download my data", "my data please", "what data do you have on me",
                "what do you have on me", "what do you store about me", "get my data",
                "what data do you have about me", "what info do you have on me", "what information do you have about me"))
        {
            return "my data";
        }

        if (IsOneOf(lower, "delete my data", "delete me", "remove my data", "remove all my data", "delete all my data", "erase my data", "erase me",
                "delete everything about me", "forget about me", "forget everything about me", "delete my account"))
        {
            return "forget me";
        }

        return null;
    }

    private static readonly string[] WhoStarts =
    [
        "who else is going to", "who else is coming to", "who else is going", "who else is coming", "who else is at",
        "who is going to", "who's going to", "whos going to", "who is coming to", "who's coming to", "whos coming to", "who is attending",
        "who's attending", "whos attending", "who will be at", "who'll be at", "who will be there", "who'll be there", "who is going", "who's going",
        "whos going", "who is coming", "who's coming", "whos coming", "who signed up for", "who signed up", "who has signed up for", "who has signed up",
        "who's signed up for", "who's signed up", "who said yes to", "who said yes", "who goes to", "who attends", "who is there", "who's there",
        "is anyone going to", "is anyone going", "is anybody going to", "is anybody going", "anyone going to", "anyone going", "anyone else going to",
        "anyone else going", "anybody going", "anybody else going", "how many people are going to", "how many people are going", "how many are going",
        "how many people are coming", "how many are coming", "who will attend", "who's joining", "who is joining", "whos joining",
        "who else will be there", "who else will be at", "who is going to be there", "who's going to be there", "who else is signed up",
        "who else signed up", "how many people have signed up", "how many have signed up", "is anybody else going", "is anyone else going",
        "is anyone else coming", "anyone i know going", "anyone i know coming", "is anyone i know going",
        "whose going", "whose coming", "whose attending", "who all is going", "who all is coming", "who all is attending", "who all's going",
    ];

    private static readonly string[] WhoNetworkStarts =
    [
        "who else is in", "who is in", "who's in", "whos in", "who are the members of", "who are members of", "who belongs to", "who is part of",
        "who's part of", "members of", "list members of", "show members of", "the members of", "list the members of", "show me the members of",
        "who else is a member of", "who is a member of", "who's a member of", "who else belongs to", "who are the people in", "who else",
        "who's running", "who is running", "who runs", "who organizes", "who organises", "who leads", "who's organizing", "who is organizing",
        "who is", "who's", "whos", "who are", "who",
    ];

    private static readonly string[] PeriodWords =
        ["today", "tonight", "tomorrow", "tmrw", "tmr", "tomorow", "tommorow", "this week", "next week", "this weekend", "the weekend", "this month", "next month", "later this week", "later today"];

    /// <summary>Words that point at what the bot just showed: "who's in it?", "where is it?".</summary>
    private static readonly string[] Pointers = ["it", "this", "that", "then", "there", "this one", "that one", "the session"];

    /// <summary>Questions about the session just shown: its agenda ("session it agenda").</summary>
    private static readonly string[] AgendaQuestions =
    [
        "what's the agenda", "whats the agenda", "what is the agenda", "agenda", "the agenda", "what's on the agenda", "whats on the agenda",
        "what is on the agenda", "what's the plan", "whats the plan", "what is the plan", "what's it about", "whats it about", "what is it about",
        "what will we do", "what are we doing", "what's the topic", "whats the topic", "what is the topic", "show me the agenda", "agenda please",
    ];

    /// <summary>Questions about when or where the session just shown is ("session it").</summary>
    private static readonly string[] WhenAndWhereQuestions =
    [
        "what time does it start", "what time does it begin", "what time is it at", "what time does the session start", "what time is the session",
        "when does it start", "when does it begin", "when does the session start", "where's the session", "wheres the session", "where is the session",
        "which room", "which room is it in", "what room", "what room is it in", "what's the address", "whats the address", "what is the address",
        "how do i get there", "where do i go", "when", "where", "what time", "when and where", "where and when", "when and where is it",
        "where and when is it", "what date", "what date is it", "what date is it on", "what day is it on", "where's it at", "wheres it at",
        "where is it at", "were is it", "where it is", "what's the location", "whats the location", "what is the location", "location",
        "address", "time", "the address", "the location", "what time do we start", "what time is it again", "what's the room", "whats the room",
        "where are we meeting", "where do we meet", "where is it being held", "where's it being held", "where should i go", "where's the room",
        "wheres the room", "where is the room", "which building", "what building", "which building is it in", "where is it again", "when is it again", "when's it on", "whens it on", "when is it on", "what time is it on", "where is it held",
    ];

    /// <summary>Asking for help in plain words: the short help, not the full list.</summary>
    private static readonly string[] HelpRequests =
    [
        "help me", "i need help", "can you help", "can you help me", "help pls", "helpp", "pls help", "halp", "hepl", "hlep", "hekp", "hrlp",
        "i need some help", "need help", "need some help", "what should i type", "what do i type", "what should i say", "what do i say",
        "what are the commands", "what commands", "i'm lost", "im lost", "i am lost", "i'm confused", "im confused", "i am confused", "i'm stuck", "im stuck",
    ];

    private static string? Questions(string line, string lower)
    {
        if (IsOneOf(lower, HelpRequests))
        {
            return "help";
        }

        if (IsOneOf(lower, WhenAndWhereQuestions))
        {
            return "session it";
        }

        if (IsOneOf(lower, MySessions) || AsksAboutOwnSessions(lower))
        {
            return "my sessions";
        }

        if (IsOneOf(lower, OrganizerPage))
        {
            return "my organizer page";
        }

        if (IsOneOf(lower, AgendaQuestions))
        {
            return "session it agenda";
        }

        if (AnyoneFromGoing(lower))
        {
            return "who is going";
        }

        if (After(line, lower, WhoStarts) is { } session)
        {
            // "who's going to the next idealab": a network alone names its next session.
            var target = Target(session);
            target = target.StartsWith("next ", StringComparison.OrdinalIgnoreCase) ? target[5..] : target;
            return target.Length == 0 || IsOneOf(target.ToLowerInvariant(), Pointers)
                ? "who is going"
                : "who is going to " + target;
        }

        if (After(line, lower, WhoNetworkStarts) is { } network)
        {
            var target = Target(network);
            return target.Length == 0 ? "who is going" : IsOneOf(target.ToLowerInvariant(), Pointers) ? "who is in it" : "who " + target;
        }

        if (After(line, lower, "when is the next", "when's the next", "whens the next", "when is next", "when's next", "where is the next", "where's the next",
                "when does the next", "what's the next", "whats the next", "what is the next", "when do we have the next", "when is", "when's", "whens",
                "when does", "where is", "where's", "next") is { } next)
        {
            if (IsOneOf("next " + next.ToLowerInvariant(), PeriodWords))
            {
                return Sessions("next " + next);
            }

            var target = Target(StripEnds(next, " meet next", " meet", " happen", " start", " next", " again", " be", " take place", " on"));
            var targetLower = target.ToLowerInvariant();
            if (IsOneOf(targetLower, Pointers) && !lower.Contains("next", StringComparison.Ordinal))
            {
                return "session it";
            }

            if (IsOneOf(targetLower, "session", "one", "event", "meeting", "meetup", "", "it", "my session", "my next session"))
            {
                return targetLower.StartsWith("my", StringComparison.Ordinal) ? "my sessions" : "sessions";
            }

            return targetLower.StartsWith("my ", StringComparison.Ordinal) ? "my sessions" : "session " + target;
        }

        if (After(line, lower, "what's on", "whats on", "what is on", "what's happening", "whats happening", "what is happening", "what's coming up", "whats coming up",
                "what is coming up", "what's up next", "what's scheduled", "whats scheduled", "what is scheduled", "what's planned", "whats planned", "anything on",
                "anything happening", "anything going on", "anything coming up", "anything new", "are there any upcoming sessions",
                "are there upcoming sessions", "any meetups", "what's on the calendar", "whats on the calendar", "anything", "any sessions", "are there any sessions", "are there sessions",
                "is there anything", "is anything on", "what sessions are there", "what sessions are coming", "which sessions are there", "which sessions",
                "what sessions", "show sessions", "list sessions", "show all sessions", "all sessions", "the sessions", "upcoming sessions", "upcoming events",
                "upcoming", "events", "what events", "any events", "sessions", "what's next", "whats next", "what is next", "what's new", "whats new",
                "what's going on", "whats going on", "what is going on", "calendar", "the calendar", "what do we have", "what have we got",
                "when are the sessions", "when are sessions", "session list", "schedule of sessions") is { } on)
        {
            return Sessions(on);
        }

        if ((lower.StartsWith("what ", StringComparison.Ordinal) || lower.StartsWith("which ", StringComparison.Ordinal) || lower.StartsWith("list ", StringComparison.Ordinal)
                || lower.StartsWith("show ", StringComparison.Ordinal) || lower.StartsWith("any ", StringComparison.Ordinal))
            && (lower.Contains(" networks", StringComparison.Ordinal) || lower.Contains(" groups", StringComparison.Ordinal) || lower.Contains(" communities", StringComparison.Ordinal)))
        {
            return "networks";
        }

        if (lower.StartsWith("any ", StringComparison.Ordinal) && (lower.Contains("session", StringComparison.Ordinal) || lower.Contains("event", StringComparison.Ordinal)
            || lower.Contains("meetup", StringComparison.Ordinal)
            || EndsWithAny(lower, PeriodWords)))
        {
            return Sessions(line[4..]);
        }

        if (IsOneOf(lower, "what networks are there", "which networks are there", "list networks", "show networks", "show me networks", "all networks",
                "what networks", "which networks", "what can i join", "what groups are there", "what groups", "which groups", "groups", "communities",
                "what communities are there", "browse networks", "available networks", "list the networks", "show all networks", "the networks",
                "what networks can i join", "what networks exist", "networks available", "list groups", "show groups", "what's available", "whats available"))
        {
            return "networks";
        }

        if (After(line, lower, "tell me about", "tell me more about", "what is", "what's", "whats", "info on", "info about", "information about",
                "more about", "details of", "about") is { Length: > 0 } about
            && (!about.Contains(' ', StringComparison.Ordinal) || EndsWithAny(about.ToLowerInvariant(), " about", " network")))
        {
            return "network " + Target(StripEnds(about, " about"));
        }

        return null;
    }

    /// <summary>
    /// "is anyone from parks going?", "anybody else from my department coming": the roster of the session in context,
    /// which groups those who chose to be seen by organization and department.
    /// </summary>
    private static bool AnyoneFromGoing(string lower) =>
        StartsWithAny(lower, "is anyone from", "is anybody from", "is anyone else from", "anyone from", "anybody from", "anyone else from", "is anyone in",
            "is anybody in", "anyone in", "is someone from", "are people from", "are any of", "is any of", "any of")
        && EndsWithAny(lower, " going", " coming", " attending", " there", " going to be there", " signed up");

    /// <summary>"which sessions am I signed up for", "where have I said yes": a question about the person's own sessions.</summary>
    private static bool AsksAboutOwnSessions(string lower)
    {
        var question = false;
        foreach (var start in (string[])["what ", "which ", "where ", "when ", "do ", "any ", "have ", "am "])
        {
            question |= lower.StartsWith(start, StringComparison.Ordinal);
        }

        if (!question)
        {
            return false;
        }

        foreach (var part in (string[])[" am i ", " have i ", " did i ", "i'm signed", "i am signed", "i signed up", "i'm going to", "i am going to", "i'm invited",
                     "i am invited", "i'm registered", "i said yes", "am i going", "am i invited", "am i signed", "have i been invited", "have i got", "do i have"])
        {
            if (lower.Contains(part, StringComparison.Ordinal) || lower.EndsWith(part.TrimEnd(), StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }

    private static readonly string[] MySessions =
    [
        "my sessions", "my session", "my events", "my invitations", "my invites", "my rsvps", "my schedule", "my calendar", "my bookings", "my upcoming sessions",
        "what am i going to", "what am i signed up for", "what have i signed up for", "what did i sign up for", "what am i attending", "where am i going",
        "what am i invited to", "am i going to anything", "show my sessions", "what are my sessions", "list my sessions", "what have i said yes to",
        "what did i say yes to", "which sessions am i going to", "what sessions am i going to", "what sessions am i in", "when is my next session",
        "what's my next session", "whats my next session", "my next session", "what's on my calendar", "what's on for me", "whats on for me",
        "what am i registered for", "what have i registered for", "my registrations", "sessions i'm going to", "sessions im going to",
        "what's my schedule", "whats my schedule", "which invitations do i have", "do i have any invitations", "any invitations for me",
        "have i been invited to anything", "what invitations do i have", "my sessions please", "mine",
    ];

    private static readonly string[] OrganizerPage =
    [
        "my organizer page", "organizer page", "my organiser page", "organiser page", "the organizer page", "the organiser page", "organizer page link", "my organizer page link", "link to my organizer page",
        "a link to my organizer page", "open my organizer page", "open the organizer page", "get my organizer page", "have my organizer page",
        "my organizer dashboard", "organizer dashboard", "the organizer dashboard", "my organizer link", "my charts", "my organizer charts",
        "my organizer stats page", "room screen", "the room screen", "open the room screen", "my room screen",
    ];

    /// <summary>"next week", "in idealab", "at idealab next week": the sessions command with a period and/or a network.</summary>
    private static string Sessions(string rest)
    {
        var text = StripEnds(rest.Trim(EdgePunctuation), " then", " for me", " sessions", " session", " are there", " is there", " are coming up", " coming up");
        var lower = text.ToLowerInvariant();
        string? period = null;
        foreach (var word in PeriodWords)
        {
            if (lower.EndsWith(word, StringComparison.Ordinal))
            {
                period = word;
                text = text[..^word.Length].Trim(EdgePunctuation);
                break;
            }
        }

        if (period is null && SessionPeriod.Split(text) is (var beforeMonth, { } month))
        {
            // "in January", "idealab in march": a named month, in the person's zone.
            (text, period) = (beforeMonth, month.Name);
        }

        var network = Target(text);
        foreach (var filler in (string[])["are there", "is there", "are", "calendar", "on", "happening", "coming up", "scheduled", "planned", "going on", "up", "next", "for", "in", "at", "is", "there", "later"])
        {
            if (network.Equals(filler, StringComparison.OrdinalIgnoreCase))
            {
                network = "";
            }
        }

        network = StripEnds(network, " on", " happening", " coming up", " scheduled", " planned", " going on");
        period = period switch
        {
            "tonight" or "later today" => "today",
            "tmrw" or "tmr" or "tomorow" or "tommorow" => "tomorrow",
            "the weekend" => "this weekend",
            "later this week" => "this week",
            _ => period,
        };
        return $"sessions {network} {period}".Trim();
    }

    private static string StripEnds(string text, params string[] ends)
    {
        var changed = true;
        while (changed)
        {
            changed = false;
            foreach (var end in ends)
            {
                if (text.Length > end.Length && text.EndsWith(end, StringComparison.OrdinalIgnoreCase))
                {
                    text = text[..^end.Length].TrimEnd(EdgePunctuation);
                    changed = true;
                }
            }

            foreach (var start in (string[])["sessions ", "session ", "events ", "on ", "happening ", "in ", "at ", "for ", "with "])
            {
                if (text.Length > start.Length && text.StartsWith(start, StringComparison.OrdinalIgnoreCase))
                {
                    text = text[start.Length..].TrimStart(EdgePunctuation);
                    changed = true;
                }
            }
        }

        return text;
    }

    /// <summary>
    /// "schedule idealab next Thursday 9:30 in Room 4B for 12 people": the schedule command's fields. A line that already
    /// has fields (";" or ":") is the grammar's own form and is left alone.
    /// </summary>
    private static string? Schedule(string line, string lower)
    {
        if (After(line, lower, "schedule a session for", "schedule a session of", "schedule a session", "schedule a new session for", "schedule a new", "schedule a",
                "schedule", "plan a session for", "plan a session", "new session for", "set up a session for", "create a session for", "book a session for") is not { Length: > 0 } rest
            || rest.Contains(';', StringComparison.Ordinal) || rest.Contains(": ", StringComparison.Ordinal) || rest.EndsWith(':'))
        {
            return null;
        }

        // "schedule a session next Tuesday 2pm": no network named, the router picks hers or asks which.
        var space = NaturalDateTime.StartsLikeADate(rest) ? 0 : rest.IndexOf(' ', StringComparison.Ordinal);
        if (space < 0)
        {
            return "schedule " + rest;
        }

        var handle = rest[..space];
        var remainder = rest[space..].TrimStart();
        if (handle.Equals("the", StringComparison.OrdinalIgnoreCase) || handle.Equals("an", StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        var fields = new StringBuilder();
        var title = TakeQuoted(ref remainder);
        if (TakeFor(ref remainder, out var capacity))
        {
            fields.Append("; capacity: ").Append(capacity);
        }

        if (TakeDuration(ref remainder) is { } duration)
        {
            fields.Append("; for: ").Append(duration);
        }

        var where = TakePlace(ref remainder);
        // "at" stays: "March 17 at 10" is read by NaturalDateTime as 10:00, "March 17 10" is not a time.
        var when = remainder.Trim(EdgePunctuation);
        if (when.StartsWith("on ", StringComparison.OrdinalIgnoreCase) || when.StartsWith("at ", StringComparison.OrdinalIgnoreCase))
        {
            when = when[3..];
        }

        return $"schedule {handle}{(title is null ? "" : ": " + title)}; when: {when}{(where is null ? "" : "; where: " + where)}{fields}";
    }

    private static string? TakeQuoted(ref string text)
    {
        var open = text.IndexOf('"', StringComparison.Ordinal);
        var close = open < 0 ? -1 : text.IndexOf('"', open + 1);
        if (close <= open)
        {
            return null;
        }

        var title = text[(open + 1)..close].Trim();
        var before = text[..open].TrimEnd();
        foreach (var word in (string[])[" called", " titled", " named"])
        {
            if (before.EndsWith(word, StringComparison.OrdinalIgnoreCase))
            {
                before = before[..^word.Length];
            }
        }

        text = (before + " " + text[(close + 1)..]).Trim();
        return title.Length == 0 ? null : title;
    }

    /// <summary>Takes "for 12 people" (capacity) out of the text; "for 90 min" stays for the duration.</summary>
    private static bool TakeFor(ref string text, out int capacity)
    {
        capacity = 0;
        var lower = text.ToLowerInvariant();
        var at = lower.LastIndexOf(" for ", StringComparison.Ordinal);
        var start = at < 0 ? (lower.StartsWith("for ", StringComparison.Ordinal) ? 0 : -1) : at + 1;
        if (start < 0)
        {
            return false;
        }

        var words = lower[(start + 4)..].Split(' ', 3, StringSplitOptions.RemoveEmptyEntries);
        if (words.Length >= 2 && int.TryParse(words[0], NumberStyles.None, CultureInfo.InvariantCulture, out var n)
            && IsOneOf(words[1].Trim(EdgePunctuation), "people", "persons", "participants", "places", "seats", "attendees", "spots", "max", "guests"))
        {
            capacity = n;
            var end = start + 4 + lower[(start + 4)..].IndexOf(words[1], StringComparison.Ordinal) + words[1].Length;
            text = (text[..start] + " " + text[end..]).Trim();
            return true;
        }

        return false;
    }

    /// <summary>Takes "for 90 min" or "for 2 hours" (the duration) out of the text.</summary>
    private static string? TakeDuration(ref string text)
    {
        var lower = text.ToLowerInvariant();
        var at = lower.IndexOf(" for ", StringComparison.Ordinal);
        while (at >= 0)
        {
            var words = lower[(at + 5)..].Split(' ', 3, StringSplitOptions.RemoveEmptyEntries);
            if (words.Length >= 2 && (char.IsDigit(words[0][0]) || words[0] is "an" or "a" or "one" or "two")
                && (words[1].StartsWith("min", StringComparison.Ordinal) || words[1].StartsWith("hour", StringComparison.Ordinal) || words[1] is "h" or "hr" or "hrs"))
            {
                var end = at + 5 + words[0].Length + 1 + words[1].Length;
                var duration = text[(at + 5)..end];
                text = (text[..at] + text[end..]).Trim();
                return duration;
            }

            at = lower.IndexOf(" for ", at + 1, StringComparison.Ordinal);
        }

        return null;
    }

    /// <summary>Takes "in Room 4B" (the place) out of the text: from " in " or " at " to the next field word.</summary>
    private static string? TakePlace(ref string text)
    {
        var lower = text.ToLowerInvariant();
        foreach (var word in (string[])[" in ", " at ", " @ "])
        {
            var at = lower.IndexOf(word, StringComparison.Ordinal);
            while (at >= 0)
            {
                var after = lower[(at + word.Length)..];

                // "at 9:30" is a time, "in 2 weeks" a date, "at 500 Main St" a street address.
                if (after.Length > 0 && (!char.IsDigit(after[0]) || StartsWithStreetNumber(after))
                    && !after.StartsWith("the afternoon", StringComparison.Ordinal) && !after.StartsWith("the morning", StringComparison.Ordinal))
                {
                    var end = after.IndexOf(" for ", StringComparison.Ordinal);
                    var next = after.IndexOf(" on ", StringComparison.Ordinal);
                    end = end < 0 ? next : next < 0 ? end : Math.Min(end, next);
                    var place = end < 0 ? text[(at + word.Length)..] : text[(at + word.Length)..(at + word.Length + end)];
                    text = (text[..at] + (end < 0 ? "" : text[(at + word.Length + end)..])).Trim();
                    return place.Trim(EdgePunctuation);
                }

                at = lower.IndexOf(word, at + 1, StringComparison.Ordinal);
            }
        }

        return null;
    }

    /// <summary>"500 main st": a number no time or date has (three digits or more) and then a name, not "930 am".</summary>
    private static bool StartsWithStreetNumber(string lower)
    {
        var digits = 0;
        while (digits < lower.Length && char.IsAsciiDigit(lower[digits]))
        {
            digits++;
        }

        var rest = lower[digits..];
        return digits is >= 3 and <= 6 && rest.Length > 1 && rest[0] == ' ' && char.IsAsciiLetter(rest[1])
            && !rest.StartsWith(" am", StringComparison.Ordinal) && !rest.StartsWith(" pm", StringComparison.Ordinal);
    }

    private static readonly string[] Yes =
    [
        "yes", "y", "yep", "yup", "yeah", "yea", "ya", "yah", "ye", "yas", "sure", "sure thing", "ok", "okay", "k", "kk", "okey", "okie", "oki",
        "count me in", "i'm in", "im in", "i am in", "in", "i'll be there", "ill be there", "i will be there", "will be there", "be there", "i'll come",
        "ill come", "i will come", "i can come", "i can make it", "i'll make it", "ill make it", "i will make it", "i can attend", "i'll attend",
        "i will attend", "attending", "going", "i'm going", "im going", "i am going", "i'm coming", "im coming", "i am coming", "coming",
        "see you there", "see you then", "see ya there", "sounds good", "sounds great", "sounds like a plan", "definitely", "absolutely",
        "of course", "for sure", "why not", "yes please", "yes i'll come", "yes i'm in", "yes i can", "yes i'll be there", "yes definitely",
        "accept", "accepted", "i accept", "book me", "book me in", "book me a place", "sign me up", "put me down", "put me down for it",
        "deal", "let's do it", "lets do it", "let's go", "lets go", "i'd love to", "id love to", "love to", "would love to", "happy to",
        "wouldn't miss it", "wouldnt miss it", "yes count me in", "yes sure", "sure why not", "go", "come", "attend", "i'm there", "im there",
        "i'll go", "ill go", "i will go", "i can go", "i want to go", "i'd like to go", "i'd like to come", "yes i will", "yes i can come",
        "absolutely yes", "yes of course", "of course yes", "can do", "will do", "i can", "i will", "reserve a spot", "reserve me a spot",
        "save me a seat", "save me a spot", "save me a place", "i can join", "i'll join", "ill join", "i will join", "yeah i'm in", "yeah sure",
        "yep count me in", "yes i'm coming", "in for it", "rsvp yes", "yes i'd love to", "sign me in", "i'm up for it", "im up for it", "i'm down",
        "im down", "i'm game", "im game", "agreed", "confirm", "confirmed", "i confirm", "going yes", "i'll attend it", "i'll be there for sure",
        "change my answer to yes", "can i change my answer to yes", "change my rsvp to yes", "change it to yes", "make it a yes", "switch to yes",
        "yess", "yeh", "yepp", "yupp", "cout me in", "coutn me in", "count mein", "conut me in", "cound me in", "i'm inn",
    ];

    private static readonly string[] No =
    [
        "no", "n", "nope", "nah", "no thanks", "no thank you", "no thx", "can't make it", "cant make it", "can not make it", "cannot make it",
        "i can't make it", "i cant make it", "i cannot make it", "can't come", "cant come", "i can't come", "i cant come", "i cannot come",
        "i can't", "i cant", "i cannot", "can't", "cant", "cannot", "not going", "i'm not going", "im not going", "i am not going", "not coming",
        "i'm not coming", "im not coming", "i am not coming", "i'll pass", "ill pass", "i will pass", "pass", "i'll skip", "ill skip",
        "skip", "skip it", "skip this one", "skipping", "i'll skip this one", "not this time", "not this one", "no can do", "decline", "declined",
        "i decline", "sorry no", "sorry can't", "sorry cant", "sorry i can't", "sorry i cant", "sorry i can't make it", "sorry can't make it",
        "count me out", "i'm out", "im out", "i am out", "won't make it", "wont make it", "i won't make it", "i wont make it", "i won't be there",
        "i wont be there", "won't be there", "wont be there", "unable to attend", "can't attend", "cant attend", "i can't attend", "i cant attend",
        "not available", "i'm not available", "im not available", "unavailable", "i'm busy", "im busy", "busy", "next time", "maybe next time",
        "rain check", "not for me", "cancel my rsvp", "cancel rsvp", "cancel my answer", "cancel my place", "cancel my spot", "cancel my seat",
        "withdraw", "i need to cancel", "i have to cancel", "i can't go", "i cant go", "can't go", "cant go", "not able to come", "not able to make it",
        "no sorry", "nope sorry", "no i can't", "no i cant", "no i'm out", "regretfully no", "sadly no", "unfortunately not", "unfortunately no",
        "unfortunately i can't", "unfortunately i can't make it", "i'm afraid not", "afraid not", "not really", "no way", "i'll sit this one out",
        "sit this one out", "i'll miss this one", "i'll miss it", "i will miss it", "i'm going to miss it", "i have a conflict", "i have a clash",
        "no i won't", "i won't", "i wont", "i will not", "won't", "wont", "i'm not", "im not", "not me", "remove my rsvp", "take me off the list",
        "un-rsvp", "unrsvp", "i'm not gonna make it", "im not gonna make it", "not gonna make it", "rsvp no", "i changed my mind", "changed my mind",
        "cancel my attendance", "cancel my registration", "i can't join", "can't join", "i cant join", "i'll pass this time", "pass this time",
        "i need to drop out", "i have to drop out", "drop out", "i'm unable to come", "i am unable to attend", "i'm unable to attend", "something came up",
        "i'd rather not", "id rather not", "rather not", "i'd better not", "better not", "probably not", "prob not", "probs not", "prolly not",
        "doubt it", "i doubt it", "doubtful", "i doubt that", "i doubt i can", "unlikely", "not likely",
        "change my answer to no", "can i change my answer to no", "change my rsvp to no", "change it to no", "make it a no", "switch to no",
        "can i cancel", "please cancel", "cancel please", "i want to cancel", "i'd like to cancel", "id like to cancel", "can i still cancel",
    ];

    private static readonly string[] Maybe =
    [
        "maybe", "not sure", "i'm not sure", "im not sure", "i am not sure", "not sure yet", "perhaps", "possibly", "might", "i might", "might come",
        "i might come", "i might make it", "tentative", "tentatively", "probably", "let me check", "i'll see", "ill see", "we'll see", "i don't know",
        "i dont know", "dunno", "idk", "depends", "maybe later", "tbd", "i'll let you know", "ill let you know", "let me think", "let me think about it",
        "maybe maybe not", "not sure if i can", "not sure i can make it", "i'll try", "ill try", "i will try", "i'll try to come", "hopefully",
        "unsure", "undecided", "don't know yet", "dont know yet", "i'll check my calendar", "need to check", "i need to check", "50/50",
        "i'll get back to you", "ill get back to you", "i'll think about it", "will let you know", "maybe yes", "kind of", "sort of",
        "check", "think about it", "see", "think", "get back to you", "know", "let you know", "check my calendar", "not sure yet sorry",
    ];

    private const int MaxAnswerLength = 80;

    /// <summary>A line that is one of the listed answers: "rsvp yes", "rsvp no", "" for a maybe; else null.</summary>
    private static string? ListedAnswer(string lower) =>
        IsOneOf(lower, Maybe) ? "" : IsOneOf(lower, Yes) ? "rsvp yes" : IsOneOf(lower, No) ? "rsvp no" : null;

    private static readonly HashSet<string> NoWords = new(StringComparer.Ordinal)
    {
        "no", "nope", "nah", "not", "can't", "cant", "cannot", "won't", "wont", "unable", "unfortunately", "sadly", "pass", "skip", "skipping", "decline",
        "miss", "missing", "busy", "unavailable", "conflict", "clash", "out", "don't", "dont", "couldn't", "couldnt", "afraid", "regret", "sick",
        "away", "holiday", "vacation", "travelling", "traveling", "isn't", "wouldn't", "n't", "doubt", "doubtful", "unlikely",
        "pto", "ooo", "another", "booked", "appointment", "commitment",
    };

    /// <summary>Words that lean one way without deciding: "probably not" is a no, "probably" alone stays a kind "no answer".</summary>
    private static readonly HashSet<string> LeaningWords = new(StringComparer.Ordinal) { "probably", "prob", "probs", "prolly", "likely" };

    private static readonly HashSet<string> YesWords = new(StringComparer.Ordinal)
    {
        "yes", "yeah", "yea", "yep", "yup", "ya", "sure", "ther", "ok", "okay", "in", "there", "come", "coming", "attend", "attending", "going", "join", "joining",
        "definitely", "absolutely", "course", "love", "happy", "glad", "forward", "count", "make", "free", "available", "go", "great", "good",
        "perfect", "fine", "works", "accept", "book", "reserve", "save", "down", "game",
    };

    private static readonly HashSet<string> MaybeWords = new(StringComparer.Ordinal)
    {
        "maybe", "might", "perhaps", "possibly", "unsure", "tentative", "tentatively", "hopefully", "try", "idk", "dunno", "undecided",
    };

    /// <summary>Words that may surround an answer without changing it; a line with any other word is not guessed at.</summary>
    private static readonly HashSet<string> AnswerWords = new(StringComparer.Ordinal)
    {
        "i", "i'm", "im", "i'll", "ill", "i'd", "id", "i've", "ive", "me", "my", "we", "we'll", "it", "it's", "this", "that", "one", "time", "the", "a",
        "to", "be", "am", "is", "are", "will", "would", "could", "can", "so", "just", "really", "very", "too", "also", "but", "and", "though", "after",
        "all", "again", "then", "now", "today", "tonight", "tomorrow", "sorry", "thanks", "thank", "you", "for", "asking", "invite", "invitation",
        "here", "see", "meet", "made", "have", "has", "had", "got", "do", "need", "sure", "of", "yet", "let", "know", "think", "check", "something",
        "came", "up", "oh", "hey", "hi", "well", "actually", "wait", "hmm", "changed", "mind", "next", "session", "event", "meeting", "anymore",
        "gonna", "want", "wanna", "like", "lol", "family", "work", "off", "office", "town", "on", "at", "day", "week", "cool", "able", "looking", "sounds", "please",
        "definitely", "totally", "certainly", "alright", "all right", "def", "bit", "little", "late", "early", "plans", "other", "what", "else",
        "more", "with", "about", "pretty", "much", "thing", "then", "ugh", "feeling", "rather", "unwell", "guess", "suppose", "still", "attend", "should", "count", "in", "at", "around", "tbh", "honestly", "leave",
        "cancelled", "canceled", "meeting's", "got", "schedule", "calendar", "cleared", "freed", "opened", "double",
    };

    /// <summary>
    /// A short reply made only of answer words ("yeah I'll come", "I won't be able to make it", "might make it"):
    /// "maybe" words win, then "no" words, then a lean ("probably" alone is no answer yet), then "yes" words. Anything
    /// with another word is left alone.
    /// </summary>
    private static string? AnswerByWords(string lower)
    {
        if (lower.Contains("can't wait", StringComparison.Ordinal) || lower.Contains("cant wait", StringComparison.Ordinal)
            || lower.Contains("wouldn't miss", StringComparison.Ordinal) || lower.Contains("looking forward", StringComparison.Ordinal))
        {
            return "rsvp yes";
        }

        // "on leave" is away; "leave" alone is a word of the leave command, and no answer. "In" is a yes ("I'm in") but not
        // where it says where the person is ("I'm in a meeting then", "in the office").
        var padded = " " + lower + " ";
        var inAPlace = false;
        foreach (var place in (string[])[" in a ", " in an ", " in the ", " in my ", " in our ", " in court ", " in training ", " in class ", " in meetings "])
        {
            inAPlace |= padded.Contains(place, StringComparison.Ordinal);
        }

        bool yes = false, no = lower.Contains("on leave", StringComparison.Ordinal), leaning = false, maybe = lower.Contains("not sure", StringComparison.Ordinal) || lower.Contains("don't know", StringComparison.Ordinal)
            || lower.Contains("let you know", StringComparison.Ordinal);
        var words = 0;
        foreach (var range in lower.AsSpan().Split(' '))
        {
            var word = lower[range].Trim(EdgePunctuation);
            if (word.Length == 0)
            {
                continue;
            }

            if (++words > 12)
            {
                return null;
            }

            var known = false;
            if (MaybeWords.Contains(word))
            {
                (maybe, known) = (true, true);
            }

            if (LeaningWords.Contains(word))
            {
                (leaning, known) = (true, true);
            }

            if (NoWords.Contains(word) || word.EndsWith("n't", StringComparison.Ordinal))
            {
                (no, known) = (true, true);
            }

            if (YesWords.Contains(word) && !(inAPlace && word == "in"))
            {
                (yes, known) = (true, true);
            }

            if (!known && !AnswerWords.Contains(word))
            {
                return null;
            }
        }

        return maybe ? "" : no ? "rsvp no" : leaning ? "" : yes ? "rsvp yes" : null;
    }

    /// <summary>Yes, no, or "maybe" (""), also as a change of mind ("actually I can come") or with a session ("count me in for idealab").</summary>
    private static string? Answer(string line, string lower, int depth = 0)
    {
        // Answers are short; a lead or tail is peeled at most a few times, so the work stays small on any line.
        if (lower.Length > MaxAnswerLength || depth > 3)
        {
            return null;
        }

        if (line.Contains(',', StringComparison.Ordinal) || line.Contains(':', StringComparison.Ordinal))
        {
            // "sorry, I can't make it", "actually, I can come", "update: I can come": commas and colons carry no meaning in an answer.
            line = line.Replace(",", "", StringComparison.Ordinal).Replace(":", "", StringComparison.Ordinal);
            lower = line.ToLowerInvariant();
        }

        foreach (var tail in (string[])[" yes", " no", " sorry", " after all", " unfortunately", " though", " then", " today", " this time", " again", " now"])
        {
            // "count me in 👍" (read as "count me in yes"), "can't make it sorry", "I can come after all".
            if (lower.Length > tail.Length && lower.EndsWith(tail, StringComparison.Ordinal)
                && Answer(line[..^tail.Length].TrimEnd(EdgePunctuation), lower[..^tail.Length].TrimEnd(EdgePunctuation), depth + 1) is { Length: > 0 } answer
                && (tail != " yes" || answer.StartsWith("rsvp yes", StringComparison.Ordinal))
                && (tail != " no" || answer.StartsWith("rsvp no", StringComparison.Ordinal)))
            {
                return answer;
            }
        }

        foreach (var lead in (string[])["actually ", "on second thought ", "on second thoughts ", "wait ", "oh ", "sorry ", "change of plans ", "change of plan ",
                     "update ", "hmm ", "hm ", "well ", "ok ", "okay ", "turns out ", "good news ", "bad news ", "so ", "i changed my mind ", "changed my mind "])
        {
            if (lower.Length > lead.Length && lower.StartsWith(lead, StringComparison.Ordinal))
            {
                var rest = line[lead.Length..].Trim(EdgePunctuation);
                if (Answer(rest, rest.ToLowerInvariant(), depth + 1) is { } again)
                {
                    return again;
                }
            }
        }

        if (ListedAnswer(lower) is { } listed)
        {
            return listed;
        }

        if (AnswerByWords(lower) is { } guessed)
        {
            return guessed;
        }

        // "count me in for idealab", "can't make it to idealab-3", "yes to idealab".
        foreach (var connector in (string[])[" for ", " to ", " on ", " at "])
        {
            var at = lower.IndexOf(connector, StringComparison.Ordinal);
            if (at > 0)
            {
                var head = lower[..at];
                var session = Target(line[(at + connector.Length)..]);
                if (session.Length > 0 && !session.Contains(' ', StringComparison.Ordinal))
                {
                    if (IsOneOf(head, Yes) || IsOneOf(head, "going", "i'm going", "im going", "coming", "i'm coming", "i'll come", "say yes", "rsvp", "i'll go"))
                    {
                        return "rsvp yes " + session;
                    }

                    if (IsOneOf(head, No) || IsOneOf(head, "say no", "not going", "not coming"))
                    {
                        return "rsvp no " + session;
                    }
                }
            }
        }

        return null;
    }
}
