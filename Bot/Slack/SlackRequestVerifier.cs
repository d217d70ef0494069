using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;

namespace CoPBot.Bot.Slack;

internal enum SlackVerificationFailure
{
    None,
    MissingHeaders,
    StaleTimestamp,
    BadSignature,
}

/// <summary>
/// Slack's v0 request signature (<see href="https://docs.slack.dev/authentication/verifying-requests-from-slack"/>):
/// HMAC-SHA256 of "v0:{timestamp}:{raw body}" with an app's signing secret, hex, prefixed "v0=". Each configured
/// app's secret is tried; the one that verifies identifies the app. Comparison is constant-time.
/// </summary>
internal sealed class SlackRequestVerifier(IOptionsMonitor<SlackOptions> options, TimeProvider time)
{
    public const string TimestampHeader = "X-Slack-Request-Timestamp";
    public const string SignatureHeader = "X-Slack-Signature";
    public static readonly TimeSpan Window = TimeSpan.FromMinutes(5);

    private const string Version = "v0";

    public (SlackAppOptions? App, SlackVerificationFailure Failure) Verify(string? timestamp, string? signature, ReadOnlySpan<byte> body)
    {
        if (string.IsNullOrEmpty(timestamp) || string.IsNullOrEmpty(signature)
            || !long.TryParse(timestamp, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds))
        {
            return (null, SlackVerificationFailure.MissingHeaders);
        }

        var now = time.GetUtcNow().ToUnixTimeSeconds();
        if (Math.Abs(now - seconds) > (long)Window.TotalSeconds)
        {
            return (null, SlackVerificationFailure.StaleTimestamp);
        }

        var presented = Encoding.ASCII.GetBytes(signature);
        var baseString = new byte[Version.Length + 2 + timestamp.Length + body.Length];
        var prefixLength = Encoding.ASCII.GetBytes($"{Version}:{timestamp}:", baseString);
        body.CopyTo(baseString.AsSpan(prefixLength));

        foreach (var app in options.CurrentValue.Apps)
        {
            if (string.IsNullOrEmpty(app.SigningSecret))
            {
                continue;
            }

            var mac = HMACSHA256.HashData(Encoding.UTF8.GetBytes(app.SigningSecret), baseString);
            var expected = Encoding.ASCII.GetBytes(Version + "=" + Convert.ToHexStringLower(mac));
            if (CryptographicOperations.FixedTimeEquals(expected, presented))
            {
                return (app, SlackVerificationFailure.None);
            }
        }

        return (null, SlackVerificationFailure.BadSignature);
    }

    /// <summary>Signs a body as Slack would; for tests and local tools.</summary>
    public static string Sign(string signingSecret, string timestamp, ReadOnlySpan<byte> body)
    {
        var prefix = Encoding.ASCII.GetBytes($"{Version}:{timestamp}:");
        var data = new byte[prefix.Length + body.Length];
        prefix.CopyTo(data, 0);
        body.CopyTo(data.AsSpan(prefix.Length));
        return Version + "=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(signingSecret), data));
    }
}

/// <summary>A request that passed verification: the app it came from and its raw body, read once.</summary>
internal sealed record SlackVerifiedRequest(SlackAppOptions App, byte[] Body);

/// <summary>
/// The /slack route group's filter: refuses oversize bodies (413), unsigned, stale or forged requests (401) before
/// anything parses them, and 404s everything while no Slack app is configured. Handlers read the verified body
/// from <see cref="SlackVerifiedRequest"/>; they take no body-bound parameters, so nothing is parsed earlier.
/// </summary>
internal sealed partial class SlackVerificationFilter(
    SlackRequestVerifier verifier,
    IOptionsMonitor<SlackOptions> options,
    ILogger<SlackVerificationFilter> logger) : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        var settings = options.CurrentValue;
        if (!settings.Enabled)
        {
            return TypedResults.NotFound();
        }

        var body = await BoundedBody.ReadAsync(http.Request.Body, http.Request.ContentLength, settings.MaxRequestBodyBytes, http.RequestAborted);
        if (body is null)
        {
            LogTooLarge(logger, http.Request.Path);
            return TypedResults.StatusCode(StatusCodes.Status413PayloadTooLarge);
        }

        var (app, failure) = verifier.Verify(
            http.Request.Headers[SlackRequestVerifier.TimestampHeader],
            http.Request.Headers[SlackRequestVerifier.SignatureHeader],
            body);
        if (app is null)
        {
            LogRejected(logger, http.Request.Path, failure);
            return TypedResults.Unauthorized();
        }

        http.Features.Set(new SlackVerifiedRequest(app, body));
        return await next(context);
    }

    [LoggerMessage(EventId = 4100, Level = LogLevel.Warning, Message = "Slack request to {Path} refused: {Failure}")]
    private static partial void LogRejected(ILogger logger, PathString path, SlackVerificationFailure failure);

    [LoggerMessage(EventId = 4101, Level = LogLevel.Warning, Message = "Slack request to {Path} refused: body over the size limit")]
    private static partial void LogTooLarge(ILogger logger, PathString path);
}
