using CoPBot.Services.Domain;
using CoPBot.Services.Storage;
using CoPBot.Services.Views;
using Microsoft.EntityFrameworkCore;

namespace CoPBot.Services.App;

/// <summary>
/// Check-in at the room (rule 13): one message with the code on the room screen, walk-ins welcome, counted once.
/// Check-ins are only ever counted: this service offers counts, one person's own status, and (inside Services, for
/// pairing introductions) the set of people checked in; never a list for anyone to read.
/// </summary>
public sealed class CheckInService(CoPBotDbContext db, TimeProvider clock, CheckInCodes codes)
{
    /// <summary>Sessions looked at when a code comes without a session: those whose rooms are open now.</summary>
    private const int MaxOpenSessions = 500;

    private readonly NetworkQueries queries = new(db, clock);

    private DateTime Now => clock.GetUtcNow().UtcDateTime;

    /// <summary>
    /// Checks the actor in with the code from the room screen. With a session ("idealab", "idealab-3") the code must
    /// be that session's; without, the code finds the session among those whose rooms are open now. Checking in twice
    /// counts once. A wrong or old code, or a room that is not open, is a <see cref="DomainException"/> with a kind message.
    /// </summary>
    public async Task<CheckInResult> CheckInAsync(Actor actor, string? sessionReference, string code, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(actor);
        if (!codes.Enabled)
        {
            throw new DomainException("Check-in isn't switched on here yet. Enjoy the session!");
        }

        code = code.Trim();
        if (!CheckInCodes.IsWellFormed(code))
        {
            throw new DomainException($"The check-in code is the {CheckInCodes.Length} digits on the room screen, like \"here 4821\".");
        }

        var session = string.IsNullOrWhiteSpace(sessionReference)
            ? await FindByCodeAsync(actor, code, cancellationToken)
            : await FindNamedAsync(actor, sessionReference, code, cancellationToken);
        var existing = await db.CheckIns.AsNoTracking().AnyAsync(c => c.SessionId == session.Id && c.PersonId == actor.PersonId, cancellationToken);
        if (!existing)
        {
            existing = !await TryRecordAsync(actor, session, cancellationToken);
        }

        return new CheckInResult(await queries.SessionSummaryAsync(actor, session, cancellationToken), AlreadyCheckedIn: existing);
    }

    /// <summary>Came, of them said yes, walk-ins. Counts only (rule 13).</summary>
    public async Task<CheckInCounts> CountsAsync(Guid sessionId, CancellationToken cancellationToken)
    {
        var counts = await db.CheckIns.AsNoTracking().Where(c => c.SessionId == sessionId)
            .GroupBy(c => c.SaidYes).Select(g => new { g.Key, Count = g.Count() })
            .ToDictionaryAsync(x => x.Key, x => x.Count, cancellationToken);
        var saidYes = counts.GetValueOrDefault(true);
        var walkIns = counts.GetValueOrDefault(false);
        return new CheckInCounts(saidYes + walkIns, saidYes, walkIns);
    }

    /// <summary>Whether this person checked in to the session: for their own view and their own choices, never another's.</summary>
    public Task<bool> IsCheckedInAsync(Guid sessionId, Guid personId, CancellationToken cancellationToken) =>
        db.CheckIns.AsNoTracking().AnyAsync(c => c.SessionId == sessionId && c.PersonId == personId, cancellationToken);

    /// <summary>
    /// The people checked in to a session, for pairing introductions among those who opted in. Internal on purpose:
    /// it must never become a list someone reads (rule 13). Empty once the check-ins were reduced to counts.
    /// </summary>
    internal async Task<IReadOnlySet<Guid>> CheckedInPeopleAsync(Guid sessionId, CancellationToken cancellationToken) =>
        (await db.CheckIns.AsNoTracking().Where(c => c.SessionId == sessionId && c.PersonId != null)
            .Select(c => c.PersonId!.Value).ToListAsync(cancellationToken)).ToHashSet();

    private async Task<Session> FindNamedAsync(Actor actor, string reference, string code, CancellationToken cancellationToken)
    {
        var session = await queries.FindSessionAsync(actor, reference, cancellationToken, includePast: true);
        EnsureOpen(session);
        if (!codes.Accepts(session.Id, code, clock.GetUtcNow()))
        {
            throw new DomainException($"That code doesn't match {session.Network!.Name} right now. It changes every minute: type the one on the room screen now.");
        }

        return session;
    }

    private async Task<Session> FindByCodeAsync(Actor actor, string code, CancellationToken cancellationToken)
    {
        var now = Now;
        var opensBy = now + CheckIn.OpensBeforeStart;
        var open = await db.Sessions.Include(s => s.Network).ThenInclude(n => n!.Organizations)
            .Where(s => s.Status == SessionStatus.Scheduled && s.StartsAt <= opensBy && s.EndsAt > now)
            .Where(s => s.Network!.Organizations.Any(o => o.OrganizationId == actor.OrganizationId))
            .OrderBy(s => s.StartsAt)
            .Take(MaxOpenSessions)
            .ToListAsync(cancellationToken);
        var matching = open.Where(s => codes.Accepts(s.Id, code, clock.GetUtcNow())).ToList();
        return matching switch
        {
            [var only] => only,
            [] => throw new DomainException("That code doesn't match a session happening now. It changes every minute: type the one on the room screen now."),

            // Two rooms showing the same four digits this minute: rare, and naming the session settles it.
            _ => throw new DomainException($"That code fits more than one session right now. Add the session, like \"here {matching[0].Reference} {code}\"."),
        };
    }

    private void EnsureOpen(Session session)
    {
        var now = Now;
        if (session.Status == SessionStatus.Cancelled)
        {
            throw new DomainException($"{session.Title} was cancelled, so there is nothing to check in to.");
        }

        if (now < session.StartsAt - CheckIn.OpensBeforeStart)
        {
            throw new DomainException($"Check-in for {session.Title} opens {CheckIn.OpensBeforeStart.TotalMinutes:0} minutes before it starts.");
        }

        if (now >= session.EndsAt)
        {
            throw new DomainException($"{session.Title} is over, so check-in is closed. Thanks for coming!");
        }
    }

    /// <summary>Records the check-in; false when the same person's other message recorded it at the same moment.</summary>
    private async Task<bool> TryRecordAsync(Actor actor, Session session, CancellationToken cancellationToken)
    {
        var saidYes = await db.Invitations.AnyAsync(i => i.SessionId == session.Id && i.PersonId == actor.PersonId && i.Answer == Answer.Yes, cancellationToken);
        var checkIn = CheckIn.Record(session.Id, actor.PersonId, saidYes, Now);
        db.CheckIns.Add(checkIn);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
            return true;
        }
        catch (DbUpdateException)
        {
            // The unique index kept it to one; inside a turn's transaction EF rolled back to its savepoint.
            db.Entry(checkIn).State = EntityState.Detached;
            if (await IsCheckedInAsync(session.Id, actor.PersonId, cancellationToken))
            {
                return false;
            }

            throw;
        }
    }
}

/// <summary>What a check-in did: the session, and whether the person had already checked in (it counts once).</summary>
public sealed record CheckInResult(SessionSummary Session, bool AlreadyCheckedIn);

/// <summary>A session's check-ins as counts only (rule 13): came = said yes + walk-ins.</summary>
public sealed record CheckInCounts(int Came, int SaidYes, int WalkIns)
{
    public static readonly CheckInCounts None = new(0, 0, 0);
}
