using CoPBot.Services.Domain;
using CoPBot.Services.Outbox;
using CoPBot.Services.Storage;
using CoPBot.Services.Views;
using Microsoft.EntityFrameworkCore;

namespace CoPBot.Services.App;

/// <summary>Sessions, invitations and answers: rules 3, 5, 6, 9, 10, 11 and 12 at work.</summary>
public sealed class SessionService(CoPBotDbContext db, TimeProvider clock)
{
    private const int ConcurrencyRetries = 25;

    /// <summary>Places held: people going, and offers not yet answered (an RSVP counts them before taking one).</summary>
    private static readonly CompiledQuery<Func<CoPBotDbContext, Guid, CancellationToken, Task<int>>> PlacesTaken = new(() =>
        EF.CompileAsyncQuery((CoPBotDbContext db, Guid sessionId, CancellationToken _) =>
            db.Invitations.Count(i => i.SessionId == sessionId && (i.Answer == Answer.Yes || i.Answer == Answer.Offered))));

    /// <summary>A person's invitation to a session, to be answered.</summary>
    private static readonly CompiledQuery<Func<CoPBotDbContext, Guid, Guid, CancellationToken, Task<Invitation?>>> InvitationOf = new(() =>
        EF.CompileAsyncQuery((CoPBotDbContext db, Guid sessionId, Guid personId, CancellationToken _) =>
            db.Invitations.FirstOrDefault(i => i.SessionId == sessionId && i.PersonId == personId)));

    private readonly NetworkQueries queries = new(db, clock);

    /// <summary>
    /// Sessions this turn read, tracked, with their network and organizers, to show them: a "yes" to one of them answers
    /// it without reading it again.
    /// </summary>
    private readonly Dictionary<Guid, Session> _shown = [];

    private DateTime Now => clock.GetUtcNow().UtcDateTime;

    /// <summary>Schedules a session; organizers only. Text that reads like a mandate is refused (rule 11).</summary>
    public async Task<SessionSummary> ScheduleAsync(Actor actor, string handle, SessionDraft draft, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(actor);
        ArgumentNullException.ThrowIfNull(draft);
        var network = await queries.FindVisibleAsync(actor, handle, cancellationToken);
        NetworkService.EnsureOrganizer(actor, network);
        for (var attempt = 0; ; attempt++)
        {
            var number = (await db.Sessions.Where(s => s.NetworkId == network.Id).MaxAsync(s => (int?)s.Number, cancellationToken) ?? 0) + 1;
            var session = Session.Create(draft, network.Id, number, actor.PersonId, Now);
            db.Sessions.Add(session);
            try
            {
                await db.SaveChangesAsync(cancellationToken);
                return await SummaryAsync(actor, session.Id, cancellationToken);
            }
            catch (DbUpdateException) when (attempt < ConcurrencyRetries)
            {
                // Another organizer took the same number at the same moment; take the next one.
                db.Entry(session).State = EntityState.Detached;
            }
        }
    }

    public async Task<SessionSummary> GetAsync(Actor actor, string reference, CancellationToken cancellationToken) =>
        await queries.SessionSummaryAsync(actor, await queries.FindSessionAsync(actor, reference, cancellationToken, includePast: true), cancellationToken);

    /// <summary>The sessions of <paramref name="ids"/> the actor can still see, in that order (what a conversation showed them).</summary>
    public async Task<IReadOnlyList<SessionSummary>> ShownAsync(Actor actor, IReadOnlyList<Guid> ids, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(actor);
        ArgumentNullException.ThrowIfNull(ids);
        if (ids.Count == 0)
        {
            return [];
        }

        var found = await NetworkQueries.WithNetworkAndOrganizers(db.Sessions).Where(s => ids.Contains(s.Id)).ToListAsync(cancellationToken);
        var order = ids.ToList();
        var visible = found.Where(s => s.Network!.IsVisibleTo(actor.OrganizationId)).OrderBy(s => order.IndexOf(s.Id)).ToList();
        foreach (var session in visible)
        {
            _shown[session.Id] = session;
        }

        return await queries.SessionSummariesAsync(actor, visible, cancellationToken);
    }

