using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace CoPBot.Bot;

/// <summary>
/// Reads an HTTP body whole, but never more than a limit: the platforms' requests to us (before they are verified
/// and parsed) and their answers to our calls. A stream longer than the limit stops being read at the limit.
/// </summary>
internal static class BoundedBody
{
    /// <summary>The largest answer the bot reads from a platform's API (a Teams member list, a Slack history page).</summary>
    public const int MaxResponseBytes = 4 * 1024 * 1024;

    private const int ChunkBytes = 16 * 1024;

    /// <summary>The whole body, or null when it declares or turns out to be longer than <paramref name="limit"/> bytes.</summary>
    public static async Task<byte[]?> ReadAsync(Stream body, long? declaredLength, int limit, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(body);
        if (declaredLength > limit)
        {
            return null;
        }

        using var buffer = new MemoryStream(declaredLength is { } length ? (int)length : 0);
        var chunk = new byte[ChunkBytes];
        int read;
        while ((read = await body.ReadAsync(chunk, cancellationToken)) > 0)
        {
            if (buffer.Length + read > limit)
            {
                return null;
            }

            buffer.Write(chunk, 0, read);
        }

        return buffer.ToArray();
    }

    /// <summary>A platform's JSON answer, or null when it is empty, too long or not the expected JSON.</summary>
    public static async Task<T?> ReadJsonAsync<T>(HttpContent content, JsonTypeInfo<T> type, CancellationToken cancellationToken)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(content);
        await using var stream = await content.ReadAsStreamAsync(cancellationToken);
        var body = await ReadAsync(stream, content.Headers.ContentLength, MaxResponseBytes, cancellationToken);
        if (body is not { Length: > 0 })
        {
            return null;
        }

        try
        {
            return JsonSerializer.Deserialize(body, type);
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
