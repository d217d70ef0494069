using CoPBot.Services.Addresses;
using CoPBot.Services.App;
using CoPBot.Services.Domain;
using CoPBot.Services.Storage;
using CoPBot.Services.Views;
using Microsoft.EntityFrameworkCore;

namespace CoPBot.Services.Outbox;

/// <summary>
/// The dispatcher's side of the outbox: claim due messages with a lease, load what each one needs at send time,
/// and record the outcome. On PostgreSQL a claim is <c>SELECT … FOR UPDATE SKIP LOCKED</c> in a short transaction
/// that sets the lease, so any number of instances can claim side by side and never share a row, nor (for a couple
/// of seconds) a conversation. On SQLite (one
/// instance, the embedded default) it is a conditional update per row. A lease that expires (the process died)
/// makes the row claimable again; an outcome is recorded only while the caller still holds the lease, so a slow
/// instance whose lease expired cannot overwrite what the instance that took over recorded.
/// </summary>
public sealed class DeliveryService(CoPBotDbContext db, TimeProvider clock)
{
    /// <summary>Failed attempts (not counting "too many requests") after which a message is dead-lettered.</summary>
    public const int MaxAttempts = 8;

    /// <summary>"Too many requests" answers after which a message is dead-lettered all the same (a platform that never lets it through).</summary>
    public const int MaxRateLimited = 50;

    /// <summary>
    /// How long after one instance sent to a conversation another may claim a message to it (PostgreSQL): the longest
    /// of the short per-conversation windows (Teams 8 per 2 s), so no such window ever holds two instances' sends.
    /// </summary>
    public static readonly TimeSpan ConversationQuietTime = TimeSpan.FromSeconds(2);

    /// <summary>The PostgreSQL advisory lock that serializes claims ("CoPBotOb" in ASCII).</summary>
    private const long ClaimLockKey = 0x436F50426F744F62;

    private static readonly TimeSpan BaseBackoff = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan MaxBackoff = TimeSpan.FromHours(1);

    private readonly NetworkQueries queries = new(db, clock);

    private DateTime Now => clock.GetUtcNow().UtcDateTime;

    /// <summary>Claims up to <paramref name="batchSize"/> due messages on the given channels for <paramref name="owner"/>.</summary>
    public async Task<IReadOnlyList<OutboxMessage>> ClaimDueAsync(string owner, IReadOnlyCollection<string> channels, int batchSize, TimeSpan lease, CancellationToken cancellationToken, Guid? personId = null)
    {
        ArgumentNullException.ThrowIfNull(owner);
        ArgumentNullException.ThrowIfNull(channels);
        var claimed = db.IsPostgres
            ? await ClaimLockedAsync(owner, channels, batchSize, lease, personId, cancellationToken)
            : await ClaimConditionallyAsync(owner, channels, batchSize, lease, personId, cancellationToken);
        return await db.Outbox.AsNoTracking().Where(o => claimed.Contains(o.Id) && o.LeaseOwner == owner).OrderBy(o => o.NotBefore).ToListAsync(cancellationToken);
    }

    /// <summary>
    /// PostgreSQL: lock due rows nobody else has locked, set the lease on them, commit. Claims take turns (an advisory
    /// lock held to the commit); rows another instance already claimed fail the lease test, and so do rows to a
    /// conversation it holds or sent to a moment ago.
    /// </summary>
    private async Task<List<Guid>> ClaimLockedAsync(string owner, IReadOnlyCollection<string> channels, int batchSize, TimeSpan lease, Guid? personId, CancellationToken cancellationToken)
    {
        var now = Now;
        var until = now + lease;
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);

