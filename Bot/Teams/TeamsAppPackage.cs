namespace CoPBot.Bot.Teams;

/// <summary>Builds the Teams app package (manifest and icons) for sideloading.</summary>
internal static class TeamsAppPackage
{
    /// <summary>Runs <c>teams-package</c> when it is the first argument; null otherwise (the web host starts).</summary>
    public static int? TryRunCommand(string[] args) => args.Length > 0 && args[0] == "teams-package" ? 2 : null;
}
