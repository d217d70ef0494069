namespace CoPBot.Services.Domain;

/// <summary>
/// An employee who has spoken to CoPBot at least once. Knowing a person never makes them a member of anything
/// (rule 1): membership starts only with <see cref="Membership.Start"/>, called on the person's own act.
/// </summary>
public sealed class Person
{
    public Guid Id { get; init; } = Guid.NewGuid();

    public required string DisplayName { get; set; }

    public string? Department { get; set; }

    public Guid OrganizationId { get; init; }

    public Organization? Organization { get; init; }

    /// <summary>IANA zone chosen by the person; null until set (the client's zone is then used).</summary>
    public string? TimeZoneId { get; set; }

    /// <summary>The zone the client last reported, used only while <see cref="TimeZoneId"/> is unset.</summary>
    public string? ClientTimeZoneId { get; set; }

    public PersonSettings Settings { get; init; } = new();

    public List<PlatformAccount> Accounts { get; init; } = [];

    public DateTime CreatedAt { get; init; }

    /// <summary>
    /// The zone the person lives in: their own setting, else their client's (Teams clientInfo, Slack users.info, the
    /// console's local zone), else their organization's configured zone (looked up, never copied, so a change of it
    /// applies). Needs <see cref="Organization"/> loaded for the last; UTC only when nothing at all is known.
    /// </summary>
    public string EffectiveTimeZoneId => TimeZoneId ?? ClientTimeZoneId ?? Organization?.TimeZoneId ?? "UTC";
}

/// <summary>The person's own controls over attention and visibility (rules 5, 7, 10).</summary>
public sealed class PersonSettings
{
    public const int DefaultWeeklyCap = 3;

    /// <summary>Who may see me on rosters of networks I belong to, unless a membership says otherwise.</summary>
    public RosterVisibility Visibility { get; set; } = RosterVisibility.Members;

    /// <summary>Start of quiet hours, in the person's zone: nothing is sent to them from here…</summary>
    public TimeOnly QuietHoursStart { get; set; } = new(20, 0);

    /// <summary>…until here.</summary>
    public TimeOnly QuietHoursEnd { get; set; } = new(8, 0);

    /// <summary>Reminders the day before a session I said yes to.</summary>
    public bool Reminders { get; set; } = true;

    /// <summary>At most this many invitations reach me in any seven days; more wait for the next week.</summary>
    public int WeeklyInvitationCap { get; set; } = DefaultWeeklyCap;

    public bool IsQuietAt(TimeOnly localTime) =>
        QuietHoursStart == QuietHoursEnd
            ? false
            : QuietHoursStart < QuietHoursEnd
                ? localTime >= QuietHoursStart && localTime < QuietHoursEnd
                : localTime >= QuietHoursStart || localTime < QuietHoursEnd;
}

public enum RosterVisibility
{
    /// <summary>Fellow members of the same network see my name (the default).</summary>
    Members,

    /// <summary>Only my own organization's members of the network see my name.</summary>
    Organization,

    /// <summary>Nobody sees my name; I am counted among "others".</summary>
    Hidden,
}

/// <summary>One identity of a person on one chat platform.</summary>
public sealed class PlatformAccount
{
    public Guid Id { get; init; } = Guid.NewGuid();

    public Guid PersonId { get; init; }

    /// <summary>"msteams", "slack" or "console".</summary>
    public required string Channel { get; init; }

    /// <summary>Teams tenant id, Slack team id, or "local".</summary>
    public required string TenantId { get; init; }

    public required string UserId { get; init; }

    /// <summary>The account the person used last is where direct messages go.</summary>
    public DateTime LastSeenAt { get; set; }
}