    /// <summary>Upcoming sessions of the networks the actor can see (or of one network).</summary>
    public async Task<IReadOnlyList<SessionSummary>> UpcomingAsync(Actor actor, string? handle, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(actor);
        var now = Now;
        var query = NetworkQueries.WithNetworkAndOrganizers(db.Sessions.AsNoTracking())
            .Where(s => s.Status == SessionStatus.Scheduled && s.EndsAt > now)
            .Where(s => s.Network!.Organizations.Any(o => o.OrganizationId == actor.OrganizationId));
        if (handle is not null)
        {
            var network = await queries.FindVisibleAsync(actor, handle, cancellationToken);
            query = query.Where(s => s.NetworkId == network.Id);
        }

        var sessions = await query.OrderBy(s => s.StartsAt).Take(25).ToListAsync(cancellationToken);
        return await queries.SessionSummariesAsync(actor, sessions, cancellationToken);
    }

    /// <summary>"My sessions": coming sessions I said yes to, am waitlisted for, have an offer for, or have not answered yet.</summary>
    public async Task<IReadOnlyList<SessionSummary>> MySessionsAsync(Actor actor, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(actor);
        var now = Now;
        var sessions = await NetworkQueries.WithNetworkAndOrganizers(db.Sessions.AsNoTracking())
            .Where(s => s.EndsAt > now && db.Invitations.Any(i => i.SessionId == s.Id && i.PersonId == actor.PersonId && i.Answer != Answer.No))
            .OrderBy(s => s.StartsAt)
            .Take(25)
            .ToListAsync(cancellationToken);
        return await queries.SessionSummariesAsync(actor, sessions, cancellationToken);
    }

    /// <summary>
    /// "Show it now": the invitations held for this person (quiet hours, the weekly cap) are shown in this chat
    /// instead, and withdrawn from the outbox so they are not sent later.
    /// </summary>
    public async Task<IReadOnlyList<SessionSummary>> ShowHeldInvitationsAsync(Actor actor, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(actor);
        var now = Now;
        var held = await db.Outbox
            .Where(o => o.PersonId == actor.PersonId && o.Kind == OutboxKind.Invitation && o.Status == OutboxStatus.Pending && o.NotBefore > now && o.SessionId != null)
            .ToListAsync(cancellationToken);
        foreach (var message in held)
        {
            message.Status = OutboxStatus.Withdrawn;
        }

        await db.SaveChangesAsync(cancellationToken);
        var ids = held.Select(m => m.SessionId!.Value).ToList();
        var sessions = await NetworkQueries.WithNetworkAndOrganizers(db.Sessions.AsNoTracking())
            .Where(s => ids.Contains(s.Id) && s.Status == SessionStatus.Scheduled && s.StartsAt > now)
            .OrderBy(s => s.StartsAt)
            .ToListAsync(cancellationToken);
        return await queries.SessionSummariesAsync(actor, sessions, cancellationToken);
    }

    /// <summary>Yes or no, any number of times until the session starts (rule 6). No reason is asked (rule 3).</summary>
    public async Task<RsvpResult> RsvpAsync(Actor actor, string reference, bool yes, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(actor);
        for (var attempt = 0; ; attempt++)
        {
            var session = Guid.TryParse(reference, out var id) && _shown.TryGetValue(id, out var shown) && db.Entry(shown).State != EntityState.Detached
                ? shown
                : await queries.FindSessionAsync(actor, reference, cancellationToken);
            try
            {
                var invitation = await InvitationForAsync(actor, session, cancellationToken);
                var writer = new OutboxWriter(db, clock);
                await writer.ReadAboutAsync(actor.PersonId, session.Id, cancellationToken);
                var answer = yes ? await AcceptAsync(actor, session, invitation, writer, cancellationToken) : await DeclineAsync(actor, session, invitation, writer, cancellationToken);

                // Answered before its card went out (held by quiet hours or the cap): the card is not sent afterwards.
                await writer.WithdrawAsync(OutboxKind.Invitation, actor.PersonId, session.Id, cancellationToken);
                await db.SaveChangesAsync(cancellationToken);
                return new RsvpResult(answer, await queries.SessionSummaryAsync(actor, session, cancellationToken, invitation));
            }
            catch (DbUpdateException) when (attempt < ConcurrencyRetries)
            {
                // Someone else took or freed a place at the same moment (the session's version), or the same person's
                // double click created their invitation first (the unique index): decide again on fresh state, after
                // a short random pause so that many people answering at once do not collide again in lockstep.
                db.ChangeTracker.Clear();
                await Task.Delay(TimeSpan.FromMilliseconds(Random.Shared.Next(1, 10 + (5 * attempt))), cancellationToken);
            }
        }
    }

