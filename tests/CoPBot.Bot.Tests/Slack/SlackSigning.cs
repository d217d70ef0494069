using System.Globalization;
using System.Text;
using CoPBot.Bot.Slack;

namespace CoPBot.Bot.Tests.Slack;

/// <summary>Sends a request signed the way Slack signs it (v0 HMAC over timestamp and raw body).</summary>
internal static class SlackSigning
{
    public const string Json = "application/json";
    public const string Form = "application/x-www-form-urlencoded";

    public static string Timestamp(TimeProvider time) =>
        time.GetUtcNow().ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);

    public static Task<HttpResponseMessage> PostAsync(
        HttpClient client, string path, string body, string secret, string contentType, string timestamp, Action<HttpRequestMessage>? tweak = null) =>
        PostAsync(client, path, Encoding.UTF8.GetBytes(body), secret, contentType, timestamp, tweak);

    /// <summary>Signs and sends raw bytes (which need not be valid UTF-8).</summary>
    public static async Task<HttpResponseMessage> PostAsync(
        HttpClient client, string path, byte[] bytes, string secret, string contentType, string timestamp, Action<HttpRequestMessage>? tweak = null)
    {
        ArgumentNullException.ThrowIfNull(client);
        using var request = new HttpRequestMessage(HttpMethod.Post, path)
        {
            Content = new ByteArrayContent(bytes),
        };
        request.Content.Headers.ContentType = System.Net.Http.Headers.MediaTypeHeaderValue.Parse(contentType);
        request.Headers.Add(SlackRequestVerifier.TimestampHeader, timestamp);
        request.Headers.Add(SlackRequestVerifier.SignatureHeader, SlackRequestVerifier.Sign(secret, timestamp, bytes));
        tweak?.Invoke(request);
        return await client.SendAsync(request, TestContext.Current.CancellationToken);
    }
}
