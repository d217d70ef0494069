namespace CoPBot.Services.Domain;

/// <summary>
/// One person's invitation to one session: there is never a second one (rule 5). The answer can change freely
/// until the session starts (rule 6); a "no" carries no reason and triggers nothing (rule 3).
/// </summary>
public sealed class Invitation
{
    /// <summary>How long a freed place is held for the person it is offered to (rule 12).</summary>
    public static readonly TimeSpan OfferWindow = TimeSpan.FromHours(24);

    public Guid Id { get; init; } = Guid.NewGuid();

    public Guid SessionId { get; init; }

    public Session? Session { get; init; }

    public Guid PersonId { get; init; }

    public Person? Person { get; init; }

    public InvitationSource Source { get; init; }

    /// <summary>The organizer who invites (rule 9), or the person themselves when they answered an announcement.</summary>
    public Guid InvitedById { get; init; }

    public Answer Answer { get; private set; } = Answer.None;

    public DateTime CreatedAt { get; init; }

    public DateTime? AnsweredAt { get; private set; }

    public DateTime? WaitlistedAt { get; private set; }

    public DateTime? OfferExpiresAt { get; private set; }

    /// <summary>Unguessable token of the personal calendar file link.</summary>
    public string CalendarToken { get; init; } = Tokens.New();

    /// <summary>True when this person holds a place: said yes, or has an open offer.</summary>
    public bool HoldsPlace => Answer is Answer.Yes or Answer.Offered;

    /// <summary>Says yes. Returns the resulting answer: Yes, or Waitlisted when the session is full.</summary>
    public Answer Accept(Session session, int placesTaken, DateTime now)
    {
        EnsureOpen(session, now);
        if (Answer is Answer.Yes or Answer.Waitlisted)
        {
            return Answer;
        }

        if (Answer == Answer.Offered)
        {
            return AcceptOffer(session, now);
        }

        var full = session.Capacity is { } capacity && placesTaken >= capacity;
        Answer = full ? Answer.Waitlisted : Answer.Yes;
        WaitlistedAt = full ? now : null;
        OfferExpiresAt = null;
        AnsweredAt = now;
        return Answer;
    }

    /// <summary>Says no. Returns true when this frees a place someone else can be offered (rule 12).</summary>
    public bool Decline(Session session, DateTime now)
    {
        EnsureOpen(session, now);
        var freed = HoldsPlace;
        Answer = Answer.No;
        AnsweredAt = now;
        WaitlistedAt = null;
        OfferExpiresAt = null;
        return freed;
    }

    /// <summary>Holds a freed place for this waitlisted person until the deadline; never assigns it.</summary>
    public void Offer(Session session, DateTime now)
    {
        if (Answer != Answer.Waitlisted)
        {
            throw new InvalidOperationException("Only people on the waitlist are offered a place.");
        }

        Answer = Answer.Offered;
        var deadline = now + OfferWindow;
        OfferExpiresAt = deadline < session.StartsAt ? deadline : session.StartsAt;
    }

    public Answer AcceptOffer(Session session, DateTime now)
    {
        EnsureOpen(session, now);
        if (Answer != Answer.Offered || OfferExpiresAt <= now)
        {
            throw new DomainException("That offer is no longer open. You are welcome to say yes again if a place is free.");
        }

        Answer = Answer.Yes;
        AnsweredAt = now;
        WaitlistedAt = null;
        OfferExpiresAt = null;
        return Answer;
    }

    /// <summary>
    /// An offer nobody answered lapses silently: silence means "not this time" (rule 5). Its deadline stays, so the
    /// person's views say the offer expired rather than that a place is held. Returns whether it lapsed.
    /// </summary>
    public bool LapseOffer(DateTime now)
    {
        if (Answer != Answer.Offered || OfferExpiresAt > now)
        {
            return false;
        }

        Answer = Answer.None;
        WaitlistedAt = null;
        return true;
    }

    private static void EnsureOpen(Session session, DateTime now)
    {
        if (session.Status == SessionStatus.Cancelled)
        {
            throw new DomainException("This session was cancelled, so there is nothing to answer.");
        }

        if (session.HasStarted(now))
        {
            throw new DomainException("This session has already started, so answers are closed.");
        }
    }
}

public enum Answer
{
    /// <summary>No answer yet; silence means "not this time" and is never chased.</summary>
    None,
    Yes,
    No,
    Waitlisted,

    /// <summary>A freed place is held for this person until <see cref="Invitation.OfferExpiresAt"/>.</summary>
    Offered,
}

public enum InvitationSource
{
    /// <summary>An organizer invited members who want invitations.</summary>
    Organizer,

    /// <summary>The person answered an announcement or asked to come.</summary>
    Self,
}

/// <summary>
/// A member's personal invitation of a colleague to a network (rule 2): at most one per colleague per network,
/// and silence or "no" ends it. Accepting it is the colleague's own act of joining.
/// </summary>
public sealed class ColleagueInvitation
{
    public Guid Id { get; init; } = Guid.NewGuid();

    public Guid NetworkId { get; init; }

    public Guid InviterId { get; init; }

    public Guid InviteeId { get; init; }

    public ColleagueInvitationStatus Status { get; private set; } = ColleagueInvitationStatus.Open;

    public DateTime CreatedAt { get; init; }

    public DateTime? AnsweredAt { get; private set; }

    public void Answer(bool accept, DateTime now)
    {
        if (Status != ColleagueInvitationStatus.Open)
        {
            throw new DomainException("You already answered that invitation.");
        }

        Status = accept ? ColleagueInvitationStatus.Accepted : ColleagueInvitationStatus.Declined;
        AnsweredAt = now;
    }
}

public enum ColleagueInvitationStatus
{
    Open,
    Accepted,
    Declined,
}

internal static class Tokens
{
    public static string New() =>
        Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(16));
}
