using CoPBot.Services.App;
using CoPBot.Services.Domain;
using CoPBot.Services.Storage;
using CoPBot.Services.Views;
using Microsoft.EntityFrameworkCore;

namespace CoPBot.Services.Outbox;

/// <summary>
/// The dispatcher's side of the outbox: claim due messages with a lease, load what each one needs at send time,
/// and record the outcome. A claim is a conditional update, so two dispatchers never hold the same row; a lease
/// that expires (the process died) makes the row claimable again.
/// </summary>
public sealed class DeliveryService(CoPBotDbContext db, TimeProvider clock)
{
    public const int MaxAttempts = 8;

    private readonly NetworkQueries queries = new(db, clock);

    private DateTime Now => clock.GetUtcNow().UtcDateTime;

    /// <summary>Claims up to <paramref name="batchSize"/> due messages on the given channels for <paramref name="owner"/>.</summary>
    public async Task<IReadOnlyList<OutboxMessage>> ClaimDueAsync(string owner, IReadOnlyCollection<string> channels, int batchSize, TimeSpan lease, CancellationToken cancellationToken, Guid? personId = null)
    {
        ArgumentNullException.ThrowIfNull(owner);
        var now = Now;
        var candidates = await db.Outbox.AsNoTracking()
            .Where(o => o.Status == OutboxStatus.Pending && o.NotBefore <= now && channels.Contains(o.Channel))
            .Where(o => o.LeaseExpiresAt == null || o.LeaseExpiresAt < now)
            .Where(o => personId == null || o.PersonId == personId)
            .OrderBy(o => o.NotBefore)
            .Select(o => o.Id)
            .Take(batchSize)
            .ToListAsync(cancellationToken);
        var claimed = new List<Guid>();
        var until = now + lease;
        foreach (var id in candidates)
        {
            var rows = await db.Outbox
                .Where(o => o.Id == id && o.Status == OutboxStatus.Pending && (o.LeaseExpiresAt == null || o.LeaseExpiresAt < now))
                .ExecuteUpdateAsync(u => u.SetProperty(o => o.LeaseOwner, owner).SetProperty(o => o.LeaseExpiresAt, until), cancellationToken);
            if (rows == 1)
            {
                claimed.Add(id);
            }
        }

        return await db.Outbox.AsNoTracking().Where(o => claimed.Contains(o.Id)).OrderBy(o => o.NotBefore).ToListAsync(cancellationToken);
    }

    /// <summary>
    /// What a claimed message needs, read at send time. Returns null when the message no longer applies (the person
    /// left, paused or stopped invitations, the session was cancelled or began): it is withdrawn, never sent (rules 2, 5, 7).
    /// </summary>
    public async Task<OutboxItem?> LoadAsync(OutboxMessage message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        Actor? recipient = null;
        PlatformAccount? account = null;
        if (message.PersonId is { } personId)
        {
            var person = await db.People.AsNoTracking().Include(p => p.Accounts).FirstOrDefaultAsync(p => p.Id == personId, cancellationToken);
            account = person?.Accounts.Where(a => a.Channel == message.Channel).MaxBy(a => a.LastSeenAt);
            if (person is null || account is null)
            {
                await FinishAsync(message.Id, OutboxStatus.Withdrawn, null, null, cancellationToken);
                return null;
            }

            recipient = PeopleService.ToActor(person);
        }

        SessionSummary? session = null;
        if (message.SessionId is { } sessionId)
        {
            var entity = await db.Sessions.AsNoTracking().Include(s => s.Network).ThenInclude(n => n!.Organizers).Include(s => s.Organizer)
                .FirstOrDefaultAsync(s => s.Id == sessionId, cancellationToken);
            if (entity is null || !await StillAppliesAsync(message, entity, recipient?.TimeZoneId, cancellationToken))
            {
                await FinishAsync(message.Id, OutboxStatus.Withdrawn, null, null, cancellationToken);
                return null;
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
                await FinishAsync(message.Id, OutboxStatus.Withdrawn, null, null, cancellationToken);
                return null;
            }

            colleague = await new NetworkService(db, clock).GetColleagueInvitationAsync(recipient, invitationId, cancellationToken);
        }

        return new OutboxItem(message, recipient, account is null ? null : new AccountKey(account.Channel, account.TenantId, account.UserId), session, colleague);
    }

