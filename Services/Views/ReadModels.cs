using CoPBot.Services.Domain;

namespace CoPBot.Services.Views;

/// <summary>A session as one reader sees it. Times are UTC instants; cards show them in the reader's zone.</summary>
public sealed record SessionSummary
{
    public required Guid Id { get; init; }

    public required string Reference { get; init; }

    public required string Title { get; init; }

    public required string NetworkName { get; init; }

    public required string NetworkHandle { get; init; }

    public string? Series { get; init; }

    public string? SeriesPart { get; init; }

    public required DateTime StartsAt { get; init; }

    public required DateTime EndsAt { get; init; }

    /// <summary>The session's own zone (where it meets).</summary>
    public required string TimeZoneId { get; init; }

    public string? Room { get; init; }

    public string? Address { get; init; }

    public int? Capacity { get; init; }

    /// <summary>People who said yes: an aggregate count, never names of those who did not say yes.</summary>
    public required int Going { get; init; }

    /// <summary>Freed places held for someone on the waitlist who has not answered the offer yet (rule 12): not "going".</summary>
    public int Offered { get; init; }

    public string? Agenda { get; init; }

    public string? Preparation { get; init; }

    public required string OrganizerName { get; init; }

    public required SessionStatus Status { get; init; }

    /// <summary>The reader's own answer, when they have an invitation.</summary>
    public Answer? MyAnswer { get; init; }

    /// <summary>When the place offered to the reader stops, or stopped, being held.</summary>
    public DateTime? OfferExpiresAt { get; init; }

    /// <summary>The reader was offered a place and the offer ran out: it passed to the next person waiting.</summary>
    public bool OfferExpired { get; init; }

    /// <summary>The reader's personal calendar token, when they said yes.</summary>
    public string? CalendarToken { get; init; }

    /// <summary>The reader's zone, for showing times.</summary>
    public required string ReaderTimeZoneId { get; init; }

    public bool ReaderIsOrganizer { get; init; }

    public int? PlacesLeft => Capacity is { } c ? Math.Max(0, c - Going - Offered) : null;

    public TimeSpan Duration => EndsAt - StartsAt;
}

public sealed record NetworkSummary
{
    public required Guid Id { get; init; }

    public required string Name { get; init; }

    public required string Handle { get; init; }

    public required string Purpose { get; init; }

    public string? Cadence { get; init; }

    public string? Series { get; init; }

    public required IReadOnlyList<string> HostOrganizations { get; init; }

    public IReadOnlyList<string> PartnerOrganizations { get; init; } = [];

    public required int MemberCount { get; init; }

    public bool IsMember { get; init; }

    public MembershipLevel? Level { get; init; }

    public DateOnly? PausedUntil { get; init; }

    public bool IsOrganizer { get; init; }

    public SessionSummary? NextSession { get; init; }
}

/// <summary>
/// "Who else?": only people who chose to be visible to this reader, grouped by organization and department,
/// plus a count of the others. Declines and silence never appear here (rule 4).
/// </summary>
public sealed record RosterView
{
    public required string Title { get; init; }

    /// <summary>"network" or "session".</summary>
    public required string Scope { get; init; }

    public required string Reference { get; init; }

    public required IReadOnlyList<RosterGroup> Groups { get; init; }

    /// <summary>Members or attendees not shown by name (their choice, or the reader is not a member).</summary>
    public required int Others { get; init; }

    /// <summary>People who are visible to the reader but were not listed, because the roster is long.</summary>
    public int MoreVisible { get; init; }

    public int Total => Groups.Sum(g => g.Names.Count) + MoreVisible + Others;

    /// <summary>True when the reader sees only counts, because names are for fellow members.</summary>
    public bool CountsOnly { get; init; }
}

public sealed record RosterGroup(string Organization, string Department, IReadOnlyList<string> Names);

public sealed record SettingsView
{
    public required string DisplayName { get; init; }

    public string? Department { get; init; }

    public required string TimeZoneId { get; init; }

    public required bool TimeZoneChosen { get; init; }

    public required RosterVisibility Visibility { get; init; }

    public required TimeOnly QuietHoursStart { get; init; }

    public required TimeOnly QuietHoursEnd { get; init; }

    public required bool Reminders { get; init; }

    public required int WeeklyInvitationCap { get; init; }

    public required IReadOnlyList<NetworkSummary> Networks { get; init; }
}

/// <summary>
/// Figures for organizers: counts only. Those who said no and those who did not answer are one number, so no one
/// can tell a decline from silence (rule 4).
/// </summary>
public sealed record SessionStats
{
    public required SessionSummary Session { get; init; }

    public required int Invited { get; init; }

    /// <summary>Said yes. A place only offered is not counted here but in <see cref="Offered"/>.</summary>
    public required int Going { get; init; }

    /// <summary>Freed places offered to someone waiting, not answered yet (rule 12).</summary>
    public int Offered { get; init; }

    public required int Waitlisted { get; init; }

    public required int NotThisTime { get; init; }

    public required DeliveryProgress Delivery { get; init; }

    /// <summary>Check-ins at the room as counts (rule 13); null until the room opens for check-in.</summary>
    public App.CheckInCounts? CheckIns { get; init; }

    /// <summary>Channels the session's announcement could not be posted in (their names), until it is announced there again.</summary>
    public IReadOnlyList<string> ChannelsNotPosted { get; init; } = [];
}

/// <summary>A channel post that failed for good: where, and the platform's reason (an error code).</summary>
public sealed record ChannelPostFailure(string Channel, string TenantId, string ConversationId, string? ChannelName, string? Error);

/// <summary>Counts of a delivery run (or all of a session's messages): never names.</summary>
public sealed record DeliveryProgress(int Queued, int Sent, int Deferred, int Failed)
{
    public int Total => Queued + Sent + Failed;

    public bool Finished => Queued == 0;
}

/// <summary>What an organizer's "invite" did.</summary>
public sealed record InvitationRun(Guid RunId, SessionSummary Session, int Invited, int AlreadyInvited, DeliveryProgress Progress);

public sealed record ColleagueInvitationView(Guid Id, string InviterName, NetworkSummary Network);
