using CoPBot.Services.Domain;
using CoPBot.Services.Outbox;
using CoPBot.Services.Storage;
using Microsoft.EntityFrameworkCore;

namespace CoPBot.Services.App;

/// <summary>
/// Queues messages in the caller's unit of work (saved in the same transaction as the state change), with
/// idempotency keys; <see cref="AttentionBudget"/> says when each may go (rule 10): deferred, never dropped.
/// </summary>
internal sealed class OutboxWriter(CoPBotDbContext db, TimeProvider clock)
{
    /// <summary>Where the person spoke last: direct messages go there.</summary>
    private static readonly CompiledQuery<Func<CoPBotDbContext, Guid, CancellationToken, Task<string?>>> LastChannel = new(() =>
        EF.CompileAsyncQuery((CoPBotDbContext db, Guid personId, CancellationToken _) =>
            db.Accounts.Where(a => a.PersonId == personId).OrderByDescending(a => a.LastSeenAt).Select(a => a.Channel).FirstOrDefault()));

    private static readonly CompiledQuery<Func<CoPBotDbContext, string, CancellationToken, Task<OutboxMessage?>>> ByKey = new(() =>
        EF.CompileAsyncQuery((CoPBotDbContext db, string key, CancellationToken _) => db.Outbox.FirstOrDefault(o => o.Key == key)));

    /// <summary>A person's messages about a session, whatever their kind and state: a handful.</summary>
    private static readonly CompiledQuery<Func<CoPBotDbContext, Guid, Guid, IAsyncEnumerable<OutboxMessage>>> About = new(() =>
        EF.CompileAsyncQuery((CoPBotDbContext db, Guid personId, Guid sessionId) => db.Outbox.Where(o => o.PersonId == personId && o.SessionId == sessionId)));

    private readonly AttentionBudget budget = new(db);

    /// <summary>What <see cref="ReadAboutAsync"/> read: all the person's messages about the session, tracked.</summary>
    private (Guid PersonId, Guid SessionId, List<OutboxMessage> Messages)? _about;

    /// <summary>
    /// Reads the person's messages about the session in one statement, for what an answer does with them next (keep or
    /// withdraw the reminder, withdraw an invitation card still held): an RSVP then asks nothing more of them.
    /// </summary>
    public async Task ReadAboutAsync(Guid personId, Guid sessionId, CancellationToken cancellationToken) =>
        _about = (personId, sessionId, await About.For(db)(db, personId, sessionId).ToListAsync(cancellationToken));

    private List<OutboxMessage>? ReadAbout(Guid personId, Guid sessionId) =>
        _about is var (person, session, messages) && person == personId && session == sessionId ? messages : null;

    /// <summary>Queues a direct message to a person unless one with the same key exists. Returns whether it was queued.</summary>
    public async Task<bool> EnqueueDirectAsync(
        OutboxKind kind,
        string key,
        Person person,
        Guid? sessionId = null,
        Guid? networkId = null,
        Guid? colleagueInvitationId = null,
        Guid? runId = null,
        DateTime? notBefore = null,
        OutboxMessage? aboutPost = null,
        CancellationToken cancellationToken = default)
    {
        return !await ExistsAsync(key, cancellationToken)
            && await AddDirectAsync(kind, key, person, sessionId, networkId, colleagueInvitationId, runId, notBefore, aboutPost, cancellationToken);
    }

    /// <summary>Queues a direct message whose key the caller knows is new.</summary>
    private async Task<bool> AddDirectAsync(
        OutboxKind kind,
        string key,
        Person person,
        Guid? sessionId,
        Guid? networkId,
        Guid? colleagueInvitationId,
        Guid? runId,
        DateTime? notBefore,
        OutboxMessage? aboutPost,
        CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var earliest = notBefore is { } nb && nb > now ? nb : now;
        var (when, deferred) = await budget.WhenAsync(person, kind, earliest, cancellationToken);

        var channel = await LastChannel.For(db)(db, person.Id, cancellationToken);
        if (channel is null)
        {
            return false;
        }

        db.Outbox.Add(new OutboxMessage
        {
            Key = key,
            Kind = kind,
            Channel = channel,
            PersonId = person.Id,
            SessionId = sessionId,
            NetworkId = networkId,
            ColleagueInvitationId = colleagueInvitationId,
            RunId = runId,
            AddressChannel = aboutPost?.AddressChannel,
            AddressTenantId = aboutPost?.AddressTenantId,
            AddressConversationId = aboutPost?.AddressConversationId,
            NotBefore = when,
            Deferred = deferred,
            CreatedAt = now,
        });
        return true;
    }

    /// <summary>Queues a post to a channel (announcements: never mass DMs, rule 2).</summary>
    public async Task<bool> EnqueueChannelAsync(string key, AnnouncementChannel channel, Guid sessionId, Guid networkId, Guid? runId, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow().UtcDateTime;

        // Announced again after the post failed for good (the bot was not in the channel): the organizer fixed it,
        // so the same post is tried afresh.
        var failed = await db.Outbox.FirstOrDefaultAsync(o => o.Key == key && o.Status == OutboxStatus.DeadLetter, cancellationToken);
        if (failed is not null)
        {
            failed.Status = OutboxStatus.Pending;
            failed.Attempts = 0;
            failed.RateLimited = 0;
            failed.LastError = null;
            failed.NotBefore = now;
            return true;
        }

        if (await ExistsAsync(key, cancellationToken))
        {
            return false;
        }

        db.Outbox.Add(new OutboxMessage
        {
            Key = key,
            Kind = OutboxKind.Announcement,
            Channel = channel.Channel,
            AddressChannel = channel.Channel,
            AddressTenantId = channel.TenantId,
            AddressConversationId = channel.ConversationId,
            SessionId = sessionId,
            NetworkId = networkId,
            RunId = runId,
            NotBefore = now,
            CreatedAt = now,
        });
        return true;
    }

