using CoPBot.Services.Domain;
using CoPBot.Services.Outbox;
using CoPBot.Services.Storage;
using Microsoft.EntityFrameworkCore;

namespace CoPBot.Services.App;

/// <summary>
/// Queues messages in the caller's unit of work (saved in the same transaction as the state change), with
/// idempotency keys, quiet hours and the weekly cap (rule 10): a message is deferred, never dropped.
/// </summary>
internal sealed class OutboxWriter(CoPBotDbContext db, TimeProvider clock)
{
    private static readonly OutboxKind[] CappedKinds = [OutboxKind.Invitation, OutboxKind.ColleagueInvitation];

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
        if (await ExistsAsync(key, cancellationToken))
        {
            return false;
        }

        var now = clock.GetUtcNow().UtcDateTime;
        var earliest = notBefore is { } nb && nb > now ? nb : now;
        var (when, deferred) = Defer(person, earliest, CappedKinds.Contains(kind) ? await AfterWeeklyCapAsync(person, earliest, cancellationToken) : earliest);

        var channel = await db.Accounts.Where(a => a.PersonId == person.Id)
            .OrderByDescending(a => a.LastSeenAt).Select(a => a.Channel).FirstOrDefaultAsync(cancellationToken);
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
        var withdrawn = db.Outbox.Local.FirstOrDefault(o => o.Key == key)
            ?? await db.Outbox.FirstOrDefaultAsync(o => o.Key == key, cancellationToken);
        if (withdrawn is { Status: OutboxStatus.Withdrawn })
        {
            withdrawn.Status = OutboxStatus.Pending;
            withdrawn.NotBefore = AfterQuietHours(person, at);
            return;
        }

        await EnqueueDirectAsync(OutboxKind.Reminder, key, person,
            sessionId: session.Id, networkId: session.NetworkId, notBefore: at, cancellationToken: cancellationToken);
    }

    /// <summary>Withdraws pending reminders (a decline, a cancellation, reminders turned off), in the same unit of work.</summary>
    public async Task WithdrawRemindersAsync(Guid? personId, Guid? sessionId, CancellationToken cancellationToken)
    {
        await WithdrawAsync(OutboxKind.Reminder, personId, sessionId, cancellationToken);
    }

    public async Task WithdrawAsync(OutboxKind kind, Guid? personId, Guid? sessionId, CancellationToken cancellationToken)
    {
        var pending = await db.Outbox
            .Where(o => o.Status == OutboxStatus.Pending && o.Kind == kind)
            .Where(o => personId == null || o.PersonId == personId)
            .Where(o => sessionId == null || o.SessionId == sessionId)
            .ToListAsync(cancellationToken);
        foreach (var message in pending)
        {
            message.Status = OutboxStatus.Withdrawn;
        }
    }

    private async Task<bool> ExistsAsync(string key, CancellationToken cancellationToken) =>
        db.Outbox.Local.Any(o => o.Key == key) || await db.Outbox.AnyAsync(o => o.Key == key, cancellationToken);

    /// <summary>
    /// When a message may go: after the weekly cap's slot (already computed) and then outside quiet hours, with the
    /// first reason that moved it, for the organizer's "deferred" count.
    /// </summary>
    private static (DateTime When, DeferReason? Reason) Defer(Person person, DateTime earliest, DateTime afterCap)
    {
        var when = afterCap > earliest ? afterCap : earliest;
        var reason = afterCap > earliest ? DeferReason.WeeklyCap : (DeferReason?)null;
        var quiet = AfterQuietHours(person, when);
        return quiet > when ? (quiet, reason ?? DeferReason.QuietHours) : (when, reason);
    }

    /// <summary>The first instant at or after <paramref name="when"/> that is outside the person's quiet hours.</summary>
    internal static DateTime AfterQuietHours(Person person, DateTime when)
    {
        var zone = TimeZones.Find(person.EffectiveTimeZoneId);
        var local = TimeZoneInfo.ConvertTimeFromUtc(when, zone);
        var settings = person.Settings;
        if (!settings.IsQuietAt(TimeOnly.FromDateTime(local)))
        {
            return when;
        }

        var endDate = DateOnly.FromDateTime(local);
        if (TimeOnly.FromDateTime(local) >= settings.QuietHoursEnd)
        {
            endDate = endDate.AddDays(1);
        }

        var localEnd = endDate.ToDateTime(settings.QuietHoursEnd, DateTimeKind.Unspecified);
        while (zone.IsInvalidTime(localEnd))
        {
            localEnd = localEnd.AddMinutes(30);
        }

        return TimeZoneInfo.ConvertTimeToUtc(localEnd, zone);
    }

    /// <summary>
    /// The first instant at or after <paramref name="when"/> at which fewer than the person's weekly cap of
    /// invitations fall in the seven days before it.
    /// </summary>
    private async Task<DateTime> AfterWeeklyCapAsync(Person person, DateTime when, CancellationToken cancellationToken)
    {
        var from = when - CapWindow;
        var times = await db.Outbox.AsNoTracking()
            .Where(o => o.PersonId == person.Id && CappedKinds.Contains(o.Kind)
                        && (o.Status == OutboxStatus.Pending || o.Status == OutboxStatus.Sent)
                        && o.NotBefore > from)
            .Select(o => o.SentAt ?? o.NotBefore)
            .ToListAsync(cancellationToken);
        times.AddRange(db.Outbox.Local
            .Where(o => o.PersonId == person.Id && CappedKinds.Contains(o.Kind) && o.Status == OutboxStatus.Pending && o.NotBefore > from)
            .Where(o => db.Entry(o).State == EntityState.Added)
            .Select(o => o.NotBefore));
        return WeeklyCapSlot(times, person.Settings.WeeklyInvitationCap, when);
    }

    private static readonly TimeSpan CapWindow = TimeSpan.FromDays(7);

    /// <summary>
    /// The first slot at or after <paramref name="when"/> at which fewer than <paramref name="cap"/> of the
    /// <paramref name="times"/> fall in the seven days up to it: the cap holds for any seven days.
    /// </summary>
    internal static DateTime WeeklyCapSlot(List<DateTime> times, int cap, DateTime when)
    {
        times.Sort();
        var candidate = when;
        while (true)
        {
            var inWeek = times.Where(t => t > candidate - CapWindow && t <= candidate).ToList();
            if (inWeek.Count < cap)
            {
                return candidate;
            }

            candidate = inWeek[0] + CapWindow + TimeSpan.FromMinutes(1);
        }
    }

    /// <summary>
    /// Queues one invitation per person for a session, reading what the rules need (existing keys, each person's
    /// channel, their recent invitations for the weekly cap) in three queries for the whole round rather than per
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
        var from = now - CapWindow;
        var recent = (await db.Outbox.AsNoTracking()
                .Where(o => o.PersonId != null && ids.Contains(o.PersonId.Value) && CappedKinds.Contains(o.Kind)
                            && (o.Status == OutboxStatus.Pending || o.Status == OutboxStatus.Sent) && o.NotBefore > from)
                .Select(o => new { PersonId = o.PersonId!.Value, At = o.SentAt ?? o.NotBefore }).ToListAsync(cancellationToken))
            .ToLookup(x => x.PersonId, x => x.At);
        var queued = 0;
        foreach (var person in people)
        {
            var key = NetworkService.InvitationKey(session.Id, person.Id);
            if (existing.Contains(key) || !channels.TryGetValue(person.Id, out var channel))
            {
                continue;
            }

            var (when, deferred) = Defer(person, now, WeeklyCapSlot(recent[person.Id].ToList(), person.Settings.WeeklyInvitationCap, now));

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
