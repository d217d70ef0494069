using CoPBot.Services.App;
using CoPBot.Services.Storage;
using CoPBot.Services.Views;
using Microsoft.EntityFrameworkCore;

namespace CoPBot.Services.Outbox;

/// <summary>
/// Channel posts that failed for good (the bot is not in the channel, the channel was archived): the session's
/// organizer is told in a direct message, and the session's stats list the channels until it is announced there
/// again (which tries the same post afresh).
/// </summary>
public sealed class ChannelPostFailures(CoPBotDbContext db, TimeProvider clock)
{
    /// <summary>
    /// Queues the notice about dead-lettered channel post <paramref name="failedId"/> to its session's organizer.
    /// False when there is nothing to tell: not a channel post, not dead-lettered, or no session to name.
    /// </summary>
    public async Task<bool> NoticeAsync(Guid failedId, CancellationToken cancellationToken)
    {
        var failed = await db.Outbox.AsNoTracking().FirstOrDefaultAsync(o => o.Id == failedId, cancellationToken);
        if (failed is not { Status: OutboxStatus.DeadLetter, PersonId: null, AddressConversationId: not null, SessionId: { } sessionId })
        {
            return false;
        }

        var organizerId = await db.Sessions.Where(s => s.Id == sessionId).Select(s => (Guid?)s.OrganizerId).FirstOrDefaultAsync(cancellationToken);
        var organizer = await db.People.AsNoTracking().FirstOrDefaultAsync(p => p.Id == organizerId, cancellationToken);
        if (organizer is null)
        {
            return false;
        }

        // One notice each time the post fails for good (announcing again revives the same row, which may fail again).
        var key = FormattableString.Invariant($"post-failed:{failed.Id:N}:{clock.GetUtcNow().UtcTicks}");
        var queued = await new OutboxWriter(db, clock).EnqueueDirectAsync(OutboxKind.ChannelPostFailed, key, organizer,
            sessionId: sessionId, networkId: failed.NetworkId, aboutPost: failed, cancellationToken: cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        return queued;
    }

    /// <summary>The failure a notice is about, while that post is still failed (null once it was announced there again).</summary>
    internal static async Task<ChannelPostFailure?> OfNoticeAsync(CoPBotDbContext db, OutboxMessage notice, CancellationToken cancellationToken)
    {
        var failed = await FailedPosts(db, notice.SessionId)
            .Where(o => o.AddressChannel == notice.AddressChannel && o.AddressTenantId == notice.AddressTenantId
                        && o.AddressConversationId == notice.AddressConversationId)
            .OrderByDescending(o => o.CreatedAt)
            .FirstOrDefaultAsync(cancellationToken);
        return failed is null ? null : (await DescribeAsync(db, [failed], cancellationToken))[0];
    }

    /// <summary>The names of the channels a session's posts failed in for good (for the organizer's stats).</summary>
    internal static async Task<IReadOnlyList<string>> NotPostedAsync(CoPBotDbContext db, Guid sessionId, CancellationToken cancellationToken)
    {
        var failed = await FailedPosts(db, sessionId).OrderBy(o => o.CreatedAt).ToListAsync(cancellationToken);
        var described = await DescribeAsync(db, failed, cancellationToken);
        return described.Select(f => f.ChannelName ?? "a channel").Distinct(StringComparer.Ordinal).ToList();
    }

    private static IQueryable<OutboxMessage> FailedPosts(CoPBotDbContext db, Guid? sessionId) =>
        db.Outbox.AsNoTracking().Where(o => o.SessionId == sessionId && o.PersonId == null && o.AddressConversationId != null
                                            && o.Status == OutboxStatus.DeadLetter);

    /// <summary>Each failed post with the name the channel was linked under (it may have been unlinked since).</summary>
    private static async Task<List<ChannelPostFailure>> DescribeAsync(CoPBotDbContext db, List<OutboxMessage> failed, CancellationToken cancellationToken)
    {
        var conversations = failed.Select(f => f.AddressConversationId).Distinct().ToList();
        var names = await db.AnnouncementChannels.AsNoTracking().Where(a => conversations.Contains(a.ConversationId) && a.Name != null)
            .Select(a => new { a.Channel, a.TenantId, a.ConversationId, a.Name }).ToListAsync(cancellationToken);
        return failed.ConvertAll(f => new ChannelPostFailure(
            f.AddressChannel!, f.AddressTenantId!, f.AddressConversationId!,
            names.FirstOrDefault(n => n.Channel == f.AddressChannel && n.TenantId == f.AddressTenantId && n.ConversationId == f.AddressConversationId)?.Name,
            f.LastError));
    }
}
