using CoPBot.Services.Domain;
using CoPBot.Services.Outbox;
using CoPBot.Services.Storage;
using Microsoft.EntityFrameworkCore;

namespace CoPBot.Services.App;

/// <summary>
/// The time-based rules, run by a hosted loop: offers past their deadline lapse and their places pass to the next
/// person waiting (rule 12), check-ins of sessions long over are reduced to counts (rule 13), handled turns are forgotten after the platforms' redelivery window, expired conversation
/// contexts are deleted, and finished outbox rows and delivery runs are deleted after their retention. One pass at a time across instances: on PostgreSQL a pass
/// takes an advisory lock and an instance that finds it taken skips its turn; on SQLite the pass's transaction holds
/// the write lock. A second pass right after the first changes nothing.
/// </summary>
public sealed class HousekeepingService(CoPBotDbContext db, TimeProvider clock, TurnLedger turnLedger)
{
    private readonly IntroductionService introductionService = new(db, clock);
    private readonly ConversationMemory conversationMemory = new(db, clock);

    /// <summary>Runs one pass. <see cref="HousekeepingReport.Skipped"/> when another instance's pass was running.</summary>
    public async Task<HousekeepingReport> RunOnceAsync(HousekeepingPolicy policy, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(policy);
        var (transaction, acquired) = await DatabaseLocks.TryLockAsync(db, LockScope.Housekeeping, Guid.Empty, cancellationToken);
        if (!acquired)
        {
            return HousekeepingReport.Skipped;
        }

        await using (transaction)
        {
            var (lapsed, passedOn) = await new SessionService(db, clock).SweepAsync(cancellationToken);
            var turns = await turnLedger.PruneAsync(policy.TurnRetention, cancellationToken);
            var contexts = await conversationMemory.PruneAsync(cancellationToken);
            var (messages, runs) = await PruneOutboxAsync(policy.OutboxRetention, cancellationToken);
            var checkIns = await CheckInService.ReduceToCountsAsync(db, clock.GetUtcNow().UtcDateTime, cancellationToken);
            var introductions = await introductionService.SweepAsync(cancellationToken);
            if (transaction is not null)
            {
                await transaction.CommitAsync(cancellationToken);
            }

            return new HousekeepingReport(false, lapsed, passedOn, turns, messages, runs)
            {
                CheckInsReducedToCounts = checkIns,
                IntroductionsOffered = introductions.Offered, IntroductionPairs = introductions.Pairs, IntroductionNoMatches = introductions.NoMatch,
                ContextsForgotten = contexts,
            };
        }
    }

    /// <summary>
    /// Deletes sent and withdrawn messages older than the retention (never pending ones, never dead letters, which
    /// operators read), and finished delivery runs. Rules still read some rows, so these are kept whatever the setting:
    /// invitations of the last seven days (the weekly cap counts them), and every row of a session that is still to
    /// come (their keys keep an announcement, a reminder or a notice from going out twice).
    /// </summary>
    private async Task<(int Messages, int Runs)> PruneOutboxAsync(TimeSpan retention, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var before = now - (retention > AttentionBudget.CapWindow ? retention : AttentionBudget.CapWindow);
        var messages = await db.Outbox
            .Where(o => (o.Status == OutboxStatus.Sent || o.Status == OutboxStatus.Withdrawn) && (o.SentAt ?? o.CreatedAt) < before)
            .Where(o => o.SessionId == null || db.Sessions.Any(s => s.Id == o.SessionId && (s.EndsAt <= now || s.Status == SessionStatus.Cancelled)))
            .ExecuteDeleteAsync(cancellationToken);
        var runs = await db.DeliveryRuns.Where(r => r.Finished && (r.UpdatedAt ?? r.CreatedAt) < before).ExecuteDeleteAsync(cancellationToken);
        return (messages, runs);
    }
}

/// <summary>How long housekeeping keeps what it prunes.</summary>
/// <param name="TurnRetention">Handled turns: longer than any platform redelivers (Slack retries within minutes).</param>
/// <param name="OutboxRetention">Sent and withdrawn messages and finished runs (at least the weekly cap's seven days).</param>
public sealed record HousekeepingPolicy(TimeSpan TurnRetention, TimeSpan OutboxRetention);

/// <summary>What one pass did, as counts (never names).</summary>
public sealed record HousekeepingReport(bool WasSkipped, int OffersLapsed, int OffersPassedOn, int TurnsForgotten, int MessagesDeleted, int RunsDeleted)
{
    /// <summary>Messages after sessions queued (one per person who checked in and had not asked for an introduction).</summary>
    public int IntroductionsOffered { get; init; }

    /// <summary>Pairs introduced after sessions whose pairing time came.</summary>
    public int IntroductionPairs { get; init; }

    /// <summary>People who asked and could not be paired (told kindly).</summary>
    public int IntroductionNoMatches { get; init; }

    /// <summary>Conversation contexts past their expiry (what the bot last showed someone), deleted.</summary>
    public int ContextsForgotten { get; init; }

    public static HousekeepingReport Skipped { get; } = new(true, 0, 0, 0, 0, 0);

    /// <summary>Check-ins whose person was cleared, leaving the count (rule 13).</summary>
    public int CheckInsReducedToCounts { get; init; }
}
