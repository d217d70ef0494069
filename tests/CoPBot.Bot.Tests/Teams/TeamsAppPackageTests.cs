using System.Buffers.Binary;
using System.IO.Compression;
using System.Text.Json;
using System.Text.Json.Nodes;
using CoPBot.Bot.Conversation;
using CoPBot.Bot.Slack;
using CoPBot.Bot.Teams;
using CoPBot.Testing;
using Json.Schema;

namespace CoPBot.Bot.Tests.Teams;

public sealed class TeamsAppPackageTests
{
    private const string BotId = "3f2504e0-4f89-11d3-9a0c-0305e82c3301";

    private static readonly Lazy<JsonSchema> ManifestSchema = new(() =>
    {
        // The schema declares draft-04, which JsonSchema.Net 8 does not ship; it has no draft-04-only keywords, so
        // reading it as draft-07 is exact (see the reference README).
        var schema = JsonNode.Parse(File.ReadAllText(ReferenceFiles.PathOf("teams/MicrosoftTeams.v1.22.schema.json")))!.AsObject();
        schema["$schema"] = "http://json-schema.org/draft-07/schema#";
        return JsonSchema.FromText(schema.ToJsonString());
    });

    [Fact]
    public void Manifest_InTheRepository_ValidatesAgainstTheV122Schema()
    {
        AssertValid(JsonNode.Parse(File.ReadAllText(RepoFile("manifest/teams/manifest.json")))!);
    }

    [Fact]
    public void ManifestSchema_NonGuidBotId_IsRejected()
    {
        var manifest = JsonNode.Parse(File.ReadAllText(RepoFile("manifest/teams/manifest.json")))!;
        manifest["bots"]![0]!["botId"] = "not-a-guid";

        Assert.False(Evaluate(manifest).IsValid);
    }

    [Fact]
    public void Manifest_Bot_HasPersonalTeamAndGroupChatScopes()
    {
        var manifest = JsonNode.Parse(File.ReadAllText(RepoFile("manifest/teams/manifest.json")))!;

        var scopes = manifest["bots"]![0]!["scopes"]!.AsArray().Select(s => (string)s!).ToHashSet();

        Assert.Equal(new HashSet<string> { "personal", "team", "groupChat" }, scopes);
    }

    /// <summary>The committed command lists are the ones the route table derives; "manifests" rewrites them.</summary>
    [Fact]
    public void Manifest_CommandLists_AreTheOnesTheRouteTableDerives()
    {
        var manifest = JsonNode.Parse(File.ReadAllText(RepoFile("manifest/teams/manifest.json")))!;

        var committed = manifest["bots"]![0]!["commandLists"]!;

        Assert.True(JsonNode.DeepEquals(TeamsCommands.CommandLists(), committed),
            "manifest/teams/manifest.json is behind the route table: run `dotnet run --project Bot -- manifests`.\n" + TeamsCommands.CommandLists().ToJsonString());
    }

    [Fact]
    public void CommandLists_EachScope_HasAtMostTenCommandsThatParseToThemselves()
    {
        foreach (var list in (Shown[])[Shown.TeamsPersonal, Shown.TeamsTeam, Shown.TeamsGroupChat])
        {
            var commands = TeamsCommands.In(list);
            Assert.InRange(commands.Count, 2, TeamsCommands.MaxPerList);
            Assert.Contains(commands, c => c.Name == "help");
            Assert.Equal(commands.Count, commands.Select(c => c.Words[0]).Distinct().Count());
            Assert.All(commands, c => Assert.Equal(c.Name, CommandGrammar.Parse(c.Words[0] + (c.Name == "invite" ? " Sam to idealab" : ""), out _)?.Spec.Name));
        }

        var descriptions = TeamsCommands.CommandLists().SelectMany(l => l!["commands"]!.AsArray()).Select(c => (string)c!["description"]!).ToList();
        Assert.All(descriptions, d => Assert.InRange(d.Length, 1, TeamsCommands.MaxDescription));
        Assert.Contains("join <network> [announcements only]: Join a network (invitations, or announcements only)", descriptions);
    }

