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
        var networkId = network.Id;

        // Everything a network roster shows is on the membership rows (RosterColumns): no join, one index read in order.
        var active = db.Memberships.AsNoTracking().Where(m => m.NetworkId == networkId && m.LeftAt == null);

        // Its counts come from RosterCounts, a handful of rows per network (one per visibility and organization),
        // never from reading 100,000 memberships. A count has no person, so the reader's own row is not "themselves"
        // there: when the reader cannot see their own key (hidden), they are one more visible than the counts say.
        var counts = db.RosterCounts.AsNoTracking().Where(c => c.NetworkId == networkId)
            .Select(c => new Entry { PersonId = Guid.Empty, ShownTo = c.ShownTo, OrganizationId = c.OrganizationId, People = c.Members });
        var own = MemberEntries(active.Where(m => m.PersonId == actor.PersonId))
            .Select(e => new Entry { PersonId = Guid.Empty, ShownTo = e.ShownTo, OrganizationId = e.OrganizationId, People = e.People });
        var roster = new Reading(MemberEntries(active), counts, own, own.Select(e => e.People), network.IsOrganizer(actor.PersonId));
        return await BuildAsync(actor, networkId, roster, $"Members of {network.Name}", "network", network.Handle, cancellationToken);
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
                ShownTo = m == null ? p.Settings.Visibility : EF.Property<RosterVisibility?>(m, RosterColumns.ShownTo),
                OrganizationId = p.OrganizationId,
                Organization = o.Name,
                Department = p.Department ?? RosterColumns.OtherDepartments,
                Name = p.DisplayName,
                People = 1,
            };
        var belongs = db.Memberships.AsNoTracking().Where(m => m.NetworkId == networkId && m.PersonId == actor.PersonId && m.LeftAt == null).Select(m => 1)
            .Concat(db.Invitations.AsNoTracking().Where(i => i.SessionId == session.Id && i.PersonId == actor.PersonId && i.Answer == Answer.Yes).Select(i => 1));
        var roster = new Reading(people, people, people.Where(e => e.PersonId == actor.PersonId), belongs, session.Network!.IsOrganizer(actor.PersonId));
        return await BuildAsync(actor, networkId, roster, $"Going to {session.Title}", "session", session.Reference, cancellationToken);
    }

    /// <summary>
    /// The accounts, on one platform tenant, whose clients turn a shared card about these networks into their own view
    /// by themselves: the organizers first (the card names them anyway), then the members who let every fellow member
    /// see their name, earliest first; at most <paramref name="max"/>. Nobody hidden, or visible to their own
    /// organization only, is listed: the ids travel inside the card, which everyone in the conversation receives.
    /// </summary>
    public async Task<IReadOnlyList<string>> OwnViewAccountsAsync(string channel, string tenantId, IReadOnlyCollection<string> handles, int max, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(handles);
        if (handles.Count == 0 || max <= 0)
        {
            return [];
        }

        var networks = await db.Networks.AsNoTracking().Where(n => handles.Contains(n.Handle))
            .Select(n => new { n.Id, Organizers = n.Organizers.Select(o => o.PersonId).ToList() }).ToListAsync(cancellationToken);
        var networkIds = networks.Select(n => n.Id).ToList();
        var organizers = networks.SelectMany(n => n.Organizers).Distinct().ToList();
        var members = await (
                from m in db.Memberships.AsNoTracking()
                where networkIds.Contains(m.NetworkId) && m.LeftAt == null
                    && EF.Property<RosterVisibility?>(m, RosterColumns.ShownTo) == RosterVisibility.Members
                join a in db.Accounts.AsNoTracking() on m.PersonId equals a.PersonId
                where a.Channel == channel && a.TenantId == tenantId
                orderby m.JoinedAt, a.UserId
                select new { m.PersonId, a.UserId })
            .Take(max + organizers.Count)
            .ToListAsync(cancellationToken);
        var organizerAccounts = await db.Accounts.AsNoTracking()
            .Where(a => organizers.Contains(a.PersonId) && a.Channel == channel && a.TenantId == tenantId)
            .OrderBy(a => a.UserId).Select(a => a.UserId).ToListAsync(cancellationToken);
        return organizerAccounts.Concat(members.Where(m => !organizers.Contains(m.PersonId)).Select(m => m.UserId))
            .Distinct(StringComparer.Ordinal).Take(max).ToList();
    }

    /// <summary>
    /// A roster's names and counts, read in one statement so that they are of one moment: a member who joins or leaves
    /// meanwhile is in all of them or in none (on PostgreSQL each statement of a turn sees the data as of its own start).
    /// </summary>
    private async Task<RosterView> BuildAsync(Actor actor, Guid networkId, Reading roster, string title, string scope, string reference, CancellationToken cancellationToken)
    {
        // Visibility is decided in the query, and a long roster is cut to its first names: a network of 100,000
        // never loads 100,000 rows to answer "who else?". Names are for fellow members: nobody else gets any.
        var belongs = roster.Belongs;
        var visible = Visible(actor, roster.Entries);
        var names = (roster.Organizer ? visible : visible.Where(_ => belongs.Any()))
            .OrderBy(e => e.Organization).ThenBy(e => e.Department).ThenBy(e => e.Name)
            .Take(MaxNames);
        var counted = roster.Counted;
        var countedVisible = Visible(actor, counted);
        var own = roster.Own;
        var ownVisible = Visible(actor, own);
        var summary = db.Networks.AsNoTracking().Where(n => n.Id == networkId).Select(n => new Row
        {
            Summary = true, PersonId = Guid.Empty, Name = null, Department = null, Organization = null,
            Total = counted.Sum(e => e.People),
            Visible = countedVisible.Sum(e => e.People),
            Belongs = belongs.Any(),
            OwnCounted = own.Any(),
            OwnVisible = ownVisible.Any(),
        });
        var listed = names.Select(e => new Row
        {
            Summary = false, PersonId = e.PersonId, Name = e.Name, Department = e.Department, Organization = e.Organization,
            Total = 0, Visible = 0, Belongs = false, OwnCounted = false, OwnVisible = false,
        });
        var rows = await summary.Concat(listed).ToListAsync(cancellationToken);
        var read = rows.Single(r => r.Summary);
        var shown = rows.Where(r => !r.Summary).ToList();
        if (!roster.Organizer && !read.Belongs)
        {
            // Others see how many, and how to join.
            return new RosterView { Title = title, Scope = scope, Reference = reference, Groups = [], Others = read.Total, CountsOnly = true };
        }

        // A reader always sees themselves, which a count (it has no person) cannot tell: one more when their key is hidden from them.
        var visibleCount = read.Visible + (read.OwnCounted && !read.OwnVisible ? 1 : 0);
        var groups = shown
            .GroupBy(r => (Organization: r.Organization ?? string.Empty, Department: r.Department ?? RosterColumns.OtherDepartments))
            .OrderBy(g => g.Key.Organization, StringComparer.Ordinal).ThenBy(g => g.Key.Department, StringComparer.Ordinal)
            .Select(g => new RosterGroup(g.Key.Organization, g.Key.Department,
                g.Select(r => r.PersonId == actor.PersonId ? $"{r.Name} (you)" : r.Name ?? string.Empty).Order(StringComparer.CurrentCulture).ToList()))
            .ToList();
        return new RosterView
        {
            Title = title, Scope = scope, Reference = reference, Groups = groups,
            Others = read.Total - visibleCount, MoreVisible = visibleCount - shown.Count,
        };
    }

    /// <summary>
    /// "Who knows about performance data?": people who wrote a matching topic themselves (rule 15), among the members of
    /// the network named, or of every network the reader belongs to or organizes, and only those this reader may see
    /// on that network's roster, by the same rule as "who" (<see cref="Visible"/>). The reader is left out. Best
    /// matches first (most of the question's words), then by name; at most <see cref="MaxHelpers"/> named, the rest counted.
    /// </summary>
    public async Task<WhoKnowsView> WhoKnowsAsync(Actor actor, string topic, string? networkName, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(actor);
        var stems = TopicWords.Stems(topic).Take(TopicWords.MaxQueryStems).ToList();
        if (stems.Count == 0)
        {
            throw new DomainException("Who knows about what? Ask like this: \"who knows about Excel\".");
        }

        IQueryable<Guid> networks;
        string? name = null;
        if (networkName is not null)
        {
            var network = await queries.FindVisibleAsync(actor, networkName, cancellationToken);
            var readerIsMember = await db.Memberships.AnyAsync(m => m.NetworkId == network.Id && m.PersonId == actor.PersonId && m.LeftAt == null, cancellationToken);
            if (!readerIsMember && !network.IsOrganizer(actor.PersonId))
            {
                throw new DomainException($"Names are for fellow members of {network.Name}. Join it (\"join {network.Handle}\") to ask who there can help.");
            }

            var id = network.Id;
            networks = db.Networks.Where(n => n.Id == id).Select(n => n.Id);
            name = network.Name;
        }
        else
        {
            networks = db.Networks.AsNoTracking()
                .Where(n => n.Organizations.Any(o => o.OrganizationId == actor.OrganizationId))
                .Where(n => n.Organizers.Any(o => o.PersonId == actor.PersonId)
                    || db.Memberships.Any(m => m.NetworkId == n.Id && m.PersonId == actor.PersonId && m.LeftAt == null))
                .Select(n => n.Id);
        }

        var entries = MemberEntries(db.Memberships.AsNoTracking().Where(m => m.LeftAt == null && networks.Contains(m.NetworkId)));
        var visible = Visible(actor, entries).Select(e => e.PersonId);
        var matches = db.HelpTopics.AsNoTracking().Where(TopicMatch.Any(stems))
            .Where(t => t.PersonId != actor.PersonId && visible.Contains(t.PersonId));
        var total = await matches.Select(t => t.PersonId).Distinct().CountAsync(cancellationToken);
        var rows = await (
                from t in matches.Select(TopicMatch.WithMatches(stems))
                join p in db.People.AsNoTracking() on t.PersonId equals p.Id
                join o in db.Organizations.AsNoTracking() on p.OrganizationId equals o.Id
                orderby t.Matches descending, p.DisplayName, p.Id
                select new { t.PersonId, t.Text, p.DisplayName, p.Department, Organization = o.Name })
            .Take(MaxHelpers * HelpTopic.MaxPerPerson)
            .ToListAsync(cancellationToken);
        var people = rows.GroupBy(r => r.PersonId).Take(MaxHelpers)
            .Select(g => g.First())
            .Select(r => new HelperEntry(r.DisplayName, r.Department, r.Organization, r.Text))
            .ToList();
        return new WhoKnowsView { Topic = topic.Trim(), NetworkName = name, People = people, More = Math.Max(0, total - people.Count) };
    }

    /// <summary>The most people one "who knows about" answer names; the rest are counted.</summary>
    public const int MaxHelpers = 5;

    /// <summary>
    /// The one visibility rule of every roster: of <paramref name="entries"/>, the people this reader may see by name
    /// (themselves, those visible to members, and those visible to their own organization when the reader is in it).
    /// Decided in the query.
    /// </summary>
    private static IQueryable<Entry> Visible(Actor actor, IQueryable<Entry> entries) =>
        entries.Where(e => e.PersonId == actor.PersonId
            || e.ShownTo == RosterVisibility.Members
            || (e.ShownTo == RosterVisibility.Organization && e.OrganizationId == actor.OrganizationId));

    /// <summary>Members as a roster shows them: everything is on the membership rows (RosterColumns), no join, one index read in order.</summary>
    private static IQueryable<Entry> MemberEntries(IQueryable<Membership> memberships) =>
        memberships.Select(m => new Entry
        {
            PersonId = m.PersonId,
            ShownTo = EF.Property<RosterVisibility?>(m, RosterColumns.ShownTo),
            OrganizationId = EF.Property<Guid?>(m, RosterColumns.OrganizationId),
            Organization = EF.Property<string>(m, RosterColumns.Organization),
            Department = EF.Property<string>(m, RosterColumns.Department),
            Name = EF.Property<string>(m, RosterColumns.Name),
            People = 1,
        });

    /// <summary>A property-initialized class, not a positional record, so EF Core can translate joins on it.</summary>
    private sealed class Entry
    {
        public Guid PersonId { get; init; }

        public RosterVisibility? ShownTo { get; init; }

        public Guid? OrganizationId { get; init; }

        public string? Organization { get; init; }

        public string? Department { get; init; }

        public string? Name { get; init; }

        /// <summary>How many people the entry stands for: one for a person, the count of a RosterCounts row.</summary>
        public int People { get; init; }
    }

    /// <summary>A row of the roster's one statement: its summary (the counts, and who the reader is there), or a name listed.</summary>
    private sealed class Row
    {
        public bool Summary { get; init; }

        public Guid PersonId { get; init; }

        public string? Name { get; init; }

        public string? Department { get; init; }

        public string? Organization { get; init; }

        public int Total { get; init; }

        public int Visible { get; init; }

        public bool Belongs { get; init; }

        public bool OwnCounted { get; init; }

        public bool OwnVisible { get; init; }
    }

    /// <summary>
    /// What a roster reads: the <paramref name="Entries"/> it may list; the <paramref name="Counted"/> ones, summed by
    /// <see cref="Entry.People"/>; the reader's <paramref name="Own"/> entries among those counted, for when the counts
    /// cannot tell the reader apart (a reader always sees themselves); and whether the reader <paramref name="Belongs"/>
    /// (any row) or is an <paramref name="Organizer"/>, who alone may see names.
    /// </summary>
    private sealed record Reading(IQueryable<Entry> Entries, IQueryable<Entry> Counted, IQueryable<Entry> Own, IQueryable<int> Belongs, bool Organizer);
}
