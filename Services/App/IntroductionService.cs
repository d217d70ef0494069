using CoPBot.Services.Domain;
using CoPBot.Services.Outbox;
using CoPBot.Services.Storage;
using CoPBot.Services.Views;
using Microsoft.EntityFrameworkCore;

namespace CoPBot.Services.App;

/// <summary>
/// Coffee introductions after a session (rule 14), double opt-in: only people who checked in may ask, only people who
/// asked are paired, and each pair gets one short introduction. The one optional message after a session goes once
/// to people who checked in and had not asked yet; housekeeping queues it and runs the pairing at
/// <see cref="IntroductionRequest.PairsAt"/>. Every message goes through the outbox (quiet hours, rule 10).
/// </summary>
public sealed class IntroductionService(CoPBotDbContext db, TimeProvider clock)
{
    private DateTime Now => clock.GetUtcNow().UtcDateTime;

    public static bool IsIntroductionKind(OutboxKind kind) =>
        kind is OutboxKind.IntroductionOffer or OutboxKind.Introduction or OutboxKind.IntroductionNoMatch;

    /// <summary>
    /// "Introduce me": for the named session, or the latest one the person checked in to whose introductions are still
    /// to come. With a line, it is what they share (replacing an earlier one). Asking twice is one request.
    /// </summary>
    public async Task<IntroductionStatus> AskAsync(Actor actor, string? sessionReference, string? line, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(actor);
        var clean = CleanLine(line);
        var session = await SessionAsync(actor, sessionReference, cancellationToken);
        var request = await db.IntroductionRequests.FirstOrDefaultAsync(r => r.SessionId == session.Id && r.PersonId == actor.PersonId, cancellationToken);
        if (request is null)
        {
            request = new IntroductionRequest { SessionId = session.Id, PersonId = actor.PersonId, Line = clean, CreatedAt = Now };
            db.IntroductionRequests.Add(request);

            // Asked already: the message after the session has nothing left to ask.
            await new OutboxWriter(db, clock).WithdrawAsync(OutboxKind.IntroductionOffer, actor.PersonId, session.Id, cancellationToken);
        }
        else
        {
            request.Ask();
            request.Line = clean ?? request.Line;
        }

        await db.SaveChangesAsync(cancellationToken);
        return await StatusAsync(actor, session, request, cancellationToken);
    }

    /// <summary>The line to share, for the person's open request; a <see cref="DomainException"/> when they have none.</summary>
    public async Task<IntroductionStatus> SetLineAsync(Actor actor, string line, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(actor);
        var clean = CleanLine(line) ?? throw new DomainException("Type the line you'd like to share, like \"intro line I'm working on open data\".");
        var request = await OpenRequestsOf(actor).FirstOrDefaultAsync(cancellationToken)
            ?? throw new DomainException("You haven't asked for an introduction. After checking in at a session, say \"introduce me\".");
        request.Line = clean;
        await db.SaveChangesAsync(cancellationToken);
        var session = await db.Sessions.AsNoTracking().FirstAsync(s => s.Id == request.SessionId, cancellationToken);
        return await StatusAsync(actor, session, request, cancellationToken);
    }

    /// <summary>
    /// "Not this time": withdraws the person's open request (of one session, or every one), before the pairing, at no
    /// cost: it is not paired and nobody is told. The titles of the sessions it was for; empty when there was none.
    /// </summary>
    public async Task<IReadOnlyList<string>> WithdrawAsync(Actor actor, Guid? sessionId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(actor);
        var open = await OpenRequestsOf(actor).Where(r => sessionId == null || r.SessionId == sessionId)
            .Join(db.Sessions, r => r.SessionId, s => s.Id, (r, s) => new { Request = r, s.Title })
            .ToListAsync(cancellationToken);
        foreach (var request in open)
        {
            request.Request.Withdraw();
        }

        if (sessionId is { } id)
        {
            // "Not this time" on the message after the session: it asks nothing more.
            await new OutboxWriter(db, clock).WithdrawAsync(OutboxKind.IntroductionOffer, actor.PersonId, id, cancellationToken);
        }

        await db.SaveChangesAsync(cancellationToken);
        return [.. open.Select(o => o.Title)];
    }

    /// <summary>True when the person has asked for an introduction that is still to be made.</summary>
    public Task<bool> HasOpenRequestAsync(Actor actor, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(actor);
        return OpenRequestsOf(actor).AnyAsync(cancellationToken);
    }

    private IQueryable<IntroductionRequest> OpenRequestsOf(Actor actor)
    {
        var now = Now;
        return db.IntroductionRequests
            .Where(r => r.PersonId == actor.PersonId && r.Outcome == IntroductionOutcome.Waiting)
            .Where(r => db.Sessions.Any(s => s.Id == r.SessionId && s.EndsAt > now - IntroductionRequest.PairingDelay))
            .OrderByDescending(r => r.CreatedAt);
    }

