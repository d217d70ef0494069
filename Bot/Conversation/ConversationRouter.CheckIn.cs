using CoPBot.Services.App;

namespace CoPBot.Bot.Conversation;

/// <summary>Check-in at the room: "here 4821", "here idealab 4821" (rule 13). One message, one line back.</summary>
internal sealed partial class ConversationRouter
{
    /// <summary>What the person reads when the code is missing: the room screen shows it.</summary>
    internal const string CheckInHowTo = "To check in, type the 4-digit code on the room screen, like \"here 4821\".";

    /// <summary>Words around the session and the code that carry nothing: "here at idealab, code 4821".</summary>
    private static readonly string[] CheckInFillers = ["at", "for", "to", "in", "the", "code", "is", "session", "with", "room", "-", ":"];

    private async Task<ChatReply> CheckInAsync(Actor actor, string args, CancellationToken cancellationToken)
    {
        var (session, code) = SplitCheckIn(args);
        if (code is null)
        {
            return new ChatReply { Text = CheckInHowTo, Private = true };
        }

        var result = await checkIns.CheckInAsync(actor, session, code, cancellationToken);
        var name = result.Session.NetworkName.Length > 0 ? result.Session.NetworkName : result.Session.Title;
        return Done(result.AlreadyCheckedIn ? $"You're already checked in to {name}. Welcome!" : $"Welcome to {name}! You're checked in.");
    }

    /// <summary>The code is the last word (four digits); what comes before it, less filler words, names the session.</summary>
    internal static (string? Session, string? Code) SplitCheckIn(string args)
    {
        var words = args.Split([' ', ','], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToList();
        if (words.Count == 0 || !CheckInCodes.IsWellFormed(words[^1].Trim('"', '#', '.')))
        {
            return (null, null);
        }

        var code = words[^1].Trim('"', '#', '.');
        var session = words[..^1].Where(w => !CheckInFillers.Contains(w, StringComparer.OrdinalIgnoreCase)).ToList();
        return (session.Count == 0 ? null : string.Join(' ', session), code);
    }
}
