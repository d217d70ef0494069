namespace CoPBot.Services.Outbox;

/// <summary>
/// A message to send, written in the same transaction as the state change it follows from. The unique
/// <see cref="Key"/> makes it impossible to queue the same message twice (e.g. one invitation per person per session).
/// The text is rendered at send time from the current state, so a reschedule is never announced with old facts.
/// </summary>
public sealed class OutboxMessage
{
    public Guid Id { get; init; } = Guid.NewGuid();

    /// <summary>Idempotency key, e.g. "invitation:{session}:{person}".</summary>
    public required string Key { get; init; }

    public OutboxKind Kind { get; init; }

    /// <summary>The person a direct message is for; null for channel posts.</summary>
    public Guid? PersonId { get; init; }

    /// <summary>
    /// The platform it goes out on ("msteams", "slack", "console"): for a direct message, where the person spoke
    /// last when it was queued. Each dispatcher claims only the channels it can send on.
    /// </summary>
    public required string Channel { get; init; }

    /// <summary>
    /// For channel posts: the address to post to. For a <see cref="OutboxKind.ChannelPostFailed"/> notice (a direct
    /// message): the channel the post failed in.
    /// </summary>
    public string? AddressChannel { get; init; }

    public string? AddressTenantId { get; init; }

    public string? AddressConversationId { get; init; }

    public Guid? SessionId { get; init; }

    public Guid? NetworkId { get; init; }

    /// <summary>For a colleague's invitation: which one.</summary>
    public Guid? ColleagueInvitationId { get; init; }

    /// <summary>The organizer's run (send invitations, announce) this belongs to, for progress counts.</summary>
    public Guid? RunId { get; init; }

    /// <summary>Not sent before this instant (reminders, quiet hours, the weekly cap).</summary>
    public DateTime NotBefore { get; set; }

    public OutboxStatus Status { get; set; } = OutboxStatus.Pending;

    /// <summary>Why it waits, when it was deferred (quiet hours, weekly cap) — shown to organizers as counts.</summary>
    public DeferReason? Deferred { get; set; }

    /// <summary>Failed attempts that count towards dead-lettering (a "too many requests" answer does not).</summary>
    public int Attempts { get; set; }

    /// <summary>How often the platform answered "too many requests" (429): retried after Retry-After, never a failure.</summary>
    public int RateLimited { get; set; }

    public string? LeaseOwner { get; set; }

    public DateTime? LeaseExpiresAt { get; set; }

    /// <summary>
    /// Set when a send may start under the current lease, cleared with its outcome. Still set when another instance
    /// claims the row, it says a send was in flight when its owner died: the platform may already have the message,
    /// so the new owner asks the platform before sending again.
    /// </summary>
    public DateTime? SendingSince { get; set; }

    /// <summary>The last failure, for operators; never personal data.</summary>
    public string? LastError { get; set; }

    public DateTime CreatedAt { get; init; }

    public DateTime? SentAt { get; set; }

    /// <summary>
    /// The dispatcher that sent it. Another instance does not claim a message to the same conversation for a couple of
    /// seconds after, so the conversation's short limits (Teams 7 per second, 8 per 2 s) hold across instances.
    /// </summary>
    public string? SentBy { get; set; }

    /// <summary>The platform's id of the sent message, so it can be updated in place.</summary>
    public string? SentMessageId { get; set; }
}

public enum OutboxKind
{
    Invitation,
    Reminder,
    Offer,
    Cancellation,
    Reschedule,
    ColleagueInvitation,
    Announcement,

    /// <summary>To the session's organizer: a channel post (its address on this row) could not be posted.</summary>
    ChannelPostFailed,

    /// <summary>The one optional message after a session, to a person who checked in: "would you like an introduction?".</summary>
    IntroductionOffer,

    /// <summary>A coffee introduction: the other person's name, department, organization and line (rule 14).</summary>
    Introduction,

    /// <summary>To a person who asked for an introduction and could not be paired: kindly, no match this time.</summary>
    IntroductionNoMatch,
}

public enum OutboxStatus
{
    Pending,
    Sent,
    Withdrawn,
    DeadLetter,
}

public enum DeferReason
{
    QuietHours,
    WeeklyCap,
    RateLimit,
}
