namespace CoPBot.Bot.Teams;

/// <summary>
/// The command words the Teams manifest advertises in its command lists. The command grammar is the truth: this list
/// is meant to be pointed at it (a test checks every manifest command title is one of these).
/// </summary>
public static class TeamsCommands
{
    public static IReadOnlyList<string> All { get; } =
    [
        "help", "networks", "join", "leave", "pause", "sessions", "who", "rsvp", "my sessions", "settings", "invite",
        "my data", "forget me",
        "new network", "schedule", "announce", "cancel", "reschedule", "stats",
    ];
}
