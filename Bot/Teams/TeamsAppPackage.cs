using System.Buffers.Binary;
using System.IO.Compression;
using System.Reflection;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace CoPBot.Bot.Teams;

/// <summary>
/// Builds the Teams app package (manifest.json with the ids filled in, color.png, outline.png) for sideloading,
/// and draws the two icons. The manifest and icons in manifest/teams are embedded in the assembly.
/// </summary>
internal static class TeamsAppPackage
{
    /// <summary>The GUIDs in manifest/teams/manifest.json that stand for the real ids (GUIDs, so the file validates).</summary>
    public const string AppIdPlaceholder = "a0000000-0000-4000-8000-00000000a999";
    public const string BotIdPlaceholder = "b0000000-0000-4000-8000-00000000b999";

    public const int ColorIconSize = 192;
    public const int OutlineIconSize = 32;

    private const string Usage = "usage: teams-package --bot-id <guid> [--app-id <guid>] [--domain <host>] [--out copbot-teams.zip]\n"
        + "       teams-icons [--out <folder>]";

    /// <summary>Runs <c>teams-package</c> or <c>teams-icons</c> when it is the first argument; null otherwise (the web host starts).</summary>
    public static int? TryRunCommand(string[] args)
    {
        if (args.Length == 0 || (args[0] != "teams-package" && args[0] != "teams-icons"))
        {
            return null;
        }

        var options = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 1; i + 1 < args.Length; i += 2)
        {
            options[args[i]] = args[i + 1];
        }