    public Task MarkSentAsync(Guid id, string? messageId, CancellationToken cancellationToken) =>
        FinishAsync(id, OutboxStatus.Sent, messageId, null, cancellationToken);

    /// <summary>
    /// Records a failed attempt: tried again after <paramref name="retryAfter"/> or an exponential backoff, and
    /// dead-lettered after <see cref="MaxAttempts"/> attempts or a permanent failure. Returns true when dead-lettered.
    /// </summary>
    public async Task<bool> MarkFailedAsync(Guid id, string error, TimeSpan? retryAfter, bool permanent, CancellationToken cancellationToken)
    {
        var message = await db.Outbox.FirstAsync(o => o.Id == id, cancellationToken);
        message.Attempts++;
        message.LastError = error.Length > 500 ? error[..500] : error;
        message.LeaseOwner = null;
        message.LeaseExpiresAt = null;
        var dead = permanent || message.Attempts >= MaxAttempts;
        if (dead)
        {
            message.Status = OutboxStatus.DeadLetter;
        }
        else
        {
            var backoff = retryAfter ?? TimeSpan.FromSeconds(Math.Min(3600, 5 * Math.Pow(2, message.Attempts - 1)));
            message.NotBefore = Now + backoff;
            message.Deferred = retryAfter is null ? message.Deferred : DeferReason.RateLimit;
        }

        await db.SaveChangesAsync(cancellationToken);
        return dead;
    }

    /// <summary>Gives a claimed message back without counting an attempt (this process cannot send on its channel).</summary>
    public Task ReleaseAsync(Guid id, CancellationToken cancellationToken) =>
        db.Outbox.Where(o => o.Id == id).ExecuteUpdateAsync(u => u.SetProperty(o => o.LeaseOwner, (string?)null).SetProperty(o => o.LeaseExpiresAt, (DateTime?)null), cancellationToken);

    /// <summary>How many messages wait (for metrics and readiness).</summary>
    public Task<int> QueueDepthAsync(CancellationToken cancellationToken) =>
        db.Outbox.CountAsync(o => o.Status == OutboxStatus.Pending, cancellationToken);

    private async Task<bool> StillAppliesAsync(OutboxMessage message, Session session, string? recipientZone, CancellationToken cancellationToken)
    {
        var now = Now;
        if (message.Kind == OutboxKind.Cancellation)
        {
            return true;
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
            case OutboxKind.Offer:
                return invitation is { Answer: Answer.Offered } && invitation.OfferExpiresAt > now;
            default:
                return true;
        }
    }

    private async Task FinishAsync(Guid id, OutboxStatus status, string? messageId, string? error, CancellationToken cancellationToken)
    {
        var now = Now;
        await db.Outbox.Where(o => o.Id == id).ExecuteUpdateAsync(u => u
            .SetProperty(o => o.Status, status)
            .SetProperty(o => o.SentAt, status == OutboxStatus.Sent ? now : null)
            .SetProperty(o => o.SentMessageId, messageId)
            .SetProperty(o => o.LastError, error)
            .SetProperty(o => o.LeaseOwner, (string?)null)
            .SetProperty(o => o.LeaseExpiresAt, (DateTime?)null), cancellationToken);
    }
}

/// <summary>A claimed message with what rendering it needs: the recipient's view of the session, their account.</summary>
public sealed record OutboxItem(OutboxMessage Message, Actor? Recipient, AccountKey? Account, SessionSummary? Session, ColleagueInvitationView? Colleague);
