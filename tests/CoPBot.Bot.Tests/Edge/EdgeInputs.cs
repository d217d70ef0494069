using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace CoPBot.Bot.Tests.Edge;

/// <summary>One generated input: what was changed, and the body or text to send.</summary>
internal sealed record EdgeCase(string Name, JsonNode? Json);

/// <summary>
/// Generated malformed input. From a valid payload, every property and array element in turn (recursively) is
/// replaced by null, by a value of the wrong JSON type and by an over-long string; arrays also get a null element.
/// Plus pathological text aimed at the regexes and parsers.
/// </summary>
internal static class EdgeInputs
{
    /// <summary>The bytes as a platform would send them (no HTML escaping, so a long text stays long, not six times longer).</summary>
    public static readonly JsonSerializerOptions Wire = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>Over every column (300) and the turn text limit; well under the body limits.</summary>
    public static readonly string OverLong = new('x', 5_000);

    /// <summary>Texts built by repeating a piece: each aims at a regex or a parser that could backtrack or echo.</summary>
    public static readonly IReadOnlyList<(string Name, string Piece)> PathologicalPieces =
    [
        ("commas in quotes", "\",\""),
        ("commas", ","),
        ("spaces", " "),
        ("tabs and newlines", "\t\n"),
        ("teams mention opener", "<at>"),
        ("teams mention with attributes", "<at id=\"0\""),
        ("unclosed mention text", "<at>x"),
        ("please", "please "),
        ("please comma", ", please"),
        ("thanks dots", "thanks."),
        ("exclamations", "!"),
        ("question marks", "?"),
        ("dots", "."),
        ("digits", "1"),
        ("digits and colons", "12:"),
        ("times", "9:00 "),
        ("meridiem with dots", "a.m. "),
        ("iso date separator", "2027-01-14t"),
        ("yesterday", "yesterday 9:00 "),
        ("next weekday", "next thursday "),
        ("slack mention opener", "<@U123|"),
        ("slack mentions", "<@U123> "),
        ("slack escaped mention", "&lt;@U1&gt;"),
        ("html entities", "&amp;"),
        ("fields", "; when: "),
        ("invite to", " to "),
        ("copbot prefix", "@copbot "),
        ("slash prefix", "/cop "),
        ("emoji", "\U0001F600"),
        ("control characters", "\u0001\u001b"),
        ("right-to-left marks", "\u202e"),
    ];

    /// <summary>Every pathological text at <paramref name="length"/> characters (a command word first, then the filler).</summary>
    public static IEnumerable<(string Name, string Text)> Pathological(int length)
    {
        foreach (var (name, piece) in PathologicalPieces)
        {
            yield return (name, Repeat(piece, length));
            yield return ("schedule when " + name, Fit("schedule idealab: Edge; when: " + Repeat(piece, length), length));
            yield return ("who " + name, Fit("who " + Repeat(piece, length), length));
        }
    }

    public static string Repeat(string piece, int length)
    {
        var text = new StringBuilder(length + piece.Length);
        while (text.Length < length)
        {
            text.Append(piece);
        }

        return Fit(text.ToString(), length);
    }

    /// <summary>Every generated mutation of <paramref name="sample"/>: each position null, wrong-typed, over-long.</summary>
    public static IEnumerable<EdgeCase> Mutations(JsonNode sample)
    {
        foreach (var (path, node) in Positions(sample, ""))
        {
            foreach (var (variant, replacement) in Variants(node))
            {
                var copy = sample.DeepClone();
                Replace(copy, path, replacement);
                yield return new EdgeCase($"{path} = {variant}", copy);
            }
        }
    }

