using CoPBot.Services.Domain;
using CoPBot.Services.Storage;
using CoPBot.Services.Views;
using Microsoft.EntityFrameworkCore;

namespace CoPBot.Services.App;

/// <summary>
/// The organizer page's figures, read for one person: only networks they organize, only counts. Came and walk-ins are
/// <see cref="CheckInService"/>'s counts. Who said yes is also shown by department and by organization, each person
/// once, through <see cref="GroupCounts.Fold"/> so no group points at a person (who came is not: check-ins stop
/// naming people soon after a session, and are only ever counted).
/// </summary>
public sealed class OrganizerDashboardService(CoPBotDbContext db, TimeProvider clock, CheckInService checkIns)
{
    /// <summary>The latest sessions per network on the page (upcoming included); older ones stay in the database.</summary>
    public const int SessionsShown = 12;

    public Task<bool> IsOrganizerAsync(Guid personId, CancellationToken cancellationToken) =>
        db.Networks.AnyAsync(n => n.Organizers.Any(o => o.PersonId == personId), cancellationToken);

    /// <summary>The page for <paramref name="personId"/>; null when the person is unknown (forgotten since signing in).</summary>
    public async Task<OrganizerDashboard?> ForAsync(Guid personId, CancellationToken cancellationToken)
    {
        var name = await db.People.Where(p => p.Id == personId).Select(p => p.DisplayName).FirstOrDefaultAsync(cancellationToken);
        if (name is null)
        {
            return null;
        }

        var networks = await db.Networks.AsNoTracking().Where(n => n.Organizers.Any(o => o.PersonId == personId))
            .OrderBy(n => n.Name).Select(n => new { n.Id, n.Name, n.Handle }).ToListAsync(cancellationToken);
        var networkIds = networks.Select(n => n.Id).ToList();
        var sessions = await db.Sessions.AsNoTracking().Where(s => networkIds.Contains(s.NetworkId))
            .Select(s => new { s.Id, s.NetworkId, s.Number, s.Title, s.StartsAt, s.EndsAt, s.TimeZoneId, s.Status })
            .ToListAsync(cancellationToken);
        var sessionIds = sessions.Select(s => s.Id).ToList();
        var saidYes = await db.Invitations.AsNoTracking().Where(i => sessionIds.Contains(i.SessionId) && i.Answer == Answer.Yes)
            .GroupBy(i => i.SessionId).Select(g => new { g.Key, Count = g.Count() })
            .ToDictionaryAsync(g => g.Key, g => g.Count, cancellationToken);

        var now = clock.GetUtcNow().UtcDateTime;
        var result = new List<NetworkDashboard>();
        foreach (var network in networks)
        {
            var shown = sessions.Where(s => s.NetworkId == network.Id).OrderByDescending(s => s.StartsAt).Take(SessionsShown).OrderBy(s => s.StartsAt).ToList();
            var counts = new List<SessionCounts>(shown.Count);
            foreach (var s in shown)
            {
                var came = await checkIns.CountsAsync(s.Id, cancellationToken);
                counts.Add(new SessionCounts(
                    s.Id, $"{network.Handle}-{s.Number}", s.Title, s.StartsAt, s.TimeZoneId,
                    IsUpcoming: s.EndsAt > now && s.Status != SessionStatus.Cancelled,
                    IsCancelled: s.Status == SessionStatus.Cancelled,
                    SaidYes: saidYes.GetValueOrDefault(s.Id),
                    Came: came.Came,
                    WalkIns: came.WalkIns));
            }

            var shownIds = shown.Select(s => s.Id).ToList();
            var people = await db.Invitations.AsNoTracking().Where(i => shownIds.Contains(i.SessionId) && i.Answer == Answer.Yes)
                .Select(i => i.PersonId).Distinct()
                .Join(db.People, id => id, p => p.Id, (_, p) => new { p.Department, Organization = p.Organization!.Name })
                .ToListAsync(cancellationToken);
            result.Add(new NetworkDashboard(
                network.Id, network.Name, network.Handle, counts,
                ByDepartment: GroupCounts.Fold(people.Select(p => p.Department)),
                ByOrganization: GroupCounts.Fold(people.Select(p => p.Organization == Organization.Unnamed ? null : p.Organization))));
        }

        return new OrganizerDashboard(name, result);
    }

    /// <summary>The room screen's session, for one of its organizers; null for anyone else or an unknown session.</summary>
    public async Task<RoomSession?> RoomAsync(Guid personId, Guid sessionId, CancellationToken cancellationToken)
    {
        var session = await db.Sessions.AsNoTracking().Include(s => s.Network!).ThenInclude(n => n.Organizers)
            .Include(s => s.Network!).ThenInclude(n => n.Organizations)
            .FirstOrDefaultAsync(s => s.Id == sessionId, cancellationToken);
        if (session?.Network is not { } network || !(network.IsOrganizer(personId) || session.OrganizerId == personId))
        {
            return null;
        }

        var organizationIds = network.Organizations.Select(o => o.OrganizationId).ToList();
        var slugs = await db.Organizations.Where(o => organizationIds.Contains(o.Id)).Select(o => o.Slug).ToListAsync(cancellationToken);
        return new RoomSession(
            session.Id, session.Reference, session.Title, network.Name, session.StartsAt, session.EndsAt, session.TimeZoneId, session.Room,
            session.Status == SessionStatus.Cancelled, slugs);
    }
}