    /// <summary>Organizers send invitations to members who want them: one per person per session (rule 5).</summary>
    public async Task<InvitationRun> SendInvitationsAsync(Actor actor, string reference, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(actor);
        var session = await queries.FindSessionAsync(actor, reference, cancellationToken);
        var network = session.Network!;
        NetworkService.EnsureOrganizer(actor, network);

        // Serialized with joins to the network (see NetworkService.JoinAsync), then read afresh under the lock.
        await using var transaction = await DatabaseLocks.LockAsync(db, LockScope.NetworkInvitations, network.Id, cancellationToken);
        await db.Entry(session).ReloadAsync(cancellationToken);
        if (!session.IsOpenForAnswers(Now))
        {
            throw new DomainException("This session has started or was cancelled; invitations are closed.");
        }

        if (session.InvitationsOpenedAt is null)
        {
            // Each network keeps its own rhythm (rule 10): a budget of invitation rounds per 30 days.
            var since = Now - TimeSpan.FromDays(30);
            var rounds = await db.Sessions.CountAsync(s => s.NetworkId == network.Id && s.InvitationsOpenedAt > since, cancellationToken);
            if (rounds >= network.MonthlyInvitationBudget)
            {
                throw new DomainException(
                    $"{network.Name} has already sent {rounds} rounds of invitations in the last 30 days, its budget. " +
                    "Members' attention is protected: post an announcement to a channel instead, or wait a little.");
            }
        }

        var members = await (
            from m in db.Memberships.AsNoTracking()
            join p in db.People.AsNoTracking() on m.PersonId equals p.Id
            where m.NetworkId == network.Id && m.LeftAt == null && m.Level == MembershipLevel.Invitations && m.PersonId != actor.PersonId
            select new { Membership = m, Zone = p.TimeZoneId ?? p.ClientTimeZoneId ?? p.Organization!.TimeZoneId }).ToListAsync(cancellationToken);

        // A pause runs until a date in the member's own zone.
        var wanting = members.Where(x => x.Membership.WantsInvitations(DateOnly.FromDateTime(TimeZones.ToLocal(Now, x.Zone ?? "UTC"))))
            .Select(x => x.Membership.PersonId).ToList();
        var alreadyInvited = await db.Invitations.Where(i => i.SessionId == session.Id).Select(i => i.PersonId).ToListAsync(cancellationToken);
        var toInvite = wanting.Except(alreadyInvited).ToList();
        var people = await db.People.AsNoTracking().Where(p => toInvite.Contains(p.Id)).ToListAsync(cancellationToken);
        var runId = Guid.NewGuid();
        foreach (var person in people)
        {
            db.Invitations.Add(new Invitation
            {
                SessionId = session.Id, PersonId = person.Id, Source = InvitationSource.Organizer, InvitedById = actor.PersonId, CreatedAt = Now,
            });
        }

        await new OutboxWriter(db, clock).EnqueueInvitationsAsync(people, session, runId, cancellationToken);
        session.OpenInvitations(Now);
        await db.SaveChangesAsync(cancellationToken);
        if (transaction is not null)
        {
            await transaction.CommitAsync(cancellationToken);
        }

        return new InvitationRun(runId, await SummaryAsync(actor, session.Id, cancellationToken), people.Count,
            wanting.Count - toInvite.Count, await ProgressAsync(runId, cancellationToken));
    }

