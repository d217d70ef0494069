using CoPBot.Services.Views;
using Microsoft.EntityFrameworkCore;

namespace CoPBot.Services.Outbox;

/// <summary>Counts over outbox rows, for organizers: numbers only, never names.</summary>
internal static class OutboxCounts
{
    /// <summary>The counts of <paramref name="messages"/>, counted by the database (a run of 10,000 reads a few rows, not 10,000).</summary>
    public static async Task<DeliveryProgress> CountProgressAsync(this IQueryable<OutboxMessage> messages, CancellationToken cancellationToken)
    {
        var counts = await messages.GroupBy(o => new { o.Status, o.Deferred })
            .Select(g => new { g.Key.Status, g.Key.Deferred, Count = g.Count() })
            .ToListAsync(cancellationToken);
        return new(
            Queued: counts.Where(c => c.Status == OutboxStatus.Pending).Sum(c => c.Count),
            Sent: counts.Where(c => c.Status == OutboxStatus.Sent).Sum(c => c.Count),
            // Deferred for the person's sake (quiet hours, weekly cap); a platform's rate limit is only a short wait.
            Deferred: counts.Where(c => c.Status == OutboxStatus.Pending && c.Deferred is DeferReason.QuietHours or DeferReason.WeeklyCap).Sum(c => c.Count),
            Failed: counts.Where(c => c.Status == OutboxStatus.DeadLetter).Sum(c => c.Count));
    }
}
