namespace CoPBot.Bot.Teams;

/// <summary>
/// The command words the Teams manifest advertises in its command lists. They come from the command grammar, so the
/// manifest cannot advertise a command the bot does not understand (a test checks every title against this list).
/// </summary>
public static class TeamsCommands
{
    public static IReadOnlyList<string> All { get; } =
        CoPBot.Bot.Conversation.CommandGrammar.Commands.Select(c => c.Words[0]).Distinct().ToList();

    /// <summary>
    /// The commands the manifest must offer somewhere. Teams allows ten per list, so the rarer ones (resume, open,
    /// add organizer…) are left to "help".
    /// </summary>
    public static IReadOnlyList<string> Advertised { get; } =
    [
        "help", "networks", "join", "leave", "pause", "sessions", "who", "rsvp", "my sessions", "settings", "invite",
        "my data", "forget me", "new network", "schedule", "announce", "cancel", "reschedule", "stats",
    ];
}