        // One claim at a time across instances (a few milliseconds each): a claim sees the others' committed leases,
        // so two instances never take rows of one conversation side by side.
        await db.Database.ExecuteSqlRawAsync("SELECT pg_advisory_xact_lock({0})", [ClaimLockKey], cancellationToken);
        var sql = OutboxSql.For(db).ClaimDue(personId is not null);
        object[] common = [(int)OutboxStatus.Pending, now, channels.ToArray(), batchSize, owner, (int)OutboxStatus.Sent, now - ConversationQuietTime];
        object[] parameters = personId is { } person ? [.. common, person] : common;
        var ids = await db.Database.SqlQueryRaw<Guid>(sql, parameters).ToListAsync(cancellationToken);
        if (ids.Count > 0)
        {
            await db.Outbox.Where(o => ids.Contains(o.Id))
                .ExecuteUpdateAsync(u => u.SetProperty(o => o.LeaseOwner, owner).SetProperty(o => o.LeaseExpiresAt, until), cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
        return ids;
    }

    /// <summary>
    /// SQLite (one instance): pick due rows, then take them in one conditional update that skips any row someone else
    /// took meanwhile (the caller reads back the rows that carry its name). One statement, not one per row: a claim
    /// is a pause in sending, and fifty round trips of it cost the fan-out a tenth of its rate.
    /// </summary>
    private async Task<List<Guid>> ClaimConditionallyAsync(string owner, IReadOnlyCollection<string> channels, int batchSize, TimeSpan lease, Guid? personId, CancellationToken cancellationToken)
    {
        var now = Now;
        var candidates = await db.Outbox.AsNoTracking()
            .Where(o => o.Status == OutboxStatus.Pending && o.NotBefore <= now && channels.Contains(o.Channel))
            .Where(o => o.LeaseExpiresAt == null || o.LeaseExpiresAt < now)
            .Where(o => personId == null || o.PersonId == personId)
            .OrderBy(o => o.NotBefore)
            .Select(o => o.Id)
            .Take(batchSize)
            .ToListAsync(cancellationToken);
        if (candidates.Count > 0)
        {
            var until = now + lease;
            await db.Outbox
                .Where(o => candidates.Contains(o.Id) && o.Status == OutboxStatus.Pending && (o.LeaseExpiresAt == null || o.LeaseExpiresAt < now))
                .ExecuteUpdateAsync(u => u.SetProperty(o => o.LeaseOwner, owner).SetProperty(o => o.LeaseExpiresAt, until), cancellationToken);
        }

        return candidates;
    }

    /// <summary>
    /// Extends a lease just before sending and notes that a send may now start (<see cref="OutboxMessage.SendingSince"/>,
    /// cleared by an outcome the platform gave; an earlier send whose outcome nobody learnt keeps its earlier instant). False when the caller no longer holds the lease (it expired and another instance took
    /// the row, or the row was withdrawn): then the caller must not send.
    /// </summary>
    public async Task<bool> BeginSendAsync(Guid id, string owner, TimeSpan lease, CancellationToken cancellationToken)
    {
        var now = Now;
        var until = now + lease;
        return await db.Outbox
            .Where(o => o.Id == id && o.Status == OutboxStatus.Pending && o.LeaseOwner == owner && o.LeaseExpiresAt != null && o.LeaseExpiresAt >= now)
            .ExecuteUpdateAsync(u => u.SetProperty(o => o.LeaseExpiresAt, until).SetProperty(o => o.SendingSince, o => o.SendingSince ?? now), cancellationToken) == 1;
    }

    /// <summary>
    /// A running dispatcher's beat: extends the leases <paramref name="owner"/> still holds (so a lease can be short and
    /// a dead instance's rows are taken over soon), records that it is alive, forgets workers silent for a day, and
    /// answers how many live workers (a beat within <paramref name="liveFor"/>) send on each channel, this one included.
    /// </summary>
    public async Task<IReadOnlyDictionary<string, int>> HeartbeatAsync(string owner, IReadOnlyCollection<string> channels, TimeSpan lease, TimeSpan liveFor, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(owner);
        ArgumentNullException.ThrowIfNull(channels);
        var now = Now;
        var until = now + lease;
        await db.Outbox.Where(o => o.LeaseOwner == owner && o.Status == OutboxStatus.Pending && o.LeaseExpiresAt != null && o.LeaseExpiresAt >= now)
            .ExecuteUpdateAsync(u => u.SetProperty(o => o.LeaseExpiresAt, until), cancellationToken);

        var list = string.Join(',', channels.Order(StringComparer.Ordinal));
        var beat = await db.DeliveryWorkers.Where(w => w.Owner == owner)
            .ExecuteUpdateAsync(u => u.SetProperty(w => w.HeartbeatAt, now).SetProperty(w => w.Channels, list), cancellationToken);
        if (beat == 0)
        {
            db.DeliveryWorkers.Add(new DeliveryWorker { Owner = owner, Channels = list, StartedAt = now, HeartbeatAt = now });
            await db.SaveChangesAsync(cancellationToken);
        }

        var forgotten = now - TimeSpan.FromDays(1);
        await db.DeliveryWorkers.Where(w => w.HeartbeatAt < forgotten).ExecuteDeleteAsync(cancellationToken);

        var since = now - liveFor;
        var live = await db.DeliveryWorkers.AsNoTracking().Where(w => w.HeartbeatAt >= since).Select(w => w.Channels).ToListAsync(cancellationToken);
        return live.SelectMany(c => c.Split(',', StringSplitOptions.RemoveEmptyEntries)).GroupBy(c => c, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
    }

    /// <summary>
    /// A dispatcher that stops: gives back the leases it holds (a send it broke off stays marked as in flight) and
    /// leaves the live workers, so the others take its share of the limits at their next beat.
    /// </summary>
    public async Task LeaveAsync(string owner, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(owner);
        await db.Outbox.Where(o => o.LeaseOwner == owner && o.Status == OutboxStatus.Pending)
            .ExecuteUpdateAsync(u => u.SetProperty(o => o.LeaseOwner, (string?)null).SetProperty(o => o.LeaseExpiresAt, (DateTime?)null), cancellationToken);
        await db.DeliveryWorkers.Where(w => w.Owner == owner).ExecuteDeleteAsync(cancellationToken);
    }

    /// <summary>
    /// What a claimed message needs, read at send time. A message that no longer applies (the person left, paused or
    /// stopped invitations, the session was cancelled or began) is withdrawn, never sent (rules 2, 5, 7); one that
    /// the person's quiet hours or weekly cap say "not now" to is deferred (rule 10). The outcome says which.
    /// </summary>
    public async Task<PreparedMessage> PrepareAsync(OutboxMessage message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        var owner = message.LeaseOwner;
        Actor? recipient = null;
        Person? person = null;
        PlatformAccount? account = null;
        if (message.PersonId is { } personId)
        {
            person = await db.People.AsNoTracking().Include(p => p.Accounts).Include(p => p.Organization).FirstOrDefaultAsync(p => p.Id == personId, cancellationToken);
            account = person?.Accounts.Where(a => a.Channel == message.Channel).MaxBy(a => a.LastSeenAt);
            if (person is null || account is null)
            {
                return await WithdrawnAsync(message, owner, cancellationToken);
            }

            recipient = PeopleService.ToActor(person);
        }

        // Introductions come after the session: their own rules say whether they still apply, and what they show.
        IntroductionView? introduction = null;
        if (IntroductionService.IsIntroductionKind(message.Kind)
            && (introduction = await new IntroductionService(db, clock).DeliveryViewAsync(message, cancellationToken)) is null)
        {
            return await WithdrawnAsync(message, owner, cancellationToken);
        }

        SessionSummary? session = null;
        if (message.SessionId is { } sessionId && introduction is null)
        {
            var entity = await db.Sessions.AsNoTracking().Include(s => s.Network).ThenInclude(n => n!.Organizers).Include(s => s.Organizer)
                .FirstOrDefaultAsync(s => s.Id == sessionId, cancellationToken);
            if (entity is null || !await StillAppliesAsync(message, entity, recipient?.TimeZoneId, cancellationToken))
            {
                return await WithdrawnAsync(message, owner, cancellationToken);
            }

            var reader = recipient ?? new Actor(Guid.Empty, Guid.Empty, "", entity.TimeZoneId);
            session = await queries.SessionSummaryAsync(reader, entity, cancellationToken);
        }

        ColleagueInvitationView? colleague = null;
        if (message.ColleagueInvitationId is { } invitationId && recipient is not null)
        {
            var invitation = await db.ColleagueInvitations.AsNoTracking().FirstOrDefaultAsync(c => c.Id == invitationId, cancellationToken);
            if (invitation is null || invitation.Status != ColleagueInvitationStatus.Open)
            {
                return await WithdrawnAsync(message, owner, cancellationToken);
            }

            colleague = await new NetworkService(db, clock).GetColleagueInvitationAsync(recipient, invitationId, cancellationToken);
        }

        // A notice about a failed channel post that was posted since (announced there again) no longer applies.
        ChannelPostFailure? failedPost = null;
        if (message.Kind == OutboxKind.ChannelPostFailed && (failedPost = await ChannelPostFailures.OfNoticeAsync(db, message, cancellationToken)) is null)
        {
            return await WithdrawnAsync(message, owner, cancellationToken);
        }

        // Quiet hours and the weekly cap again, now: the person may have changed them since the row was queued.
        if (person is not null)
        {
            var (until, reason) = await new AttentionBudget(db).NotNowAsync(message, person, Now, cancellationToken);
            if (until is { } later)
            {
                await DeferAsync(message.Id, owner, later, reason, cancellationToken);
                return new PreparedMessage(null, PrepareOutcome.Deferred, later, reason);
            }
        }

        var item = new OutboxItem(message, recipient, account is null ? null : new AccountKey(account.Channel, account.TenantId, account.UserId), session, colleague, failedPost, introduction);
        return new PreparedMessage(item, PrepareOutcome.Ready, null, null);
    }

    /// <summary>Records a sent message if <paramref name="owner"/> still holds its lease; false (and nothing changed) otherwise.</summary>
    public async Task<bool> MarkSentAsync(Guid id, string owner, string? messageId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(owner);
        return await FinishAsync(id, owner, OutboxStatus.Sent, messageId, null, cancellationToken);
    }

    /// <summary>
    /// Records a failed attempt if <paramref name="owner"/> (null: anyone) still holds the lease: tried again after an
    /// exponential backoff with jitter (at least <paramref name="retryAfter"/>), dead-lettered after
    /// <see cref="MaxAttempts"/> attempts or at once when <paramref name="permanent"/>. When the platform may have
    /// taken the message all the same (<paramref name="maybeDelivered"/>: the request timed out or the connection
    /// broke), the row stays marked as in flight, so the next attempt asks the platform before sending again.
    /// </summary>
    public async Task<FailureOutcome> MarkFailedAsync(Guid id, string? owner, string error, TimeSpan? retryAfter, bool permanent, CancellationToken cancellationToken, bool maybeDelivered = false)
    {
        ArgumentNullException.ThrowIfNull(error);
        var message = await db.Outbox.AsNoTracking().FirstOrDefaultAsync(o => o.Id == id, cancellationToken);
        if (message is null || message.Status != OutboxStatus.Pending || (owner is not null && message.LeaseOwner != owner))
        {
            return FailureOutcome.LeaseLost;
        }

        var attempts = message.Attempts + 1;
        var dead = permanent || attempts >= MaxAttempts;
        var notBefore = message.NotBefore;
        if (!dead)
        {
            var backoff = Backoff(attempts);
            notBefore = Now + (retryAfter is { } wait && wait > backoff ? wait : backoff);
        }

        var lastError = error.Length > 500 ? error[..500] : error;
        var rows = await Owned(id, owner, message.Attempts, message.RateLimited).ExecuteUpdateAsync(u => u
            .SetProperty(o => o.Attempts, attempts)
            .SetProperty(o => o.LastError, lastError)
            .SetProperty(o => o.Status, dead ? OutboxStatus.DeadLetter : OutboxStatus.Pending)
            .SetProperty(o => o.NotBefore, notBefore)
            .SetProperty(o => o.SendingSince, o => maybeDelivered ? o.SendingSince : null)
            .SetProperty(o => o.LeaseOwner, (string?)null)
            .SetProperty(o => o.LeaseExpiresAt, (DateTime?)null), cancellationToken);
        return rows == 0 ? FailureOutcome.LeaseLost : dead ? FailureOutcome.DeadLettered : FailureOutcome.Retried;
    }

    /// <summary>
    /// The platform said "too many requests" (or "come back later"): tried again after <paramref name="retryAfter"/>,
    /// marked as deferred by the rate limit, and not counted as a failed attempt. Dead-lettered only after
    /// <see cref="MaxRateLimited"/> such answers.
    /// </summary>
    public async Task<FailureOutcome> MarkRateLimitedAsync(Guid id, string? owner, TimeSpan retryAfter, CancellationToken cancellationToken)
    {
        var message = await db.Outbox.AsNoTracking().FirstOrDefaultAsync(o => o.Id == id, cancellationToken);
        if (message is null || message.Status != OutboxStatus.Pending || (owner is not null && message.LeaseOwner != owner))
        {
            return FailureOutcome.LeaseLost;
        }

        var limited = message.RateLimited + 1;
        var dead = limited >= MaxRateLimited;
        var notBefore = Now + (retryAfter > TimeSpan.Zero ? retryAfter : TimeSpan.FromSeconds(1));
        var rows = await Owned(id, owner, message.Attempts, message.RateLimited).ExecuteUpdateAsync(u => u
            .SetProperty(o => o.RateLimited, limited)
            .SetProperty(o => o.LastError, dead ? "rate limited too often" : message.LastError)
            .SetProperty(o => o.Status, dead ? OutboxStatus.DeadLetter : OutboxStatus.Pending)
            .SetProperty(o => o.NotBefore, notBefore)
            .SetProperty(o => o.Deferred, DeferReason.RateLimit)
            .SetProperty(o => o.SendingSince, (DateTime?)null)
            .SetProperty(o => o.LeaseOwner, (string?)null)
            .SetProperty(o => o.LeaseExpiresAt, (DateTime?)null), cancellationToken);
        return rows == 0 ? FailureOutcome.LeaseLost : dead ? FailureOutcome.DeadLettered : FailureOutcome.Retried;
    }

    /// <summary>
    /// Puts a claimed message back until <paramref name="until"/> without counting an attempt (quiet hours, cap, our own
    /// rate limit). Nothing was sent, so an earlier send in flight stays marked as such.
    /// </summary>
    public async Task<bool> DeferAsync(Guid id, string? owner, DateTime until, DeferReason? reason, CancellationToken cancellationToken) =>
        await db.Outbox.Where(o => o.Id == id && o.Status == OutboxStatus.Pending && (owner == null || o.LeaseOwner == owner))
            .ExecuteUpdateAsync(u => u
                .SetProperty(o => o.NotBefore, until)
                .SetProperty(o => o.Deferred, o => reason ?? o.Deferred)
                .SetProperty(o => o.LeaseOwner, (string?)null)
                .SetProperty(o => o.LeaseExpiresAt, (DateTime?)null), cancellationToken) == 1;

    /// <summary>The wait before attempt <paramref name="attempts"/> + 1: exponential from 5 s, capped at an hour, with jitter so retries do not arrive in step.</summary>
    internal static TimeSpan Backoff(int attempts)
    {
        var exponential = Math.Min(MaxBackoff.TotalSeconds, BaseBackoff.TotalSeconds * Math.Pow(2, Math.Max(0, attempts - 1)));
#pragma warning disable CA5394 // Jitter spreads retries in time; it needs no cryptographic randomness.
        var jitter = 0.5 + (Random.Shared.NextDouble() / 2);
#pragma warning restore CA5394
        return TimeSpan.FromSeconds(exponential * jitter);
    }

    private IQueryable<OutboxMessage> Owned(Guid id, string? owner, int attempts, int rateLimited) =>
        db.Outbox.Where(o => o.Id == id && o.Status == OutboxStatus.Pending && o.Attempts == attempts && o.RateLimited == rateLimited
                             && (owner == null || o.LeaseOwner == owner));

    private async Task<PreparedMessage> WithdrawnAsync(OutboxMessage message, string? owner, CancellationToken cancellationToken)
    {
        await FinishAsync(message.Id, owner, OutboxStatus.Withdrawn, null, null, cancellationToken);
        return new PreparedMessage(null, PrepareOutcome.Withdrawn, null, null);
    }

    /// <summary>
    /// Remembers where the organizer's card for a run was posted (the platform's message id), so the dispatcher can
    /// update it in place with the run's counts. Recording the same run again moves it to the newer message.
    /// </summary>
    public async Task RecordRunCardAsync(Guid runId, ChatAddress address, string messageId, string? title, Guid? sessionId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(address);
        ArgumentException.ThrowIfNullOrEmpty(messageId);
        sessionId ??= await db.Outbox.Where(o => o.RunId == runId && o.SessionId != null).Select(o => o.SessionId).FirstOrDefaultAsync(cancellationToken);
        var run = await db.DeliveryRuns.FirstOrDefaultAsync(r => r.Id == runId, cancellationToken);
        if (run is null)
        {
            run = new DeliveryRun
            {
                Id = runId, Channel = address.Channel, TenantId = address.TenantId, ConversationId = address.ConversationId,
                MessageId = messageId, CreatedAt = Now,
            };
            db.DeliveryRuns.Add(run);
        }

        run.Channel = address.Channel;
        run.TenantId = address.TenantId;
        run.ConversationId = address.ConversationId;
        run.MessageId = messageId;
        run.Title = title is { Length: > 200 } ? title[..200] : title;
        run.SessionId = sessionId;
        run.Finished = false;
        await db.SaveChangesAsync(cancellationToken);
    }

    /// <summary>The runs among <paramref name="runIds"/> whose card shows other counts than they have now, with those counts.</summary>
    public async Task<IReadOnlyList<RunProgress>> RunsToUpdateAsync(IReadOnlyCollection<Guid> runIds, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(runIds);
        var runs = await db.DeliveryRuns.AsNoTracking().Where(r => runIds.Contains(r.Id) && !r.Finished).ToListAsync(cancellationToken);
        var result = new List<RunProgress>();
        foreach (var run in runs)
        {
            var progress = await db.Outbox.AsNoTracking().Where(o => o.RunId == run.Id).CountProgressAsync(cancellationToken);
            if (Shown(progress) == run.LastShown)
            {
                continue;
            }

            SessionSummary? session = null;
            if (run.SessionId is { } sessionId
                && await db.Sessions.AsNoTracking().Include(s => s.Network).ThenInclude(n => n!.Organizers).Include(s => s.Organizer)
                    .FirstOrDefaultAsync(s => s.Id == sessionId, cancellationToken) is { } entity)
            {
                session = await queries.SessionSummaryAsync(new Actor(Guid.Empty, Guid.Empty, "", entity.TimeZoneId), entity, cancellationToken);
            }

            result.Add(new RunProgress(run, progress, session));
        }

        return result;
    }

    /// <summary>Notes the counts the organizer's card now shows; a run whose card showed nothing left queued is finished.</summary>
    public Task MarkRunShownAsync(Guid runId, DeliveryProgress progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(progress);
        var shown = Shown(progress);
        var now = Now;
        return db.DeliveryRuns.Where(r => r.Id == runId).ExecuteUpdateAsync(u => u
            .SetProperty(r => r.LastShown, shown)
            .SetProperty(r => r.Finished, progress.Finished)
            .SetProperty(r => r.UpdatedAt, now), cancellationToken);
    }

    private static string Shown(DeliveryProgress p) => FormattableString.Invariant($"{p.Queued}/{p.Sent}/{p.Deferred}/{p.Failed}");

    /// <summary>How many messages wait (for metrics and readiness).</summary>
    public Task<int> QueueDepthAsync(CancellationToken cancellationToken) =>
        db.Outbox.CountAsync(o => o.Status == OutboxStatus.Pending, cancellationToken);

    private async Task<bool> StillAppliesAsync(OutboxMessage message, Session session, string? recipientZone, CancellationToken cancellationToken)
    {
        var now = Now;
        if (message.Kind == OutboxKind.Cancellation)
        {
            // Only to people who held a place or waited for one when it was cancelled (answers are frozen since).
            return message.PersonId is not { } holder || await HoldsOrWaitsAsync(session.Id, holder, cancellationToken);
        }

        if (session.Status == SessionStatus.Cancelled || session.HasStarted(now))
        {
            return false;
        }

        if (message.PersonId is not { } personId)
        {
            return true;
        }

        var invitation = await db.Invitations.AsNoTracking().FirstOrDefaultAsync(i => i.SessionId == session.Id && i.PersonId == personId, cancellationToken);
        switch (message.Kind)
        {
            case OutboxKind.Invitation:
            {
                // Only to members who still want invitations today, and who have not answered already (rules 2, 7).
                var membership = await db.Memberships.AsNoTracking().FirstOrDefaultAsync(m => m.NetworkId == session.NetworkId && m.PersonId == personId, cancellationToken);
                var today = DateOnly.FromDateTime(TimeZones.ToLocal(now, recipientZone ?? "UTC"));
                return membership is not null && membership.WantsInvitations(today) && invitation is { Answer: Answer.None };
            }

            case OutboxKind.Reminder:
                return invitation is { Answer: Answer.Yes };
            case OutboxKind.Reschedule:
                // A notice goes only to people who still hold a place or wait for one (not to someone who declined since).
                return invitation is { Answer: Answer.Yes or Answer.Waitlisted or Answer.Offered };
            case OutboxKind.Offer:
                return invitation is { Answer: Answer.Offered } && invitation.OfferExpiresAt > now;
            default:
                return true;
        }
    }

    private Task<bool> HoldsOrWaitsAsync(Guid sessionId, Guid personId, CancellationToken cancellationToken) =>
        db.Invitations.AsNoTracking().AnyAsync(i => i.SessionId == sessionId && i.PersonId == personId
            && (i.Answer == Answer.Yes || i.Answer == Answer.Waitlisted || i.Answer == Answer.Offered), cancellationToken);

    private async Task<bool> FinishAsync(Guid id, string? owner, OutboxStatus status, string? messageId, string? error, CancellationToken cancellationToken)
    {
        var now = Now;
        return await db.Outbox.Where(o => o.Id == id && o.Status == OutboxStatus.Pending && (owner == null || o.LeaseOwner == owner)).ExecuteUpdateAsync(u => u
            .SetProperty(o => o.Status, status)
            .SetProperty(o => o.SentAt, status == OutboxStatus.Sent ? now : null)
            .SetProperty(o => o.SentMessageId, messageId)
            .SetProperty(o => o.SentBy, status == OutboxStatus.Sent ? owner : null)
            .SetProperty(o => o.LastError, error)
            .SetProperty(o => o.SendingSince, (DateTime?)null)
            .SetProperty(o => o.LeaseOwner, (string?)null)
            .SetProperty(o => o.LeaseExpiresAt, (DateTime?)null), cancellationToken) == 1;
    }
}

/// <summary>A claimed message with what rendering it needs: the recipient's view of the session, their account.</summary>
/// <param name="FailedPost">For a <see cref="OutboxKind.ChannelPostFailed"/> notice: the post it is about.</param>
public sealed record OutboxItem(
    OutboxMessage Message, Actor? Recipient, AccountKey? Account, SessionSummary? Session, ColleagueInvitationView? Colleague, ChannelPostFailure? FailedPost = null,
    IntroductionView? Introduction = null);

/// <summary>What <see cref="DeliveryService.PrepareAsync"/> decided: send <see cref="Item"/> now, or it was withdrawn or deferred.</summary>
public sealed record PreparedMessage(OutboxItem? Item, PrepareOutcome Outcome, DateTime? DeferredUntil, DeferReason? DeferReason);

public enum PrepareOutcome
{
    Ready,
    Withdrawn,
    Deferred,
}

/// <summary>What became of a failed send.</summary>
public enum FailureOutcome
{
    /// <summary>Rescheduled for another attempt.</summary>
    Retried,

    /// <summary>Given up: kept as a dead letter with its reason, counted for organizers.</summary>
    DeadLettered,

    /// <summary>Nothing recorded: the caller no longer held the lease (another instance took the row over).</summary>
    LeaseLost,
}

/// <summary>A run whose organizer card needs new counts.</summary>
public sealed record RunProgress(DeliveryRun Run, DeliveryProgress Progress, SessionSummary? Session);