    /// <summary>
    /// One housekeeping pass: the message after each session that ended, once to each person who checked in and has not
    /// asked; then, for each session whose time has come, the pairing and its messages. Counts, never names.
    /// </summary>
    public async Task<IntroductionSweep> SweepAsync(CancellationToken cancellationToken)
    {
        var now = Now;
        var since = now - IntroductionRequest.PairingDelay;
        var writer = new OutboxWriter(db, clock);

        var offers = await (
                from c in db.CheckIns
                join s in db.Sessions on c.SessionId equals s.Id
                where c.PersonId != null && s.Status == SessionStatus.Scheduled && s.EndsAt <= now && s.EndsAt > since
                where !db.IntroductionRequests.Any(r => r.SessionId == s.Id && r.PersonId == c.PersonId)
                where !db.Outbox.Any(o => o.Kind == OutboxKind.IntroductionOffer && o.SessionId == s.Id && o.PersonId == c.PersonId)
                select new { SessionId = s.Id, s.NetworkId, PersonId = c.PersonId!.Value })
            .Take(MaxPerPass)
            .ToListAsync(cancellationToken);
        var offered = 0;
        foreach (var offer in offers)
        {
            var person = await db.People.FirstAsync(p => p.Id == offer.PersonId, cancellationToken);
            offered += await writer.EnqueueDirectAsync(OutboxKind.IntroductionOffer, $"intro-offer:{offer.SessionId:N}:{offer.PersonId:N}", person,
                sessionId: offer.SessionId, networkId: offer.NetworkId, cancellationToken: cancellationToken) ? 1 : 0;
        }

        var due = await db.IntroductionRequests
            .Where(r => r.Outcome == IntroductionOutcome.Waiting && db.Sessions.Any(s => s.Id == r.SessionId && s.EndsAt <= since))
            .Select(r => r.SessionId).Distinct().Take(MaxPerPass).ToListAsync(cancellationToken);
        int introduced = 0, unmatched = 0;
        foreach (var sessionId in due)
        {
            var (pairs, leftover) = await PairAsync(sessionId, writer, cancellationToken);
            introduced += pairs;
            unmatched += leftover;
        }

        await db.SaveChangesAsync(cancellationToken);
        return new IntroductionSweep(offered, introduced, unmatched);
    }

    /// <summary>The most sessions paired, and messages after sessions queued, in one pass; the next pass does the rest.</summary>
    private const int MaxPerPass = 500;

    private async Task<(int Pairs, int Leftover)> PairAsync(Guid sessionId, OutboxWriter writer, CancellationToken cancellationToken)
    {
        var session = await db.Sessions.AsNoTracking().FirstAsync(s => s.Id == sessionId, cancellationToken);
        var waiting = await (
                from r in db.IntroductionRequests
                join p in db.People on r.PersonId equals p.Id
                where r.SessionId == sessionId && r.Outcome == IntroductionOutcome.Waiting
                orderby r.CreatedAt, r.PersonId
                select new { Request = r, Person = p })
            .ToListAsync(cancellationToken);
        var (pairs, leftover) = IntroductionPairing.Pair([.. waiting.Select(w => new IntroductionPairing.Candidate(w.Person.Id, w.Person.OrganizationId, w.Person.Department))]);
        var now = Now;
        var byPerson = waiting.ToDictionary(w => w.Person.Id);
        foreach (var (a, b) in pairs)
        {
            foreach (var (me, other) in new[] { (a, b), (b, a) })
            {
                var mine = byPerson[me.PersonId];
                mine.Request.IntroduceTo(other.PersonId, now);
                await writer.EnqueueDirectAsync(OutboxKind.Introduction, $"intro:{sessionId:N}:{me.PersonId:N}", mine.Person,
                    sessionId: sessionId, networkId: session.NetworkId, cancellationToken: cancellationToken);
            }
        }

        foreach (var alone in leftover)
        {
            var mine = byPerson[alone.PersonId];
            mine.Request.NoMatch(now);
            await writer.EnqueueDirectAsync(OutboxKind.IntroductionNoMatch, $"intro-none:{sessionId:N}:{alone.PersonId:N}", mine.Person,
                sessionId: sessionId, networkId: session.NetworkId, cancellationToken: cancellationToken);
        }

        return (pairs.Count, leftover.Count);
    }

