using CoPBot.Services.Addresses;

namespace CoPBot.Services.Storage;

internal sealed class ChatAddressRow
{
    public Guid Id { get; init; } = Guid.NewGuid();

    public required string Channel { get; init; }

    public required string TenantId { get; init; }

    public required string ConversationId { get; init; }

    public ChatAddressKind Kind { get; set; }

    public string? UserId { get; set; }

    public string? ServiceUrl { get; set; }

    public string? Name { get; set; }

    public string? Data { get; set; }

    public DateTime UpdatedAt { get; set; }

    public ChatAddress ToAddress() => new(Channel, TenantId, ConversationId, Kind, UserId, ServiceUrl, Name, Data);
}

/// <summary>A platform turn or event already handled, so a redelivery changes nothing (Slack retries, Teams repeats).</summary>
internal sealed class ProcessedTurn
{
    public required string Key { get; init; }

    public DateTime ProcessedAt { get; init; }
}

/// <summary>What the bot last showed one person in one conversation, until it expires (see App.ConversationMemory).</summary>
internal sealed class ContextRow
{
    public Guid PersonId { get; init; }

    public required string Channel { get; init; }

    public required string TenantId { get; init; }

    public required string ConversationId { get; init; }

    /// <summary>Session ids, comma-separated, in the order shown.</summary>
    public required string Sessions { get; set; }

    /// <summary>Network handles, comma-separated, in the order shown.</summary>
    public required string Networks { get; set; }

    public DateTime ShownAt { get; set; }

    public DateTime ExpiresAt { get; set; }
}

/// <summary>A channel where a network's announcements are posted, linked by an organizer.</summary>
public sealed class AnnouncementChannel
{
    public Guid Id { get; init; } = Guid.NewGuid();

    public Guid NetworkId { get; init; }

    public required string Channel { get; init; }

    public required string TenantId { get; init; }

    public required string ConversationId { get; init; }

    public string? Name { get; set; }
}
