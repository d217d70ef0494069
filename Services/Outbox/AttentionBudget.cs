using CoPBot.Services.App;
using CoPBot.Services.Domain;
using CoPBot.Services.Storage;
using Microsoft.EntityFrameworkCore;

namespace CoPBot.Services.Outbox;

/// <summary>
/// Rule 10's one owner: when may a message go to a person. Quiet hours in the person's own zone hold every direct
/// message; the person's weekly cap holds invitations. Every path that queues a message asks here, and the dispatcher
/// asks again just before sending (the person may have changed their settings meanwhile), with the same algorithm.
/// </summary>
/// <remarks>
/// The cap counts capped messages that were sent (at <see cref="OutboxMessage.SentAt"/>) and those still queued (at
/// <see cref="OutboxMessage.NotBefore"/>, the slot they were given). Counting only sent ones, as the send-time check
/// once did, lets two invitations that are due together both go and break the cap; counting queued ones in both
/// directions would let two queued invitations hold each other back for ever. So queued messages are put in one order,
/// (NotBefore, CreatedAt, Id), and a message counts only those ahead of it: a new message comes after everything
/// already queued, which is what the writer counts; at send time the first message in that order is held only by
/// messages already sent, which leave the seven days. Neither over the cap nor held for ever. A message sent late
/// (a backlog) counts from when it was sent, so the dispatcher may hold the next one a little past the slot the
/// writer gave it, never short of it.
/// </remarks>
internal sealed class AttentionBudget(CoPBotDbContext db)
{
    /// <summary>The cap holds for any seven days.</summary>
    public static readonly TimeSpan CapWindow = TimeSpan.FromDays(7);

    /// <summary>The kinds the weekly cap counts: personal invitations, to a session or from a colleague.</summary>
    private static readonly OutboxKind[] CappedKinds = [OutboxKind.Invitation, OutboxKind.ColleagueInvitation];

    public static bool IsCapped(OutboxKind kind) => CappedKinds.Contains(kind);

    /// <summary>When a new message of <paramref name="kind"/> may go to one person, at the earliest <paramref name="earliest"/>.</summary>
    public async Task<(DateTime When, DeferReason? Reason)> WhenAsync(Person person, OutboxKind kind, DateTime earliest, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(person);
        var counted = IsCapped(kind) ? (await CountedAsync([person.Id], earliest, cancellationToken))[person.Id] : [];
        return Decide(person, kind, earliest, counted);
    }

    /// <summary>
    /// The capped messages of each person that count against a new one due at <paramref name="earliest"/>: sent in the
    /// seven days before it, or queued (saved or only added to this unit of work) at any slot after their start. Read
    /// once for a whole invitation round.
    /// </summary>
    public async Task<ILookup<Guid, DateTime>> CountedAsync(IReadOnlyCollection<Guid> personIds, DateTime earliest, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(personIds);
        var from = earliest - CapWindow;
        var stored = await db.Outbox.AsNoTracking()
            .Where(o => o.PersonId != null && personIds.Contains(o.PersonId.Value) && CappedKinds.Contains(o.Kind))
            .Where(o => (o.Status == OutboxStatus.Sent && o.SentAt > from) || (o.Status == OutboxStatus.Pending && o.NotBefore > from))
            .Select(o => new { PersonId = o.PersonId!.Value, At = o.SentAt ?? o.NotBefore })
            .ToListAsync(cancellationToken);
        var added = db.Outbox.Local
            .Where(o => o.PersonId is { } id && personIds.Contains(id) && IsCapped(o.Kind) && o.Status == OutboxStatus.Pending && o.NotBefore > from)
            .Where(o => db.Entry(o).State == EntityState.Added)
            .Select(o => new { PersonId = o.PersonId!.Value, At = o.NotBefore });
        return stored.Concat(added).ToLookup(x => x.PersonId, x => x.At);
    }

    /// <summary>
    /// At send time: when <paramref name="message"/> may go, if not at <paramref name="now"/>. It counts messages sent
    /// and the queued ones ahead of it in the outbox's order, never those behind it.
    /// </summary>
    public async Task<(DateTime? Until, DeferReason? Reason)> NotNowAsync(OutboxMessage message, Person person, DateTime now, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        ArgumentNullException.ThrowIfNull(person);
        List<DateTime> counted = [];
        if (IsCapped(message.Kind))
        {
            var from = now - CapWindow;
            var rows = await db.Outbox.AsNoTracking()
                .Where(o => o.PersonId == person.Id && o.Id != message.Id && CappedKinds.Contains(o.Kind))
                .Where(o => (o.Status == OutboxStatus.Sent && o.SentAt > from)
                            || (o.Status == OutboxStatus.Pending && o.NotBefore > from && o.NotBefore <= message.NotBefore))
                .Select(o => new { o.Id, o.Status, o.SentAt, o.NotBefore, o.CreatedAt })
                .ToListAsync(cancellationToken);
            counted = rows.Where(r => r.Status == OutboxStatus.Sent || IsAhead(r.NotBefore, r.CreatedAt, r.Id, message))
                .Select(r => r.SentAt ?? r.NotBefore).ToList();
        }

        var (when, reason) = Decide(person, message.Kind, now, counted);
        return when > now ? (when, reason) : (null, null);
    }

    /// <summary>
    /// The first instant at or after <paramref name="earliest"/> that is outside the person's quiet hours and, for a
    /// capped kind, at which fewer than the person's cap of <paramref name="counted"/> fall in the seven days up to it;
    /// with the first reason that moved it, for the organizer's "deferred" count.
    /// </summary>
    public static (DateTime When, DeferReason? Reason) Decide(Person person, OutboxKind kind, DateTime earliest, IEnumerable<DateTime> counted)
    {
        ArgumentNullException.ThrowIfNull(person);
        var times = counted.Order().ToList();
        var when = earliest;
        DeferReason? reason = null;
        for (var round = 0; ; round++)
        {
            var slot = IsCapped(kind) ? WeeklyCapSlot(times, person.Settings.WeeklyInvitationCap, when) : when;
            var movedByCap = slot > when;
            if (movedByCap)
            {
                reason ??= DeferReason.WeeklyCap;
                when = slot;
            }
            else if (round > 0)
            {
                // The end of quiet hours, and the cap holds there too. (Only the cap can move it more than once, and
                // only as often as there are messages counted, so this ends.)
                return (when, reason);
            }

            // Out of quiet hours, the cap may hold again at the morning's slot (others queued for it): check again.
            var quiet = AfterQuietHours(person, when);
            if (quiet == when)
            {
                return (when, reason);
            }

            reason ??= DeferReason.QuietHours;
            when = quiet;
        }
    }

    /// <summary>The first instant at or after <paramref name="when"/> that is outside the person's quiet hours.</summary>
    public static DateTime AfterQuietHours(Person person, DateTime when)
    {
        ArgumentNullException.ThrowIfNull(person);
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
    /// The first slot at or after <paramref name="when"/> at which fewer than <paramref name="cap"/> of the sorted
    /// <paramref name="times"/> fall in the seven days up to it.
    /// </summary>
    internal static DateTime WeeklyCapSlot(IReadOnlyList<DateTime> times, int cap, DateTime when)
    {
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

    /// <summary>True when a queued message at (notBefore, createdAt, id) comes before <paramref name="message"/> in the outbox's order.</summary>
    private static bool IsAhead(DateTime notBefore, DateTime createdAt, Guid id, OutboxMessage message) =>
        notBefore != message.NotBefore ? notBefore < message.NotBefore
        : createdAt != message.CreatedAt ? createdAt < message.CreatedAt
        : id.CompareTo(message.Id) < 0;
}