    /// <summary>
    /// What an introduction message shows, read when it is sent; null when it no longer applies (the person asked
    /// meanwhile, or withdrew, or the person they were introduced to was forgotten), so it is withdrawn, never sent.
    /// </summary>
    public async Task<IntroductionView?> DeliveryViewAsync(OutboxMessage message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        if (message is not { PersonId: { } personId, SessionId: { } sessionId })
        {
            return null;
        }

        var session = await db.Sessions.AsNoTracking().FirstOrDefaultAsync(s => s.Id == sessionId, cancellationToken);
        if (session is null)
        {
            return null;
        }

        var request = await db.IntroductionRequests.AsNoTracking().FirstOrDefaultAsync(r => r.SessionId == sessionId && r.PersonId == personId, cancellationToken);
        var view = new IntroductionView { Message = IntroductionMessage.Offer, SessionId = sessionId, SessionTitle = session.Title };
        switch (message.Kind)
        {
            case OutboxKind.IntroductionOffer:
                var checkedIn = await db.CheckIns.AsNoTracking().AnyAsync(c => c.SessionId == sessionId && c.PersonId == personId, cancellationToken);
                return checkedIn && request is null && Now < IntroductionRequest.PairsAt(session) ? view : null;

            case OutboxKind.IntroductionNoMatch:
                return request is { Outcome: IntroductionOutcome.NoMatch } ? view with { Message = IntroductionMessage.NoMatch } : null;

            case OutboxKind.Introduction when request is { Outcome: IntroductionOutcome.Introduced, PartnerId: { } partnerId }:
                var partner = await (
                        from p in db.People.AsNoTracking()
                        join o in db.Organizations.AsNoTracking() on p.OrganizationId equals o.Id
                        join r in db.IntroductionRequests.AsNoTracking() on p.Id equals r.PersonId
                        where p.Id == partnerId && r.SessionId == sessionId
                        select new { p.DisplayName, p.Department, Organization = o.Name, r.Line })
                    .FirstOrDefaultAsync(cancellationToken);
                return partner is null
                    ? null
                    : view with
                    {
                        Message = IntroductionMessage.Introduction,
                        PartnerName = partner.DisplayName,
                        PartnerDepartment = partner.Department,
                        PartnerOrganization = partner.Organization,
                        PartnerLine = partner.Line,
                    };

            default:
                return null;
        }
    }

    /// <summary>The person's requests, for "my data": the session, their line, and what came of it.</summary>
    internal async Task<List<IntroductionRecord>> ExportAsync(Guid personId, CancellationToken cancellationToken) =>
        await (
            from r in db.IntroductionRequests.AsNoTracking()
            join s in db.Sessions.AsNoTracking() on r.SessionId equals s.Id
            where r.PersonId == personId
            orderby r.CreatedAt
            select new IntroductionRecord(s.Title, r.Line, r.Outcome,
                db.People.Where(p => p.Id == r.PartnerId).Select(p => p.DisplayName).FirstOrDefault(), r.CreatedAt, r.PairedAt))
        .ToListAsync(cancellationToken);

    /// <summary>For "forget me": the person's requests go, and nobody's introduction names them any more.</summary>
    internal async Task ForgetAsync(Guid personId, CancellationToken cancellationToken)
    {
        await db.IntroductionRequests.Where(r => r.PersonId == personId).ExecuteDeleteAsync(cancellationToken);
        await db.IntroductionRequests.Where(r => r.PartnerId == personId)
            .ExecuteUpdateAsync(u => u.SetProperty(r => r.PartnerId, (Guid?)null), cancellationToken);
    }

    private async Task<Session> SessionAsync(Actor actor, string? reference, CancellationToken cancellationToken)
    {
        var now = Now;
        Session? session;
        if (!string.IsNullOrWhiteSpace(reference))
        {
            session = await new NetworkQueries(db, clock).FindSessionAsync(actor, reference, cancellationToken, includePast: true);
        }
        else
        {
            var since = now - IntroductionRequest.PairingDelay;
            session = await db.Sessions.AsNoTracking()
                .Where(s => s.EndsAt > since && db.CheckIns.Any(c => c.SessionId == s.Id && c.PersonId == actor.PersonId))
                .OrderByDescending(s => s.StartsAt)
                .FirstOrDefaultAsync(cancellationToken);
        }

        if (session is null || !await db.CheckIns.AnyAsync(c => c.SessionId == session.Id && c.PersonId == actor.PersonId, cancellationToken))
        {
            throw new DomainException("Introductions are for people who were in the room: check in at a session first (the code is on the room screen), then say \"introduce me\".");
        }

        if (now >= IntroductionRequest.PairsAt(session))
        {
            throw new DomainException($"The introductions after {session.Title} have been made. You can ask again after your next session.");
        }

        return session;
    }

    private async Task<IntroductionStatus> StatusAsync(Actor actor, Session session, IntroductionRequest request, CancellationToken cancellationToken)
    {
        var department = await db.People.AsNoTracking().Where(p => p.Id == actor.PersonId).Select(p => p.Department).FirstAsync(cancellationToken);
        return new IntroductionStatus(session.Id, session.Title, request.Line, IntroductionRequest.PairsAt(session), !string.IsNullOrWhiteSpace(department));
    }

    private static string? CleanLine(string? line)
    {
        var clean = UserText.Line(line).Trim('"', '\'').Trim();
        if (string.IsNullOrEmpty(clean))
        {
            return null;
        }

        return clean.Length <= IntroductionRequest.MaxLineLength
            ? clean
            : throw new DomainException($"Please keep your line under {IntroductionRequest.MaxLineLength} characters; it's a first hello, not a profile.");
    }
}

/// <summary>What one pass did, as counts: messages after sessions queued, pairs introduced, people with no match.</summary>
public sealed record IntroductionSweep(int Offered, int Pairs, int NoMatch);

/// <summary>One request as "my data" shows it.</summary>
internal sealed record IntroductionRecord(string Session, string? Line, IntroductionOutcome Outcome, string? IntroducedTo, DateTime CreatedAt, DateTime? PairedAt);