    /// <summary>The reminder the day before, only for people who said yes and keep reminders on (rule 5).</summary>
    public async Task ScheduleReminderAsync(Person person, Session session, CancellationToken cancellationToken)
    {
        if (!person.Settings.Reminders)
        {
            return;
        }

        var at = session.StartsAt - TimeSpan.FromDays(1);
        if (at <= clock.GetUtcNow().UtcDateTime)
        {
            return;
        }

        var key = $"reminder:{session.Id:N}:{person.Id:N}:{session.Sequence}";

        // Yes, no, yes again: the reminder the "no" withdrew is due again (its key would block a new row).
        var existing = db.Outbox.Local.FirstOrDefault(o => o.Key == key)
            ?? (ReadAbout(person.Id, session.Id) is not null ? null : await ByKey.For(db)(db, key, cancellationToken));
        if (existing is { Status: OutboxStatus.Withdrawn })
        {
            existing.Status = OutboxStatus.Pending;
            existing.NotBefore = AttentionBudget.AfterQuietHours(person, at);
            return;
        }

        if (existing is null)
        {
            await AddDirectAsync(OutboxKind.Reminder, key, person, sessionId: session.Id, networkId: session.NetworkId,
                colleagueInvitationId: null, runId: null, notBefore: at, aboutPost: null, cancellationToken);
        }
    }

    /// <summary>Withdraws pending reminders (a decline, a cancellation, reminders turned off), in the same unit of work.</summary>
    public async Task WithdrawRemindersAsync(Guid? personId, Guid? sessionId, CancellationToken cancellationToken)
    {
        await WithdrawAsync(OutboxKind.Reminder, personId, sessionId, cancellationToken);
    }

    public async Task WithdrawAsync(OutboxKind kind, Guid? personId, Guid? sessionId, CancellationToken cancellationToken)
    {
        if (personId is { } one && sessionId is { } of && ReadAbout(one, of) is { } about)
        {
            foreach (var message in about.Where(o => o.Status == OutboxStatus.Pending && o.Kind == kind))
            {
                message.Status = OutboxStatus.Withdrawn;
            }

            return;
        }

        // Conditions added only when given: a "null or equal" test on a captured value is compiled anew by EF on each call.
        var query = db.Outbox.Where(o => o.Status == OutboxStatus.Pending && o.Kind == kind);
        if (personId is { } person)
        {
            query = query.Where(o => o.PersonId == person);
        }

        if (sessionId is { } session)
        {
            query = query.Where(o => o.SessionId == session);
        }

        var pending = await query.ToListAsync(cancellationToken);
        foreach (var message in pending)
        {
            message.Status = OutboxStatus.Withdrawn;
        }
    }

    private async Task<bool> ExistsAsync(string key, CancellationToken cancellationToken) =>
        db.Outbox.Local.Any(o => o.Key == key) || await db.Outbox.AnyAsync(o => o.Key == key, cancellationToken);

    /// <summary>
    /// Queues one invitation per person for a session, reading what the rules need (existing keys, each person's
    /// channel, what counts against their weekly cap) in three queries for the whole round rather than per
    /// person, so a round for thousands of members stays linear.
    /// </summary>
    public async Task<int> EnqueueInvitationsAsync(IReadOnlyList<Person> people, Session session, Guid runId, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var ids = people.Select(p => p.Id).ToList();
        var existing = (await db.Outbox.AsNoTracking()
            .Where(o => o.SessionId == session.Id && o.Kind == OutboxKind.Invitation)
            .Select(o => o.Key).ToListAsync(cancellationToken)).ToHashSet(StringComparer.Ordinal);
        var channels = (await db.Accounts.AsNoTracking().Where(a => ids.Contains(a.PersonId))
                .Select(a => new { a.PersonId, a.Channel, a.LastSeenAt }).ToListAsync(cancellationToken))
            .GroupBy(a => a.PersonId).ToDictionary(g => g.Key, g => g.MaxBy(a => a.LastSeenAt)!.Channel);
        var counted = await budget.CountedAsync(ids, now, cancellationToken);
        var queued = 0;
        foreach (var person in people)
        {
            var key = NetworkService.InvitationKey(session.Id, person.Id);
            if (existing.Contains(key) || !channels.TryGetValue(person.Id, out var channel))
            {
                continue;
            }

            var (when, deferred) = AttentionBudget.Decide(person, OutboxKind.Invitation, now, counted[person.Id]);

            db.Outbox.Add(new OutboxMessage
            {
                Key = key,
                Kind = OutboxKind.Invitation,
                Channel = channel,
                PersonId = person.Id,
                SessionId = session.Id,
                NetworkId = session.NetworkId,
                RunId = runId,
                NotBefore = when,
                Deferred = deferred,
                CreatedAt = now,
            });
            existing.Add(key);
            queued++;
        }

        return queued;
    }
}