        try
        {
            if (args[0] == "teams-icons")
            {
                var folder = options.GetValueOrDefault("--out", Path.Combine("manifest", "teams"));
                File.WriteAllBytes(Path.Combine(folder, "color.png"), DrawColorIcon());
                File.WriteAllBytes(Path.Combine(folder, "outline.png"), DrawOutlineIcon());
                Console.WriteLine($"Wrote color.png and outline.png to {folder}");
                return 0;
            }

            if (!options.TryGetValue("--bot-id", out var botId) || !Guid.TryParse(botId, out _))
            {
                Console.Error.WriteLine("--bot-id must be the bot's Microsoft App ID (a GUID).");
                Console.Error.WriteLine(Usage);
                return 2;
            }

            var output = options.GetValueOrDefault("--out", "copbot-teams.zip");
            using (var file = File.Create(output))
            {
                Build(botId, file, options.GetValueOrDefault("--app-id"), options.GetValueOrDefault("--domain"));
            }

            Console.WriteLine($"Wrote {output}: upload it in Teams under Apps > Manage your apps > Upload an app.");
            return 0;
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException or ArgumentException)
        {
            Console.Error.WriteLine(exception.Message);
            return 1;
        }
    }

    /// <summary>Writes the sideloading zip: the manifest with the ids filled in, and the two icons.</summary>
    /// <param name="appId">The Teams app id; defaults to the bot id, which is common for single-bot apps.</param>
    /// <param name="domain">The bot's public host name, added to validDomains.</param>
    public static void Build(string botId, Stream output, string? appId = null, string? domain = null)
    {
        if (!Guid.TryParse(botId, out var bot))
        {
            throw new ArgumentException("The bot id must be a GUID.", nameof(botId));
        }

        var app = bot;
        if (appId is not null && !Guid.TryParse(appId, out app))
        {
            throw new ArgumentException("The app id must be a GUID.", nameof(appId));
        }

        var manifest = JsonNode.Parse(ReadResource("manifest.json"))!.AsObject();
        manifest["id"] = app.ToString("D");
        foreach (var entry in manifest["bots"]!.AsArray())
        {
            entry!["botId"] = bot.ToString("D");
        }

        if (!string.IsNullOrWhiteSpace(domain))
        {
            manifest["validDomains"]!.AsArray().Add(domain.Trim());
        }

        using var zip = new ZipArchive(output, ZipArchiveMode.Create, leaveOpen: true);
        Write(zip, "manifest.json", Encoding.UTF8.GetBytes(manifest.ToJsonString(new JsonSerializerOptions { WriteIndented = true })));
        Write(zip, "color.png", ReadResource("color.png"));
        Write(zip, "outline.png", ReadResource("outline.png"));
    }

    /// <summary>192×192, full colour: three people (circles) around a table, white on the accent colour.</summary>
    public static byte[] DrawColorIcon()
    {
        const int size = ColorIconSize;
        var background = (R: (byte)0x2E, G: (byte)0x6E, B: (byte)0x65);
        var pixels = new byte[size * size * 4];
        for (var y = 0; y < size; y++)
        {
            for (var x = 0; x < size; x++)
            {
                var inside = Logo(x + 0.5, y + 0.5, size);
                var i = ((y * size) + x) * 4;
                pixels[i] = inside ? (byte)255 : background.R;
                pixels[i + 1] = inside ? (byte)255 : background.G;
                pixels[i + 2] = inside ? (byte)255 : background.B;
                pixels[i + 3] = 255;
            }
        }

        return Png.Encode(size, size, pixels);
    }

    /// <summary>32×32 outline: the same shapes, white on transparent, as Teams requires.</summary>
    public static byte[] DrawOutlineIcon()
    {
        const int size = OutlineIconSize;
        var pixels = new byte[size * size * 4];
        for (var y = 0; y < size; y++)
        {
            for (var x = 0; x < size; x++)
            {
                if (Logo(x + 0.5, y + 0.5, size))
                {
                    var i = ((y * size) + x) * 4;
                    pixels[i] = pixels[i + 1] = pixels[i + 2] = pixels[i + 3] = 255;
                }
            }
        }

        return Png.Encode(size, size, pixels);
    }

    /// <summary>Three heads on a ring around a round table, in unit coordinates scaled to the icon.</summary>
    private static bool Logo(double px, double py, int size)
    {
        var x = px / size;
        var y = py / size;
        var table = Distance(x, y, 0.5, 0.56);
        if (table is > 0.14 and < 0.21)
        {
            return true;
        }

        for (var k = 0; k < 3; k++)
        {
            var angle = (-Math.PI / 2) + (k * 2 * Math.PI / 3);
            var hx = 0.5 + (0.33 * Math.Cos(angle));
            var hy = 0.56 + (0.33 * Math.Sin(angle));
            if (Distance(x, y, hx, hy) < 0.1)
            {
                return true;
            }
        }

        return false;
    }

    private static double Distance(double x1, double y1, double x2, double y2) => Math.Sqrt(((x1 - x2) * (x1 - x2)) + ((y1 - y2) * (y1 - y2)));

    private static void Write(ZipArchive zip, string name, byte[] content)
    {
        var entry = zip.CreateEntry(name, CompressionLevel.Optimal);
        using var stream = entry.Open();
        stream.Write(content);
    }

    private static byte[] ReadResource(string name)
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream("CoPBot.Teams.Manifest." + name)
            ?? throw new InvalidOperationException($"The Teams manifest file {name} is not embedded.");
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }

    /// <summary>A minimal PNG writer: 8-bit RGBA, no filtering, one IDAT chunk, CRC-32 per the PNG spec.</summary>
    internal static class Png
    {
        private static readonly uint[] CrcTable = BuildCrcTable();

        public static byte[] Encode(int width, int height, byte[] rgba)
        {
            using var output = new MemoryStream();
            output.Write([0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A]);

            var header = new byte[13];
            BinaryPrimitives.WriteInt32BigEndian(header.AsSpan(0), width);
            BinaryPrimitives.WriteInt32BigEndian(header.AsSpan(4), height);
            header[8] = 8; // bit depth
            header[9] = 6; // colour type RGBA
            WriteChunk(output, "IHDR", header);

            using var compressed = new MemoryStream();
            using (var zlib = new ZLibStream(compressed, CompressionLevel.SmallestSize, leaveOpen: true))
            {
                for (var y = 0; y < height; y++)
                {
                    zlib.WriteByte(0); // filter: none
                    zlib.Write(rgba, y * width * 4, width * 4);
                }
            }

            WriteChunk(output, "IDAT", compressed.ToArray());
            WriteChunk(output, "IEND", []);
            return output.ToArray();
        }

        private static void WriteChunk(Stream output, string type, byte[] data)
        {
            Span<byte> word = stackalloc byte[4];
            BinaryPrimitives.WriteInt32BigEndian(word, data.Length);
            output.Write(word);
            var typeBytes = Encoding.ASCII.GetBytes(type);
            output.Write(typeBytes);
            output.Write(data);
            var crc = Crc(Crc(0xFFFFFFFFu, typeBytes), data) ^ 0xFFFFFFFFu;
            BinaryPrimitives.WriteUInt32BigEndian(word, crc);
            output.Write(word);
        }

        private static uint Crc(uint crc, byte[] data)
        {
            foreach (var b in data)
            {
                crc = CrcTable[(crc ^ b) & 0xFF] ^ (crc >> 8);
            }

            return crc;
        }

        private static uint[] BuildCrcTable()
        {
            var table = new uint[256];
            for (uint n = 0; n < 256; n++)
            {
                var c = n;
                for (var k = 0; k < 8; k++)
                {
                    c = (c & 1) != 0 ? 0xEDB88320u ^ (c >> 1) : c >> 1;
                }

                table[n] = c;
            }

            return table;
        }
    }
}