    /// <summary>
    /// Announces a session in channels, never as mass DMs (rule 2). With an address, that channel is linked to
    /// the network first (the organizer typed "announce" there).
    /// </summary>
    public async Task<AnnounceResult> AnnounceAsync(Actor actor, string reference, AnnouncementChannel? here, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(actor);
        var session = await queries.FindSessionAsync(actor, reference, cancellationToken);
        NetworkService.EnsureOrganizer(actor, session.Network!);
        if (!session.IsOpenForAnswers(Now))
        {
            throw new DomainException("This session has started or was cancelled; there is nothing to announce.");
        }

        if (here is not null)
        {
            var linked = await db.AnnouncementChannels.AnyAsync(a => a.NetworkId == session.NetworkId && a.Channel == here.Channel
                && a.TenantId == here.TenantId && a.ConversationId == here.ConversationId, cancellationToken);
            if (!linked)
            {
                db.AnnouncementChannels.Add(new AnnouncementChannel
                {
                    NetworkId = session.NetworkId, Channel = here.Channel, TenantId = here.TenantId, ConversationId = here.ConversationId, Name = here.Name,
                });
            }
        }

        var channels = await db.AnnouncementChannels.Where(a => a.NetworkId == session.NetworkId).ToListAsync(cancellationToken);
        channels.AddRange(db.AnnouncementChannels.Local.Where(a => a.NetworkId == session.NetworkId && db.Entry(a).State == EntityState.Added));
        if (channels.Count == 0)
        {
            throw new DomainException($"{session.Network!.Name} has no announcement channel yet. Add CoPBot to a channel and type \"announce {session.Reference}\" there.");
        }

        var runId = Guid.NewGuid();
        var writer = new OutboxWriter(db, clock);
        var queued = 0;
        foreach (var channel in channels.DistinctBy(c => (c.Channel, c.TenantId, c.ConversationId)))
        {
            // One announcement per channel per session version: a repeated "announce" does not post twice.
            if (await writer.EnqueueChannelAsync($"announce:{session.Id:N}:{session.Sequence}:{channel.Channel}:{channel.TenantId}:{channel.ConversationId}",
                    channel, session.Id, session.NetworkId, runId, cancellationToken))
            {
                queued++;
            }
        }

        await db.SaveChangesAsync(cancellationToken);
        return new AnnounceResult(runId, await SummaryAsync(actor, session.Id, cancellationToken), queued, channels.Count - queued);
    }