    [Fact]
    public void TryRunCommand_Manifests_WritesTheDerivedListsAndHintIntoTheFiles()
    {
        var root = Directory.CreateTempSubdirectory("copbot-manifests").FullName;
        try
        {
            foreach (var path in (string[])[ManifestFiles.TeamsPath, ManifestFiles.SlackPath])
            {
                var manifest = JsonNode.Parse(File.ReadAllText(RepoFile(path)))!;
                manifest["bots"]?[0]!["commandLists"] = new JsonArray();
                manifest["features"]?["slash_commands"]![0]!["usage_hint"] = "stale";
                Directory.CreateDirectory(Path.GetDirectoryName(Path.Combine(root, path))!);
                File.WriteAllText(Path.Combine(root, path), manifest.ToJsonString());
            }

            Assert.Equal(0, ManifestFiles.TryRunCommand(["manifests", "--root", root]));

            var teams = JsonNode.Parse(File.ReadAllText(Path.Combine(root, ManifestFiles.TeamsPath)))!;
            Assert.True(JsonNode.DeepEquals(TeamsCommands.CommandLists(), teams["bots"]![0]!["commandLists"]));
            AssertValid(teams);
            var slack = JsonNode.Parse(File.ReadAllText(Path.Combine(root, ManifestFiles.SlackPath)))!;
            Assert.Equal(SlackUsageHint.Text, (string?)slack["features"]!["slash_commands"]![0]!["usage_hint"]);
            Assert.Contains("join <network> [announcements only]", File.ReadAllText(Path.Combine(root, ManifestFiles.TeamsPath)), StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    [Fact]
    public void TryRunCommand_ManifestsWithoutFiles_FailsWithUsage()
    {
        var root = Directory.CreateTempSubdirectory("copbot-manifests").FullName;
        try
        {
            Assert.Equal(1, ManifestFiles.TryRunCommand(["manifests", "--root", root]));
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    [Theory]
    [InlineData("color.png", TeamsAppPackage.ColorIconSize)]
    [InlineData("outline.png", TeamsAppPackage.OutlineIconSize)]
    public void Icons_InTheRepository_HaveTheSizesTeamsRequires(string name, int size)
    {
        var (width, height, _) = ReadPng(File.ReadAllBytes(RepoFile("manifest/teams/" + name)));

        Assert.Equal(size, width);
        Assert.Equal(size, height);
    }

    [Fact]
    public void OutlineIcon_IsWhiteOnTransparent()
    {
        var (_, _, pixels) = ReadPng(TeamsAppPackage.DrawOutlineIcon());

        var opaque = 0;
        for (var i = 0; i < pixels.Length; i += 4)
        {
            if (pixels[i + 3] != 0)
            {
                opaque++;
                Assert.Equal([255, 255, 255], pixels[i..(i + 3)]);
            }
        }

        Assert.InRange(opaque, 1, (pixels.Length / 4) - 1);
    }

    [Fact]
    public void DrawIcons_SameCode_GivesThePixelsCommittedInTheRepository()
    {
        Assert.Equal(ReadPng(TeamsAppPackage.DrawColorIcon()).Pixels, ReadPng(File.ReadAllBytes(RepoFile("manifest/teams/color.png"))).Pixels);
        Assert.Equal(ReadPng(TeamsAppPackage.DrawOutlineIcon()).Pixels, ReadPng(File.ReadAllBytes(RepoFile("manifest/teams/outline.png"))).Pixels);
    }

    [Fact]
    public void Build_BotId_WritesTheThreeFilesWithTheIdsReplaced()
    {
        using var zipStream = new MemoryStream();

        TeamsAppPackage.Build(BotId, zipStream, domain: "copbot.example.org");

        zipStream.Position = 0;
        using var zip = new ZipArchive(zipStream, ZipArchiveMode.Read);
        Assert.Equal(new[] { "color.png", "manifest.json", "outline.png" }, zip.Entries.Select(e => e.FullName).Order());
        using var reader = new StreamReader(zip.GetEntry("manifest.json")!.Open());
        var text = reader.ReadToEnd();
        Assert.DoesNotContain(TeamsAppPackage.BotIdPlaceholder, text, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(TeamsAppPackage.AppIdPlaceholder, text, StringComparison.OrdinalIgnoreCase);
        var manifest = JsonNode.Parse(text)!;
        Assert.Equal(BotId, (string?)manifest["id"]);
        Assert.Equal(BotId, (string?)manifest["bots"]![0]!["botId"]);
        Assert.Contains("copbot.example.org", manifest["validDomains"]!.AsArray().Select(d => (string?)d));
        AssertValid(manifest);
        using var icon = zip.GetEntry("outline.png")!.Open();
        using var copy = new MemoryStream();
        icon.CopyTo(copy);
        Assert.Equal(TeamsAppPackage.OutlineIconSize, ReadPng(copy.ToArray()).Width);
    }

    [Fact]
    public void Build_SeparateAppId_UsesItForTheApp()
    {
        using var zipStream = new MemoryStream();
        const string appId = "9a8b7c6d-0000-4000-8000-000000000001";

        TeamsAppPackage.Build(BotId, zipStream, appId);

        zipStream.Position = 0;
        using var zip = new ZipArchive(zipStream, ZipArchiveMode.Read);
        var manifest = JsonNode.Parse(zip.GetEntry("manifest.json")!.Open())!;
        Assert.Equal(appId, (string?)manifest["id"]);
        Assert.Equal(BotId, (string?)manifest["bots"]![0]!["botId"]);
    }

    [Fact]
    public void Build_BotIdNotAGuid_Throws()
    {
        using var zipStream = new MemoryStream();

        Assert.Throws<ArgumentException>(() => TeamsAppPackage.Build("my-bot", zipStream));
    }

    [Fact]
    public void TryRunCommand_OtherArguments_LetsTheWebHostStart()
    {
        Assert.Null(TeamsAppPackage.TryRunCommand([]));
        Assert.Null(TeamsAppPackage.TryRunCommand(["--urls", "http://localhost:5000"]));
    }

    [Fact]
    public void TryRunCommand_TeamsPackageWithoutBotId_FailsWithUsage()
    {
        Assert.Equal(2, TeamsAppPackage.TryRunCommand(["teams-package", "--out", "x.zip"]));
    }

    private static string RepoFile(string relative)
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "CoPBot.sln")))
            {
                return Path.Combine(dir.FullName, relative);
            }
        }

        throw new InvalidOperationException("Repository root not found.");
    }

    /// <summary>Reads width and height from IHDR and inflates the (unfiltered) RGBA rows.</summary>
    private static (int Width, int Height, byte[] Pixels) ReadPng(byte[] png)
    {
        Assert.Equal(new byte[] { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A }, png[..8]);
        Assert.Equal("IHDR", System.Text.Encoding.ASCII.GetString(png, 12, 4));
        var width = BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(16));
        var height = BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(20));
        Assert.Equal(8, png[24]);
        Assert.Equal(6, png[25]);
        using var idat = new MemoryStream();
        for (var offset = 8; offset < png.Length;)
        {
            var length = BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(offset));
            var type = System.Text.Encoding.ASCII.GetString(png, offset + 4, 4);
            if (type == "IDAT")
            {
                idat.Write(png, offset + 8, length);
            }

            offset += 12 + length;
        }

        idat.Position = 0;
        using var zlib = new ZLibStream(idat, CompressionMode.Decompress);
        using var raw = new MemoryStream();
        zlib.CopyTo(raw);
        var rows = raw.ToArray();
        var pixels = new byte[width * height * 4];
        for (var y = 0; y < height; y++)
        {
            Assert.Equal(0, rows[y * ((width * 4) + 1)]);
            Array.Copy(rows, (y * ((width * 4) + 1)) + 1, pixels, y * width * 4, width * 4);
        }

        return (width, height, pixels);
    }

    private static EvaluationResults Evaluate(JsonNode manifest) =>
        ManifestSchema.Value.Evaluate(JsonDocument.Parse(manifest.ToJsonString()).RootElement, new EvaluationOptions { OutputFormat = OutputFormat.List });

    private static void AssertValid(JsonNode manifest)
    {
        var result = Evaluate(manifest);
        Assert.True(result.IsValid, string.Join("; ", (result.Details ?? []).Where(d => d.Errors is not null).SelectMany(d => d.Errors!.Select(e => $"{d.InstanceLocation}: {e.Value}")).Take(10)));
    }
}