    /// <summary>Bodies that are not a valid payload at all.</summary>
    public static IEnumerable<(string Name, byte[] Body)> BrokenBodies()
    {
        yield return ("empty body", []);
        yield return ("whitespace", "   "u8.ToArray());
        yield return ("not JSON", "hello, bot"u8.ToArray());
        yield return ("JSON null", "null"u8.ToArray());
        yield return ("JSON string", "\"message\""u8.ToArray());
        yield return ("JSON number", "1e400"u8.ToArray());
        yield return ("JSON array", "[{\"type\":\"message\"}]"u8.ToArray());
        yield return ("truncated", "{\"type\":\"message\",\"text\":\"hi"u8.ToArray());
        yield return ("trailing garbage", "{\"type\":\"message\"} }"u8.ToArray());
        yield return ("duplicate keys", "{\"type\":\"message\",\"type\":\"invoke\"}"u8.ToArray());
        yield return ("deep arrays", Encoding.ASCII.GetBytes(new string('[', 10_000) + new string(']', 10_000)));
        yield return ("deep objects", Encoding.ASCII.GetBytes(string.Concat(Enumerable.Repeat("{\"a\":", 10_000)) + "1" + new string('}', 10_000)));
        yield return ("deep value", Encoding.ASCII.GetBytes("{\"type\":\"message\",\"value\":" + new string('[', 5_000) + new string(']', 5_000) + "}"));
        yield return ("invalid UTF-8 in a string", [.. "{\"type\":\"message\",\"text\":\""u8, 0xC3, 0x28, 0xFF, 0xFE, .. "\"}"u8]);
        yield return ("invalid UTF-8 outside strings", [0xFF, 0xFE, .. "{}"u8]);
        yield return ("UTF-16 body", Encoding.Unicode.GetBytes("{\"type\":\"message\",\"text\":\"hi\"}"));
        yield return ("lone surrogate escape", "{\"type\":\"message\",\"text\":\"\\ud800 help\"}"u8.ToArray());
        yield return ("NUL escape", "{\"type\":\"message\",\"text\":\"\\u0000help\"}"u8.ToArray());
        yield return ("huge numbers", "{\"type\":\"message\",\"timestamp\":1e400,\"event_time\":123456789012345678901234567890}"u8.ToArray());
    }

    public static byte[] Bytes(JsonNode? json) => Encoding.UTF8.GetBytes(json?.ToJsonString(Wire) ?? "null");

    private static string Fit(string text, int length) => text.Length <= length ? text : text[..length];

    private static IEnumerable<(string Path, JsonNode? Node)> Positions(JsonNode? node, string path)
    {
        switch (node)
        {
            case JsonObject obj:
                foreach (var (key, child) in obj)
                {
                    var childPath = path + "/" + key;
                    yield return (childPath, child);
                    foreach (var nested in Positions(child, childPath))
                    {
                        yield return nested;
                    }
                }

                break;
            case JsonArray array:
                for (var i = 0; i < array.Count; i++)
                {
                    var childPath = path + "/" + i;
                    yield return (childPath, array[i]);
                    foreach (var nested in Positions(array[i], childPath))
                    {
                        yield return nested;
                    }
                }

                break;
        }
    }

    private static IEnumerable<(string Name, JsonNode? Value)> Variants(JsonNode? node)
    {
        yield return ("null", null);
        yield return ("over-long string", JsonValue.Create(OverLong));
        switch (node?.GetValueKind())
        {
            case JsonValueKind.String:
                yield return ("number", JsonNode.Parse("123456789012345678901234567890"));
                yield return ("object", new JsonObject());
                yield return ("array", new JsonArray());
                yield return ("empty string", JsonValue.Create(""));
                yield return ("control characters", JsonValue.Create("a\u0000b\r\nc\u001b"));
                break;
            case JsonValueKind.Number:
                yield return ("huge number", JsonNode.Parse("1e400"));
                yield return ("string", JsonValue.Create("12"));
                break;
            case JsonValueKind.True or JsonValueKind.False:
                yield return ("string", JsonValue.Create("true"));
                yield return ("number", JsonValue.Create(1));
                break;
            case JsonValueKind.Object:
                yield return ("array", new JsonArray(new JsonObject()));
                yield return ("string", JsonValue.Create("{}"));
                yield return ("empty object", new JsonObject());
                break;
            case JsonValueKind.Array:
                yield return ("object", new JsonObject());
                yield return ("string", JsonValue.Create("[]"));
                yield return ("with a null element", new JsonArray([.. ((JsonArray)node!).Select(e => e?.DeepClone()), null]));
                yield return ("a null element only", new JsonArray((JsonNode?)null));
                break;
        }
    }

    private static void Replace(JsonNode root, string path, JsonNode? replacement)
    {
        var segments = path.Split('/', StringSplitOptions.RemoveEmptyEntries);
        var parent = root;
        foreach (var segment in segments[..^1])
        {
            parent = parent is JsonArray a ? a[int.Parse(segment, System.Globalization.CultureInfo.InvariantCulture)]! : parent[segment]!;
        }

        var last = segments[^1];
        if (parent is JsonArray array)
        {
            array[int.Parse(last, System.Globalization.CultureInfo.InvariantCulture)] = replacement;
        }
        else
        {
            parent[last] = replacement;
        }
    }
}
