using System.Text.Json.Nodes;
using CoPBot.Bot.Conversation;

namespace CoPBot.Bot.Teams;

/// <summary>
/// The Teams manifest's command lists (<c>bots[0].commandLists</c>), derived from the route table: a command is in a
/// scope's list when its route says so, with its first word as the title. <c>manifests</c> writes them into
/// manifest/teams/manifest.json, and a test fails when the committed file differs.
/// </summary>
internal static class TeamsCommands
{
    /// <summary>Teams shows at most this many commands per list.</summary>
    public const int MaxPerList = 10;

    private static readonly (Shown List, string Scope)[] Scopes =
        [(Shown.TeamsPersonal, "personal"), (Shown.TeamsTeam, "team"), (Shown.TeamsGroupChat, "groupChat")];

    public static JsonArray CommandLists() =>
    [
        .. Scopes.Select(scope => new JsonObject
        {
            ["scopes"] = new JsonArray(scope.Scope),
            ["commands"] = new JsonArray([.. In(scope.List).Select(c => new JsonObject { ["title"] = c.Words[0], ["description"] = Description(c) })]),
        }),
    ];

    /// <summary>The commands of one list, in the route table's order.</summary>
    public static IReadOnlyList<CommandSpec> In(Shown list) => CommandGrammar.Commands.Where(c => c.Shown.HasFlag(list)).ToList();

    /// <summary>Puts the derived command lists into a Teams manifest.</summary>
    public static void Apply(JsonNode manifest)
    {
        ArgumentNullException.ThrowIfNull(manifest);
        manifest["bots"]![0]!["commandLists"] = CommandLists();
    }

    /// <summary>Teams allows this many characters in a command's description.</summary>
    public const int MaxDescription = 128;

    /// <summary>"join &lt;network&gt;: Join a network", or the description alone where the usage would not fit.</summary>
    private static string Description(CommandSpec command)
    {
        var description = command.OrganizerOnly ? command.Description + " (organizers)" : command.Description;
        var withUsage = $"{command.Usage}: {description}";
        return command.Usage != command.Words[0] && withUsage.Length <= MaxDescription ? withUsage : description;
    }
}
