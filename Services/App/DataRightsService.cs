using System.Text.Json;
using System.Text.Json.Serialization;
using CoPBot.Services.Domain;
using CoPBot.Services.Outbox;
using CoPBot.Services.Storage;
using Microsoft.EntityFrameworkCore;

namespace CoPBot.Services.App;

/// <summary>A person's own data: see all of it as JSON, or delete it ("forget me").</summary>
public sealed class DataRightsService(CoPBotDbContext db, TimeProvider clock)
{
    private readonly IntroductionService introductionService = new(db, clock);
    private readonly ConversationMemory conversationMemory = new(db, clock);

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        Converters = { new JsonStringEnumConverter() },
    };

    public async Task<string> ExportAsync(Actor actor, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(actor);
        var person = await db.People.AsNoTracking().Include(p => p.Accounts).Include(p => p.Organization)
            .FirstAsync(p => p.Id == actor.PersonId, cancellationToken);
        var memberships = await (
            from m in db.Memberships.AsNoTracking()
            join n in db.Networks.AsNoTracking() on m.NetworkId equals n.Id
            where m.PersonId == actor.PersonId
            select new { Network = n.Name, n.Handle, m.Level, m.PausedUntil, m.Visibility, m.JoinedAt, m.LeftAt }).ToListAsync(cancellationToken);
        var invitations = await db.Invitations.AsNoTracking().Include(i => i.Session).ThenInclude(s => s!.Network)
            .Where(i => i.PersonId == actor.PersonId)
            .Select(i => new { Session = i.Session!.Title, Network = i.Session.Network!.Name, i.Session.StartsAt, i.Answer, i.AnsweredAt, i.CreatedAt })
            .ToListAsync(cancellationToken);
        var colleagueInvitations = await db.ColleagueInvitations.AsNoTracking()
            .Where(c => c.InviteeId == actor.PersonId || c.InviterId == actor.PersonId)
            // The answer to an invitation I sent is the colleague's, not mine: a "no" or silence stays private (rule 4).
            .Select(c => new
            {
                Direction = c.InviterId == actor.PersonId ? "sent" : "received",
                Status = c.InviteeId == actor.PersonId ? c.Status : (ColleagueInvitationStatus?)null,
                c.CreatedAt,
            })
            .ToListAsync(cancellationToken);
        var checkIns = await (
            from c in db.CheckIns.AsNoTracking()
            join s in db.Sessions.AsNoTracking() on c.SessionId equals s.Id
            where c.PersonId == actor.PersonId
            select new { Session = s.Title, Network = s.Network!.Name, s.StartsAt, c.CheckedInAt }).ToListAsync(cancellationToken);
        var helpTopics = await db.HelpTopics.AsNoTracking().Where(t => t.PersonId == actor.PersonId)
            .OrderBy(t => t.CreatedAt).Select(t => new { t.Text, t.CreatedAt }).ToListAsync(cancellationToken);
        var introductions = await introductionService.ExportAsync(actor.PersonId, cancellationToken);
        var organizing = await db.Networks.AsNoTracking().Where(n => n.Organizers.Any(o => o.PersonId == actor.PersonId)).Select(n => n.Name).ToListAsync(cancellationToken);
        var export = new
        {
            exportedAt = clock.GetUtcNow(),
            person = new
            {
                person.DisplayName,
                person.Department,
                Organization = person.Organization?.Name,
                person.TimeZoneId,
                person.ClientTimeZoneId,
                person.Settings,
                person.CreatedAt,
                Accounts = person.Accounts.Select(a => new { a.Channel, a.TenantId, a.UserId, a.LastSeenAt }),
            },
            memberships,
            invitations,
            colleagueInvitations,
            checkIns,
            helpTopics,
            introductions,
            organizing,
        };
        return JsonSerializer.Serialize(export, Json);
    }

    /// <summary>
    /// Deletes the person and everything about them. Places they held are offered to the next person waiting.
    /// Someone who organizes sessions stays as an anonymous "former organizer" so colleagues' sessions survive.
    /// </summary>
    public async Task ForgetAsync(Actor actor, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(actor);
        var now = clock.GetUtcNow().UtcDateTime;
        var strategy = db.Database.CreateExecutionStrategy();
        await strategy.ExecuteAsync(async () =>
        {
            // All or nothing; inside a turn, the turn's transaction is that already.
            await using var transaction = db.Database.CurrentTransaction is null ? await db.Database.BeginTransactionAsync(cancellationToken) : null;
            var person = await db.People.Include(p => p.Accounts).FirstAsync(p => p.Id == actor.PersonId, cancellationToken);

            // Free held places in coming sessions first, so waiting colleagues get their offer.
            var sessions = new SessionService(db, clock);
            var holding = await db.Invitations.Include(i => i.Session).ThenInclude(s => s!.Network)
                .Where(i => i.PersonId == person.Id && (i.Answer == Answer.Yes || i.Answer == Answer.Offered) && i.Session!.StartsAt > now && i.Session.Status == SessionStatus.Scheduled)
                .Select(i => i.SessionId).ToListAsync(cancellationToken);
            foreach (var sessionId in holding)
            {
                await sessions.RsvpAsync(actor, sessionId.ToString(), yes: false, cancellationToken);
            }

            await db.Outbox.Where(o => o.PersonId == person.Id).ExecuteDeleteAsync(cancellationToken);

            // A check-in stays only as an anonymous count (rule 13); the database does the same when the person row goes.
            await db.CheckIns.Where(c => c.PersonId == person.Id).ExecuteUpdateAsync(u => u.SetProperty(c => c.PersonId, (Guid?)null), cancellationToken);
            await introductionService.ForgetAsync(person.Id, cancellationToken);
            await conversationMemory.ForgetAsync(person.Id, cancellationToken);
            foreach (var account in person.Accounts)
            {
                await db.ChatAddresses.Where(a => a.Channel == account.Channel && a.TenantId == account.TenantId && a.UserId == account.UserId)
                    .ExecuteDeleteAsync(cancellationToken);
            }

            var organizes = await db.Sessions.AnyAsync(s => s.OrganizerId == person.Id, cancellationToken)
                || await db.Invitations.AnyAsync(i => i.InvitedById == person.Id && i.PersonId != person.Id, cancellationToken);
            if (organizes)
            {
                await db.Memberships.Where(m => m.PersonId == person.Id).ExecuteDeleteAsync(cancellationToken);
                await db.Invitations.Where(i => i.PersonId == person.Id).ExecuteDeleteAsync(cancellationToken);
                await db.ColleagueInvitations.Where(c => c.InviteeId == person.Id || c.InviterId == person.Id).ExecuteDeleteAsync(cancellationToken);
                await db.HelpTopics.Where(t => t.PersonId == person.Id).ExecuteDeleteAsync(cancellationToken);
                person.DisplayName = "A former organizer";
                person.Department = null;
                person.TimeZoneId = null;
                person.ClientTimeZoneId = null;
                person.Accounts.Clear();
                person.Settings.Visibility = RosterVisibility.Hidden;
                await db.SaveChangesAsync(cancellationToken);
            }
            else
            {
                db.People.Remove(person);
                await db.SaveChangesAsync(cancellationToken);
            }

            if (transaction is not null)
            {
                await transaction.CommitAsync(cancellationToken);
            }
        });
    }
}
