using CoPBot.Services.Domain;

namespace CoPBot.Services.Addresses;

/// <summary>
/// The longest platform ids and service URLs CoPBot stores (their column lengths), and the check every platform
/// adapter runs on inbound ids before anything is stored. A longer id, or one with control characters, is not one a
/// platform sends: the adapter answers 400.
/// </summary>
public static class ChatIds
{
    public const int MaxChannelLength = 20;
    public const int MaxTenantIdLength = 100;
    public const int MaxUserIdLength = 200;
    public const int MaxConversationIdLength = 300;
    public const int MaxServiceUrlLength = 300;

    /// <summary>A conversation's or person's display name as stored; a longer one (a Teams team may have 256) is cut.</summary>
    public const int MaxNameLength = 200;

    /// <summary>The turn ledger's key: "channel:tenant:turn id".</summary>
    public const int MaxLedgerKeyLength = 300;

    /// <summary>A platform's turn id (activity id, event id, trigger id) fits the ledger key with its channel and tenant.</summary>
    public const int MaxTurnIdLength = MaxLedgerKeyLength - MaxChannelLength - MaxTenantIdLength - 2;

    /// <summary>
    /// A display name as stored: one visible line (<see cref="UserText.Line"/>: PostgreSQL refuses a NUL, and a direction
    /// override would reverse what follows it), cut to <see cref="MaxNameLength"/>; null when nothing visible is left.
    /// </summary>
    public static string? ClipName(string? name) =>
        UserText.Line(name) is { Length: > 0 } line ? line.Length > MaxNameLength ? line[..MaxNameLength] : line : null;

    /// <summary>True when <paramref name="id"/> is absent, or fits <paramref name="maxLength"/> and has no control characters.</summary>
    public static bool IsAcceptable(string? id, int maxLength) =>
        id is null || (id.Length <= maxLength && !id.AsSpan().ContainsAnyInRange('\u0000', '\u001f') && !id.Contains('\u007f', StringComparison.Ordinal));

    /// <summary>The first of <paramref name="ids"/> that is not acceptable, as a reason for the log; null when all are.</summary>
    public static string? FirstUnacceptable(params (string? Value, int MaxLength, string Name)[] ids)
    {
        ArgumentNullException.ThrowIfNull(ids);
        return ids.FirstOrDefault(id => !IsAcceptable(id.Value, id.MaxLength)).Name is { } name
            ? name + " is too long or has control characters"
            : null;
    }
}