    /// <summary>Cancels; notices go only to people who said yes or wait for a place; reminders are withdrawn.</summary>
    public async Task<SessionSummary> CancelAsync(Actor actor, string reference, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(actor);
        var session = await queries.FindSessionAsync(actor, reference, cancellationToken);
        NetworkService.EnsureOrganizer(actor, session.Network!);
        session.Cancel(Now);
        var writer = new OutboxWriter(db, clock);
        await writer.WithdrawRemindersAsync(null, session.Id, cancellationToken);
        await writer.WithdrawAsync(OutboxKind.Invitation, null, session.Id, cancellationToken);
        await writer.WithdrawAsync(OutboxKind.Offer, null, session.Id, cancellationToken);
        await NotifyHoldersAsync(writer, session, OutboxKind.Cancellation, "cancelled", cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        return await SummaryAsync(actor, session.Id, cancellationToken);
    }

    /// <summary>Moves a session; people who said yes or wait get a notice and a new calendar SEQUENCE.</summary>
    public async Task<SessionSummary> RescheduleAsync(Actor actor, string reference, DateTime startsAt, TimeSpan? duration, string? room, string? address, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(actor);
        var session = await queries.FindSessionAsync(actor, reference, cancellationToken);
        NetworkService.EnsureOrganizer(actor, session.Network!);
        session.Reschedule(startsAt, duration ?? session.Duration, room, address, Now);
        var writer = new OutboxWriter(db, clock);
        await writer.WithdrawRemindersAsync(null, session.Id, cancellationToken);
        await NotifyHoldersAsync(writer, session, OutboxKind.Reschedule, $"moved:{session.Sequence}", cancellationToken);
        var yes = await db.Invitations.Include(i => i.Person).ThenInclude(p => p!.Organization).Where(i => i.SessionId == session.Id && i.Answer == Answer.Yes).ToListAsync(cancellationToken);
        foreach (var invitation in yes)
        {
            await writer.ScheduleReminderAsync(invitation.Person!, session, cancellationToken);
        }

        await db.SaveChangesAsync(cancellationToken);
        return await SummaryAsync(actor, session.Id, cancellationToken);
    }

    /// <summary>Figures for organizers: counts only, declines and silence folded together (rule 4).</summary>
    public async Task<SessionStats> StatsAsync(Actor actor, string reference, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(actor);
        var session = await queries.FindSessionAsync(actor, reference, cancellationToken, includePast: true);
        NetworkService.EnsureOrganizer(actor, session.Network!);
        var answers = await db.Invitations.AsNoTracking().Where(i => i.SessionId == session.Id)
            .GroupBy(i => i.Answer).Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(x => x.Key, x => x.Count, cancellationToken);
        var invited = answers.Values.Sum();
        var going = answers.GetValueOrDefault(Answer.Yes);

        // A freed place that is only offered is not "going" until the person takes it (rule 12).
        var offered = answers.GetValueOrDefault(Answer.Offered);
        var waitlisted = answers.GetValueOrDefault(Answer.Waitlisted);
        return new SessionStats
        {
            Session = await queries.SessionSummaryAsync(actor, session, cancellationToken),
            Invited = invited,
            Going = going,
            Offered = offered,
            Waitlisted = waitlisted,
            NotThisTime = invited - going - offered - waitlisted,
            Delivery = await ProgressForSessionAsync(session.Id, cancellationToken),
            ChannelsNotPosted = await ChannelPostFailures.NotPostedAsync(db, session.Id, cancellationToken),
            CheckIns = Now >= session.StartsAt - CheckIn.OpensBeforeStart ? await CheckInService.CountAsync(db, session.Id, cancellationToken) : null,
        };
    }

    /// <summary>Counts of one organizer run: queued, sent, deferred, failed. Never names.</summary>
    public async Task<DeliveryProgress> ProgressAsync(Guid runId, CancellationToken cancellationToken)
    {
        return await db.Outbox.AsNoTracking().Where(o => o.RunId == runId).CountProgressAsync(cancellationToken);
    }

    /// <summary>
    /// Lets offers past their deadline lapse silently and offers each place to the next person waiting (rule 12).
    /// Run by housekeeping; a second run changes nothing. Returns how many offers lapsed.
    /// </summary>
    public async Task<int> SweepOffersAsync(CancellationToken cancellationToken) => (await SweepAsync(cancellationToken)).Lapsed;

    /// <summary>The sweep, with how many lapsed offers passed their place on as a new offer.</summary>
    internal async Task<(int Lapsed, int PassedOn)> SweepAsync(CancellationToken cancellationToken)
    {
        var now = Now;
        var lapsed = await db.Invitations.Include(i => i.Session)
            .Where(i => i.Answer == Answer.Offered && i.OfferExpiresAt <= now)
            .OrderBy(i => i.OfferExpiresAt)
            .ToListAsync(cancellationToken);
        var writer = new OutboxWriter(db, clock);
        var passedOn = 0;
        foreach (var invitation in lapsed)
        {
            invitation.LapseOffer(now);
            invitation.Session!.TouchPlaces();
            if (await OfferFreedPlaceAsync(invitation.Session, writer, cancellationToken))
            {
                passedOn++;
            }

            // Saved one by one: the next lapse in the same session must see who was offered the place just now.
            await db.SaveChangesAsync(cancellationToken);
        }

        return (lapsed.Count, passedOn);
    }

    /// <summary>
    /// Answers an offer card. Taking a place whose offer ran out changes nothing and says so (the place went to the
    /// next person waiting); anything else is an ordinary answer.
    /// </summary>
    public async Task<RsvpResult> AnswerOfferAsync(Actor actor, string reference, bool accept, CancellationToken cancellationToken)
    {
        if (accept && await GetAsync(actor, reference, cancellationToken) is { OfferExpired: true } expired)
        {
            return new RsvpResult(Answer.None, expired);
        }

        return await RsvpAsync(actor, reference, accept, cancellationToken);
    }

    private async Task<Answer> AcceptAsync(Actor actor, Session session, Invitation invitation, OutboxWriter writer, CancellationToken cancellationToken)
    {
        var before = invitation.Answer;
        var taken = session.Capacity is null ? 0 : await PlacesTaken.For(db)(db, session.Id, cancellationToken);
        var answer = invitation.Accept(session, before == Answer.Offered ? taken - 1 : taken, Now);
        if (answer != before)
        {
            session.TouchPlaces();
        }

        if (answer == Answer.Yes && before != Answer.Yes)
        {
            var person = await PersonWithOrganizationAsync(actor.PersonId, cancellationToken);
            await writer.ScheduleReminderAsync(person, session, cancellationToken);
        }

        return answer;
    }

    private async Task<Answer> DeclineAsync(Actor actor, Session session, Invitation invitation, OutboxWriter writer, CancellationToken cancellationToken)
    {
        var freed = invitation.Decline(session, Now);
        await writer.WithdrawRemindersAsync(actor.PersonId, session.Id, cancellationToken);
        if (freed)
        {
            session.TouchPlaces();
            await OfferFreedPlaceAsync(session, writer, cancellationToken);
        }

        return Answer.No;
    }

    /// <summary>A freed place goes to the first person waiting, as an offer with a deadline, never an assignment (rule 12).</summary>
    private async Task<bool> OfferFreedPlaceAsync(Session session, OutboxWriter writer, CancellationToken cancellationToken)
    {
        if (!session.IsOpenForAnswers(Now))
        {
            return false;
        }

        var next = await db.Invitations.Include(i => i.Person)
            .Where(i => i.SessionId == session.Id && i.Answer == Answer.Waitlisted)
            .OrderBy(i => i.WaitlistedAt)
            .FirstOrDefaultAsync(cancellationToken);
        if (next is null)
        {
            return false;
        }

        next.Offer(session, Now);
        await writer.EnqueueDirectAsync(OutboxKind.Offer, $"offer:{next.Id:N}:{next.OfferExpiresAt!.Value.Ticks}", next.Person!,
            sessionId: session.Id, networkId: session.NetworkId, cancellationToken: cancellationToken);
        return true;
    }

    /// <summary>The person with their organization; already in hand when the turn resolved them (no second query).</summary>
    private async Task<Person> PersonWithOrganizationAsync(Guid personId, CancellationToken cancellationToken)
    {
        var person = await db.People.FindAsync([personId], cancellationToken) ?? throw new InvalidOperationException($"Person {personId} is gone.");
        var organization = db.Entry(person).Reference(p => p.Organization);
        if (!organization.IsLoaded)
        {
            await organization.LoadAsync(cancellationToken);
        }

        return person;
    }

    private async Task<Invitation> InvitationForAsync(Actor actor, Session session, CancellationToken cancellationToken)
    {
        // Read already when the session was shown to the person in this turn.
        var invitation = db.Invitations.Local.FirstOrDefault(i => i.SessionId == session.Id && i.PersonId == actor.PersonId)
            ?? await InvitationOf.For(db)(db, session.Id, actor.PersonId, cancellationToken);
        if (invitation is null)
        {
            // Answering an announcement, or asking to come, without a personal invitation: the person's own act.
            invitation = new Invitation { SessionId = session.Id, PersonId = actor.PersonId, Source = InvitationSource.Self, InvitedById = session.OrganizerId, CreatedAt = Now };
            db.Invitations.Add(invitation);
        }

        return invitation;
    }

    private async Task NotifyHoldersAsync(OutboxWriter writer, Session session, OutboxKind kind, string tag, CancellationToken cancellationToken)
    {
        var holders = await db.Invitations.Include(i => i.Person)
            .Where(i => i.SessionId == session.Id && (i.Answer == Answer.Yes || i.Answer == Answer.Waitlisted || i.Answer == Answer.Offered))
            .ToListAsync(cancellationToken);
        foreach (var invitation in holders)
        {
            await writer.EnqueueDirectAsync(kind, $"{tag}:{session.Id:N}:{invitation.PersonId:N}", invitation.Person!,
                sessionId: session.Id, networkId: session.NetworkId, cancellationToken: cancellationToken);
        }
    }

    private async Task<DeliveryProgress> ProgressForSessionAsync(Guid sessionId, CancellationToken cancellationToken)
    {
        return await db.Outbox.AsNoTracking().Where(o => o.SessionId == sessionId && o.Kind == OutboxKind.Invitation).CountProgressAsync(cancellationToken);
    }

    private async Task<SessionSummary> SummaryAsync(Actor actor, Guid sessionId, CancellationToken cancellationToken)
    {
        var session = await NetworkQueries.WithNetworkAndOrganizers(db.Sessions.AsNoTracking())
            .FirstAsync(s => s.Id == sessionId, cancellationToken);
        return await queries.SessionSummaryAsync(actor, session, cancellationToken);
    }
}

public sealed record RsvpResult(Answer Answer, SessionSummary Session);

public sealed record AnnounceResult(Guid RunId, SessionSummary Session, int Queued, int AlreadyAnnounced);
