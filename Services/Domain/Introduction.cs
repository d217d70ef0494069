namespace CoPBot.Services.Domain;

/// <summary>
/// One person's "introduce me to someone from another department (or government) who was here", for one session they
/// checked in to (rule 14). Only the person makes it, changes their line or withdraws it ("not this time"), until the
/// pairing after the session. A withdrawn request costs nothing and tells nobody anything; it stays only so that the
/// message after the session does not ask again (rule 5), and asking again revives it. Each person introduced sees only
/// what the other chose to share; nobody ever learns who did not ask.
/// </summary>
public sealed class IntroductionRequest
{
    /// <summary>The longest line a person may share ("I'm working on…"), in characters.</summary>
    public const int MaxLineLength = 140;

    /// <summary>
    /// How long after a session ends people are paired: the after-session message and a night's quiet hours fit in it,
    /// and anyone who asked by then takes part. After it, nobody can ask for that session any more.
    /// </summary>
    public static readonly TimeSpan PairingDelay = TimeSpan.FromDays(1);

    public Guid Id { get; init; } = Guid.NewGuid();

    public Guid SessionId { get; init; }

    public Guid PersonId { get; init; }

    /// <summary>The one line the person chose to share, as they wrote it; null for none.</summary>
    public string? Line { get; set; }

    public DateTime CreatedAt { get; init; }

    public IntroductionOutcome Outcome { get; private set; } = IntroductionOutcome.Waiting;

    /// <summary>Who they were introduced to; null before pairing, for no match, or once that person was forgotten.</summary>
    public Guid? PartnerId { get; private set; }

    public DateTime? PairedAt { get; private set; }

    /// <summary>When a session's introductions are made: <see cref="PairingDelay"/> after it ends.</summary>
    public static DateTime PairsAt(Session session)
    {
        ArgumentNullException.ThrowIfNull(session);
        return session.EndsAt + PairingDelay;
    }

    /// <summary>Asks (again, after a "not this time"): waiting for the pairing.</summary>
    public void Ask() => Outcome = Outcome == IntroductionOutcome.Withdrawn ? IntroductionOutcome.Waiting : Outcome;

    /// <summary>"Not this time", before the pairing.</summary>
    public void Withdraw()
    {
        if (Outcome == IntroductionOutcome.Waiting)
        {
            Outcome = IntroductionOutcome.Withdrawn;
        }
    }

    public void IntroduceTo(Guid partnerId, DateTime now)
    {
        Outcome = IntroductionOutcome.Introduced;
        PartnerId = partnerId;
        PairedAt = now;
    }

    public void NoMatch(DateTime now)
    {
        Outcome = IntroductionOutcome.NoMatch;
        PairedAt = now;
    }
}

public enum IntroductionOutcome
{
    /// <summary>Asked; the pairing after the session has not run yet.</summary>
    Waiting,

    Introduced,

    /// <summary>Nobody from another department or organization was left to pair with: told so, kindly.</summary>
    NoMatch,

    /// <summary>"Not this time" before the pairing: not paired, not asked again after the session.</summary>
    Withdrawn,
}

/// <summary>
/// The pairing rule, deterministic: two people may be introduced when they work in different organizations, or in
/// departments of one organization that both named and that differ (two people who did not say their department may
/// work side by side, so they are not introduced as strangers). Another organization is preferred
/// to another department. The person with the fewest possible partners is paired first, each time with their best
/// partner, ties broken by the order people asked in, so as many as possible are introduced and the same requests
/// always give the same pairs.
/// </summary>
public static class IntroductionPairing
{
    /// <summary>One person who asked, with where they work.</summary>
    public sealed record Candidate(Guid PersonId, Guid OrganizationId, string? Department);

    public static bool CanMeet(Candidate a, Candidate b)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        return a.PersonId != b.PersonId && (a.OrganizationId != b.OrganizationId || DifferentDepartments(a.Department, b.Department));
    }

    /// <summary>
    /// Pairs <paramref name="candidates"/>, given in the order they asked. Returns the pairs and the people left over.
    /// The work grows with the cube of the number of people asking after one session (a room: tens, at most hundreds).
    /// </summary>
    public static (IReadOnlyList<(Candidate A, Candidate B)> Pairs, IReadOnlyList<Candidate> Leftover) Pair(IReadOnlyList<Candidate> candidates)
    {
        ArgumentNullException.ThrowIfNull(candidates);
        var open = candidates.DistinctBy(c => c.PersonId).ToList();
        var pairs = new List<(Candidate, Candidate)>();
        var leftover = new List<Candidate>();
        while (open.Count > 0)
        {
            int Options(Candidate c) => open.Count(o => CanMeet(c, o));
            var first = open.OrderBy(Options).ThenBy(open.IndexOf).First();
            var partner = open.Where(o => CanMeet(first, o))
                .OrderByDescending(o => o.OrganizationId != first.OrganizationId)
                .ThenBy(Options)
                .ThenBy(open.IndexOf)
                .FirstOrDefault();
            open.Remove(first);
            if (partner is null)
            {
                leftover.Add(first);
                continue;
            }

            open.Remove(partner);
            pairs.Add((first, partner));
        }

        return (pairs, leftover);
    }

    private static bool DifferentDepartments(string? a, string? b) =>
        !string.IsNullOrWhiteSpace(a) && !string.IsNullOrWhiteSpace(b) && !string.Equals(a.Trim(), b.Trim(), StringComparison.OrdinalIgnoreCase);
}
