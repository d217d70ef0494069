using System.Buffers.Binary;
using System.Security.Cryptography;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Options;

namespace CoPBot.Bot.OrganizerPage;

/// <summary>What a valid sign-in link says: which link (for single use), whose, and until when.</summary>
internal sealed record SignInLink(Guid Id, Guid PersonId, DateTime ExpiresAt);

/// <summary>
/// Personal sign-in links to the organizer page. The token is the link id, the person and the expiry, protected by
/// ASP.NET Core Data Protection (authenticated encryption: AES-256-CBC with an HMAC-SHA256 over it, keys kept and
/// rotated by the server): it cannot be read, made or changed without the server's keys. Single use is the
/// <see cref="Services.App.SignInLinkLedger"/>'s job. Tokens are secrets: never logged.
/// </summary>
internal sealed class OrganizerSignInLinks(IDataProtectionProvider protection, TimeProvider clock, IOptions<OrganizerPageOptions> options, IOptions<BotOptions> bot)
{
    public const string SignInPath = "/organizer/sign-in";

    /// <summary>Longer than any token this makes; a longer one is refused before it is decoded.</summary>
    public const int MaxTokenLength = 400;

    private const byte Version = 1;
    private const int PayloadLength = 1 + 16 + 16 + 8;

    private readonly IDataProtector protector = protection.CreateProtector("CoPBot.OrganizerPage.SignInLink.v1");

    public TimeSpan Lifetime => options.Value.LinkLifetime;

    /// <summary>The personal link for <paramref name="personId"/>; null when the host's public address is not configured.</summary>
    public Uri? Create(Guid personId) =>
        bot.Value.PublicBaseUrl is { } host ? new Uri(host, $"{SignInPath}?t={Issue(personId)}") : null;

    /// <summary>A fresh token for <paramref name="personId"/>, valid for <see cref="Lifetime"/>.</summary>
    public string Issue(Guid personId)
    {
        var expiresAt = clock.GetUtcNow().UtcDateTime + Lifetime;
        var payload = new byte[PayloadLength];
        payload[0] = Version;
        Guid.NewGuid().TryWriteBytes(payload.AsSpan(1, 16));
        personId.TryWriteBytes(payload.AsSpan(17, 16));
        BinaryPrimitives.WriteInt64BigEndian(payload.AsSpan(33, 8), expiresAt.Ticks);
        return WebEncoders.Base64UrlEncode(protector.Protect(payload));
    }

    /// <summary>What the token says, or null when it is malformed or was not made by this server unchanged.</summary>
    public SignInLink? Read(string? token)
    {
        if (string.IsNullOrEmpty(token) || token.Length > MaxTokenLength)
        {
            return null;
        }

        try
        {
            var payload = protector.Unprotect(WebEncoders.Base64UrlDecode(token));
            if (payload.Length != PayloadLength || payload[0] != Version)
            {
                return null;
            }

            var ticks = BinaryPrimitives.ReadInt64BigEndian(payload.AsSpan(33, 8));
            return ticks < 0 || ticks > DateTime.MaxValue.Ticks
                ? null
                : new SignInLink(new Guid(payload.AsSpan(1, 16)), new Guid(payload.AsSpan(17, 16)), new DateTime(ticks, DateTimeKind.Utc));
        }
        catch (Exception ex) when (ex is CryptographicException or FormatException)
        {
            return null;
        }
    }

    public bool IsExpired(SignInLink link) => clock.GetUtcNow().UtcDateTime >= link.ExpiresAt;
}
