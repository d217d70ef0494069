namespace CoPBot.Services.Domain;

/// <summary>
/// One person's check-in at one session's room: their own act, walk-ins included, at most one per person per session.
/// It is only ever counted (rule 13): organizers see how many came, how many of them had said yes and how many walked
/// in; nobody can list who came or who did not, and nothing is ever sent to someone who said yes and did not come.
/// </summary>
public sealed class CheckIn
{
    public Guid Id { get; init; } = Guid.NewGuid();

    public Guid SessionId { get; init; }

    /// <summary>
    /// Who checked in, kept only while the session's introductions may need it (<see cref="KeptFor"/> after it ends),
    /// then cleared: the row stays as an anonymous count. Also cleared when the person is forgotten.
    /// </summary>
    public Guid? PersonId { get; private set; }

    public DateTime CheckedInAt { get; init; }

    /// <summary>Whether the person had said yes when they checked in; false for a walk-in.</summary>
    public bool SaidYes { get; init; }

    /// <summary>
    /// How long before a session starts its room takes check-ins; they close when it ends. People arrive early, and
    /// the code on the room screen is what proves they are in the room, not the clock.
    /// </summary>
    public static readonly TimeSpan OpensBeforeStart = TimeSpan.FromMinutes(30);

    /// <summary>How long after a session ends its check-ins still name people (for the introductions after it).</summary>
    public static readonly TimeSpan KeptFor = TimeSpan.FromDays(14);

    public static CheckIn Record(Guid sessionId, Guid personId, bool saidYes, DateTime now) =>
        new() { SessionId = sessionId, PersonId = personId, SaidYes = saidYes, CheckedInAt = now };

    /// <summary>True while the session's room takes check-ins: from <see cref="OpensBeforeStart"/> until its end.</summary>
    public static bool IsOpen(Session session, DateTime now)
    {
        ArgumentNullException.ThrowIfNull(session);
        return session.Status == SessionStatus.Scheduled && now >= session.StartsAt - OpensBeforeStart && now < session.EndsAt;
    }
}
