using System.Text.Json.Nodes;
using CoPBot.Bot.Conversation;

namespace CoPBot.Bot.Slack;

/// <summary>
/// The usage hint Slack shows under the <c>/cop</c> slash command, derived from the route table: "help" and the
/// everyday commands of the short help. <c>manifests</c> writes it into manifest/slack/manifest.json, and a test fails
/// when the committed file differs.
/// </summary>
internal static class SlackUsageHint
{
    public static string Text { get; } =
        string.Join(" | ", CommandGrammar.Commands.Where(c => c.Name == "help" || c.Shown.HasFlag(Shown.ShortHelp)).Select(c => c.Words[0]));

    /// <summary>Puts the derived hint on every slash command of a Slack app manifest.</summary>
    public static void Apply(JsonNode manifest)
    {
        ArgumentNullException.ThrowIfNull(manifest);
        foreach (var command in manifest["features"]!["slash_commands"]!.AsArray())
        {
            command!["usage_hint"] = Text;
        }
    }
}
