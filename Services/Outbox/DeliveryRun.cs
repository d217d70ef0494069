namespace CoPBot.Services.Outbox;

/// <summary>
/// The organizer's card for one run ("invite", "announce"): where it was posted and the platform's id of the
/// message, so the dispatcher can update it in place with the run's counts until the run ends. Counts only, never names.
/// </summary>
public sealed class DeliveryRun
{
    /// <summary>The run's id, the same as <see cref="OutboxMessage.RunId"/> on its messages.</summary>
    public Guid Id { get; init; }

    public required string Channel { get; set; }

    public required string TenantId { get; set; }

    public required string ConversationId { get; set; }

    /// <summary>The platform's id of the organizer's card (Teams activity id, Slack ts).</summary>
    public required string MessageId { get; set; }

    /// <summary>The card's title, kept so the update says what the run is.</summary>
    public string? Title { get; set; }

    public Guid? SessionId { get; set; }

    /// <summary>The counts last shown ("queued/sent/deferred/failed"), so an unchanged card is not updated again.</summary>
    public string? LastShown { get; set; }

    /// <summary>Set when the card showed the final counts (nothing left queued).</summary>
    public bool Finished { get; set; }

    public DateTime CreatedAt { get; init; }

    public DateTime? UpdatedAt { get; set; }
}
