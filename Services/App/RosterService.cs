using CoPBot.Services.Domain;
using CoPBot.Services.Storage;
using CoPBot.Services.Views;
using Microsoft.EntityFrameworkCore;

namespace CoPBot.Services.App;

/// <summary>
/// "Who else?" with consent: names only of people who chose to be visible to this reader, grouped by
/// organization and department, plus a count of the others. The only people ever listed are members (for a
/// network) or people who said yes (for a session): declines, silence and waitlists never appear (rule 4).
/// </summary>
public sealed class RosterService(CoPBotDbContext db, TimeProvider clock)
{
    /// <summary>The most names one answer lists; the rest are counted.</summary>
    public const int MaxNames = 300;

    private readonly NetworkQueries queries = new(db, clock);

    public async Task<RosterView> NetworkAsync(Actor actor, string handle, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(actor);
        var network = await queries.FindVisibleAsync(actor, handle, cancellationToken);

        // Everything a network roster shows is on the membership rows (RosterColumns): no join, one index read in order.
        var people = db.Memberships.AsNoTracking()
            .Where(m => m.NetworkId == network.Id && m.LeftAt == null)
            .Select(m => new Entry
            {
                PersonId = m.PersonId,
                ShownTo = EF.Property<RosterVisibility?>(m, RosterColumns.ShownTo),
                OrganizationId = EF.Property<Guid?>(m, RosterColumns.OrganizationId),
                Organization = EF.Property<string>(m, RosterColumns.Organization),
                Department = EF.Property<string>(m, RosterColumns.Department),
                Name = EF.Property<string>(m, RosterColumns.Name),
            });
        var readerIsMember = await db.Memberships.AnyAsync(m => m.NetworkId == network.Id && m.PersonId == actor.PersonId && m.LeftAt == null, cancellationToken);
        return await BuildAsync(actor, people, readerIsMember || network.IsOrganizer(actor.PersonId), $"Members of {network.Name}", "network", network.Handle, cancellationToken);
    }

    public async Task<RosterView> SessionAsync(Actor actor, string reference, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(actor);
        var session = await queries.FindSessionAsync(actor, reference, cancellationToken, includePast: true);
        var networkId = session.NetworkId;
        var people =
            from i in db.Invitations.AsNoTracking()
            where i.SessionId == session.Id && i.Answer == Answer.Yes
            join p in db.People.AsNoTracking() on i.PersonId equals p.Id
            join o in db.Organizations.AsNoTracking() on p.OrganizationId equals o.Id
            join m in db.Memberships.AsNoTracking().Where(m => m.NetworkId == networkId) on i.PersonId equals m.PersonId into ms
            from m in ms.DefaultIfEmpty()
            select new Entry
            {
                PersonId = i.PersonId,
                ShownTo = m == null ? p.Settings.Visibility : m.Visibility ?? p.Settings.Visibility,
                OrganizationId = p.OrganizationId,
                Organization = o.Name,
                Department = p.Department ?? RosterColumns.OtherDepartments,
                Name = p.DisplayName,
            };
        var readerIsMember = await db.Memberships.AnyAsync(m => m.NetworkId == networkId && m.PersonId == actor.PersonId && m.LeftAt == null, cancellationToken);
        var readerAttends = await db.Invitations.AnyAsync(i => i.SessionId == session.Id && i.PersonId == actor.PersonId && i.Answer == Answer.Yes, cancellationToken);
        return await BuildAsync(actor, people, readerIsMember || readerAttends || session.Network!.IsOrganizer(actor.PersonId),
            $"Going to {session.Title}", "session", session.Reference, cancellationToken);
    }

    private static async Task<RosterView> BuildAsync(Actor actor, IQueryable<Entry> entries, bool readerMaySeeNames, string title, string scope, string reference, CancellationToken cancellationToken)
    {
        if (!readerMaySeeNames)
        {
            // Names are for fellow members: others see how many, and how to join.
            return new RosterView { Title = title, Scope = scope, Reference = reference, Groups = [], Others = await entries.CountAsync(cancellationToken), CountsOnly = true };
        }

        // Visibility is decided in the query, and a long roster is cut to its first names: a network of 100,000
        // never loads 100,000 rows to answer "who else?". The visible ones are counted only when the names were cut.
        var visible = entries.Where(e => e.PersonId == actor.PersonId
            || e.ShownTo == RosterVisibility.Members
            || (e.ShownTo == RosterVisibility.Organization && e.OrganizationId == actor.OrganizationId));
        var rows = await visible
            .OrderBy(e => e.Organization).ThenBy(e => e.Department).ThenBy(e => e.Name)
            .Take(MaxNames)
            .Select(e => new { e.PersonId, e.Name, e.Department, e.Organization })
            .ToListAsync(cancellationToken);
        var visibleCount = rows.Count < MaxNames ? rows.Count : await visible.CountAsync(cancellationToken);
        var total = await entries.CountAsync(cancellationToken);
        var groups = rows
            .GroupBy(r => (Organization: r.Organization ?? string.Empty, Department: r.Department ?? RosterColumns.OtherDepartments))
            .OrderBy(g => g.Key.Organization, StringComparer.Ordinal).ThenBy(g => g.Key.Department, StringComparer.Ordinal)
            .Select(g => new RosterGroup(g.Key.Organization, g.Key.Department,
                g.Select(r => r.PersonId == actor.PersonId ? $"{r.Name} (you)" : r.Name ?? string.Empty).Order(StringComparer.CurrentCulture).ToList()))
            .ToList();
        return new RosterView
        {
            Title = title, Scope = scope, Reference = reference, Groups = groups,
            Others = total - visibleCount, MoreVisible = visibleCount - rows.Count,
        };
    }

    /// <summary>A property-initialized class, not a positional record, so EF Core can translate joins on it.</summary>
    private sealed class Entry
    {
        public Guid PersonId { get; init; }

        public RosterVisibility? ShownTo { get; init; }

        public Guid? OrganizationId { get; init; }

        public string? Organization { get; init; }

        public string? Department { get; init; }

        public string? Name { get; init; }
    }
}
