namespace CoPBot.Services.Domain;

/// <summary>
/// A person's membership of a network. It can only be started by the person (rule 1), changed by the person
/// (level, pause, visibility: rules 7 and 8), and ended by the person, silently.
/// </summary>
public sealed class Membership
{
    /// <summary>Private: the only way to make a membership is <see cref="Start"/>, on the person's own act.</summary>
    private Membership()
    {
    }

    public Guid Id { get; init; } = Guid.NewGuid();

    public Guid NetworkId { get; init; }

    public Guid PersonId { get; init; }

    public MembershipLevel Level { get; private set; } = MembershipLevel.Invitations;

    /// <summary>Invitations stop until this date (in the person's zone) and resume by themselves (rule 7).</summary>
    public DateOnly? PausedUntil { get; private set; }

    /// <summary>Overrides the person's default roster visibility for this network.</summary>
    public RosterVisibility? Visibility { get; set; }

    public DateTime JoinedAt { get; private set; }

    public DateTime? LeftAt { get; private set; }

    public bool IsActive => LeftAt is null;

    /// <summary>
    /// Starts a membership. <paramref name="actorId"/> is who acts: it must be the person themselves.
    /// There is no other way to create a membership.
    /// </summary>
    public static Membership Start(Guid actorId, Guid personId, Guid networkId, MembershipLevel level, DateTime now)
    {
        if (actorId != personId)
        {
            throw new DomainException("Only people themselves can join a network. You can invite a colleague instead.");
        }

        return new Membership { NetworkId = networkId, PersonId = personId, Level = level, JoinedAt = now };
    }

    /// <summary>Rejoining is as easy as joining: the same row comes back to life.</summary>
    public void Rejoin(Guid actorId, MembershipLevel level, DateTime now)
    {
        if (actorId != PersonId)
        {
            throw new DomainException("Only people themselves can join a network.");
        }

        LeftAt = null;
        JoinedAt = now;
        Level = level;
        PausedUntil = null;
    }

    public void Leave(DateTime now) => LeftAt ??= now;

    public void SetLevel(MembershipLevel level) => Level = level;

    public void PauseUntil(DateOnly until, DateOnly today)
    {
        if (until <= today)
        {
            throw new DomainException("Pick a date after today to pause until.");
        }

        PausedUntil = until;
    }

    public void Resume() => PausedUntil = null;

    /// <summary>True when this member asked for invitations and is not paused on <paramref name="today"/>.</summary>
    public bool WantsInvitations(DateOnly today) =>
        IsActive && Level == MembershipLevel.Invitations && (PausedUntil is null || PausedUntil <= today);
}

public enum MembershipLevel
{
    /// <summary>Personal invitations to sessions, plus announcements.</summary>
    Invitations,

    /// <summary>Light participation (rule 8): channel announcements only, no direct messages.</summary>
    AnnouncementsOnly,
}
