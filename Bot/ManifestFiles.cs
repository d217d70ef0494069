using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using CoPBot.Bot.Slack;
using CoPBot.Bot.Teams;

namespace CoPBot.Bot;

/// <summary>
/// <c>manifests [--root &lt;repository&gt;]</c> (the root defaults to the folder holding CoPBot.sln): writes what the route table says the bot can do into the committed app
/// manifests (the Teams command lists, the Slack slash command's usage hint), leaving the rest of each file as it is.
/// </summary>
internal static class ManifestFiles
{
    public const string TeamsPath = "manifest/teams/manifest.json";
    public const string SlackPath = "manifest/slack/manifest.json";

    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>Runs <c>manifests</c> when it is the first argument; null otherwise.</summary>
    public static int? TryRunCommand(string[] args)
    {
        if (args is not ["manifests", ..])
        {
            return null;
        }

        var root = args is [_, "--root", var folder, ..] ? folder : RepositoryRoot();
        try
        {
            Rewrite(Path.Combine(root, TeamsPath), TeamsCommands.Apply);
            Rewrite(Path.Combine(root, SlackPath), SlackUsageHint.Apply);
            return 0;
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException or JsonException)
        {
            Console.Error.WriteLine(exception.Message);
            Console.Error.WriteLine("usage: manifests [--root <repository folder>]");
            return 1;
        }
    }

    /// <summary>The nearest folder holding the solution, from where the command runs (<c>dotnet run</c> starts in Bot/).</summary>
    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(Environment.CurrentDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "CoPBot.sln")))
            {
                return dir.FullName;
            }
        }

        return Environment.CurrentDirectory;
    }

    private static void Rewrite(string path, Action<JsonNode> apply)
    {
        var manifest = JsonNode.Parse(File.ReadAllText(path)) ?? throw new JsonException($"{path} is empty.");
        apply(manifest);
        var text = manifest.ToJsonString(Indented) + "\n";
        var changed = text != File.ReadAllText(path);
        File.WriteAllText(path, text);
        Console.WriteLine(changed ? $"Updated {path}" : $"{path} is up to date");
    }
}
