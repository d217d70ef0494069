using System.Buffers.Binary;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;

namespace CoPBot.Services.App;

/// <summary>
/// The short code a room screen shows so that only people in the room can check in: four digits, derived with
/// HMAC-SHA256 from the server secret (<see cref="CheckInOptions.Secret"/>), the session id and the current minute in
/// UTC. It changes every minute; the current and the previous minute's code are accepted, so a code read just before
/// it changed still works. Every instance with the same secret shows and accepts the same codes.
/// </summary>
public sealed class CheckInCodes(IOptions<CheckInOptions> options)
{
    /// <summary>Digits in a code.</summary>
    public const int Length = 4;

    private const int Modulus = 10_000;

    private readonly byte[]? _key = options.Value.Enabled ? Encoding.UTF8.GetBytes(options.Value.Secret!) : null;

    /// <summary>False when no secret is configured: check-in is off and no code is shown.</summary>
    public bool Enabled => _key is not null;

    /// <summary>The code the room screen shows now.</summary>
    public string Current(Guid sessionId, DateTimeOffset now) => ForMinute(sessionId, MinuteOf(now));

    /// <summary>When <see cref="Current"/> next changes (the start of the next UTC minute), for the room screen's refresh.</summary>
    public static DateTimeOffset NextChange(DateTimeOffset now) => DateTimeOffset.FromUnixTimeSeconds((MinuteOf(now) + 1) * 60);

    /// <summary>True when <paramref name="code"/> is this minute's or the previous minute's code of the session.</summary>
    public bool Accepts(Guid sessionId, string? code, DateTimeOffset now)
    {
        if (!Enabled || !IsWellFormed(code))
        {
            return false;
        }

        var minute = MinuteOf(now);
        var typed = Encoding.ASCII.GetBytes(code!);

        // Both compared, in constant time, so timing tells nothing about which one matched.
        var current = CryptographicOperations.FixedTimeEquals(typed, Encoding.ASCII.GetBytes(ForMinute(sessionId, minute)));
        var previous = CryptographicOperations.FixedTimeEquals(typed, Encoding.ASCII.GetBytes(ForMinute(sessionId, minute - 1)));
        return current | previous;
    }

    /// <summary>Exactly <see cref="Length"/> ASCII digits.</summary>
    public static bool IsWellFormed(string? code) => code is { Length: Length } && code.All(char.IsAsciiDigit);

    private string ForMinute(Guid sessionId, long minute)
    {
        if (_key is null)
        {
            throw new InvalidOperationException("Check-in is off: CheckIn:Secret is not configured.");
        }

        Span<byte> message = stackalloc byte[24];
        sessionId.TryWriteBytes(message[..16]);
        BinaryPrimitives.WriteInt64BigEndian(message[16..], minute);
        Span<byte> hash = stackalloc byte[HMACSHA256.HashSizeInBytes];
        HMACSHA256.HashData(_key, message, hash);
        var value = BinaryPrimitives.ReadUInt32BigEndian(hash) % Modulus;
        return value.ToString("D4", CultureInfo.InvariantCulture);
    }

    private static long MinuteOf(DateTimeOffset now) => now.ToUnixTimeSeconds() / 60;
}
