using CoPBot.Services.Domain;
using CoPBot.Services.Storage;
using CoPBot.Services.Views;
using Microsoft.EntityFrameworkCore;

namespace CoPBot.Services.App;

/// <summary>Read models of networks and sessions, shared by the services.</summary>
internal sealed class NetworkQueries(CoPBotDbContext db, TimeProvider clock)
{
    /// <summary>A session by id with its network and organizers (every answer to a card looks one up this way).</summary>
    private static readonly CompiledQuery<Func<CoPBotDbContext, Guid, CancellationToken, Task<Session?>>> SessionById = new(() =>
        EF.CompileAsyncQuery((CoPBotDbContext db, Guid id, CancellationToken _) => WithNetworkAndOrganizers(db.Sessions).FirstOrDefault(s => s.Id == id)));

    /// <summary>
    /// A network by handle, display name ("Facilitation Network") or an unambiguous part or near-spelling of either
    /// ("facilitation", "idealb"), if the actor's organization may see it; otherwise a friendly "not found", which
    /// lists the candidates when several match.
    /// </summary>
    public async Task<Network> FindVisibleAsync(Actor actor, string handle, CancellationToken cancellationToken)
    {
        var normalized = handle.Trim().TrimStart('#').ToLowerInvariant();
        var network = await WithOrganizationsAndOrganizers(db.Networks)
            .FirstOrDefaultAsync(n => n.Handle == normalized, cancellationToken);
        if (network is not null && network.IsVisibleTo(actor.OrganizationId))
        {
            return network;
        }

        var visible = await db.Networks.AsNoTracking()
            .Where(n => n.Organizations.Any(o => o.OrganizationId == actor.OrganizationId))
            .Select(n => new NetworkNames.Candidate(n.Handle, n.Name))
            .ToListAsync(cancellationToken);
        var matches = NetworkNames.Match(handle, visible);
        if (matches.Count == 1)
        {
            return await WithOrganizationsAndOrganizers(db.Networks)
                .FirstAsync(n => n.Handle == matches[0].Handle, cancellationToken);
        }

        var suggestion = matches.Count == 0 ? Suggest.Closest(normalized, visible.Select(c => c.Handle)) : null;
        throw new DomainException(matches.Count > 1
            ? $"Several networks match \"{UserText.Clip(handle)}\": {string.Join(", ", matches.Take(5).Select(m => $"{m.Name} ({m.Handle})"))}. Which one?"
            : suggestion is null
                ? $"I can't find a network called \"{UserText.Clip(handle)}\". Type \"networks\" to see them all."
                : $"I can't find a network called \"{UserText.Clip(handle)}\". Did you mean \"{suggestion}\"?");
    }

    public async Task<IReadOnlyList<string>> VisibleHandlesAsync(Actor actor, CancellationToken cancellationToken) =>
        await db.Networks.AsNoTracking()
            .Where(n => n.Organizations.Any(o => o.OrganizationId == actor.OrganizationId))
            .Select(n => n.Handle)
            .ToListAsync(cancellationToken);

    public async Task<IReadOnlyList<NetworkSummary>> VisibleNetworksAsync(Actor actor, CancellationToken cancellationToken)
    {
        var networks = await db.Networks.AsNoTracking()
            .Include(n => n.Organizations)
            .Include(n => n.Organizers)
            .Where(n => n.Organizations.Any(o => o.OrganizationId == actor.OrganizationId))
            .OrderBy(n => n.Name)
            .ToListAsync(cancellationToken);
        return await SummarizeAsync(actor, networks, cancellationToken);
    }

    public async Task<IReadOnlyList<NetworkSummary>> MyNetworksAsync(Actor actor, CancellationToken cancellationToken)
    {
        var ids = await db.Memberships.AsNoTracking()
            .Where(m => m.PersonId == actor.PersonId && m.LeftAt == null)
            .Select(m => m.NetworkId)
            .ToListAsync(cancellationToken);
        var networks = await db.Networks.AsNoTracking()
            .Include(n => n.Organizations)
            .Include(n => n.Organizers)
            .Where(n => ids.Contains(n.Id) || n.Organizers.Any(o => o.PersonId == actor.PersonId))
            .OrderBy(n => n.Name)
            .ToListAsync(cancellationToken);
        return await SummarizeAsync(actor, networks, cancellationToken);
    }

    public async Task<NetworkSummary> SummaryAsync(Actor actor, Network network, CancellationToken cancellationToken) =>
        (await SummarizeAsync(actor, [network], cancellationToken))[0];

    private async Task<IReadOnlyList<NetworkSummary>> SummarizeAsync(Actor actor, IReadOnlyList<Network> networks, CancellationToken cancellationToken)
    {
        var ids = networks.Select(n => n.Id).ToList();
        var organizationIds = networks.SelectMany(n => n.Organizations.Select(o => o.OrganizationId)).Distinct().ToList();
        var organizationNames = await db.Organizations.AsNoTracking()
            .Where(o => organizationIds.Contains(o.Id))
            .ToDictionaryAsync(o => o.Id, o => o.Name, cancellationToken);
        var counts = await db.Memberships.AsNoTracking()
            .Where(m => ids.Contains(m.NetworkId) && m.LeftAt == null)
            .GroupBy(m => m.NetworkId)
            .Select(g => new { g.Key, Count = g.Count() })
            .ToDictionaryAsync(x => x.Key, x => x.Count, cancellationToken);
        var mine = await db.Memberships.AsNoTracking()
            .Where(m => ids.Contains(m.NetworkId) && m.PersonId == actor.PersonId && m.LeftAt == null)
            .ToDictionaryAsync(m => m.NetworkId, cancellationToken);
        var now = clock.GetUtcNow().UtcDateTime;
        var nextSessions = await db.Sessions.AsNoTracking()
            .Include(s => s.Network)
            .Include(s => s.Organizer)
            .Where(s => ids.Contains(s.NetworkId) && s.Status == SessionStatus.Scheduled && s.StartsAt > now)
            .OrderBy(s => s.StartsAt)
            .ToListAsync(cancellationToken);
        var summaries = await SessionSummariesAsync(actor, nextSessions.GroupBy(s => s.NetworkId).Select(g => g.First()).ToList(), cancellationToken);

        return networks.Select(n => new NetworkSummary
        {
            Id = n.Id,
            Name = n.Name,
            Handle = n.Handle,
            Purpose = n.Purpose,
            Cadence = n.Cadence,
            Series = n.Series,
            HostOrganizations = n.Organizations.Where(o => o.Role == NetworkOrganizationRole.Host)
                .Select(o => organizationNames.GetValueOrDefault(o.OrganizationId, "?")).Order(StringComparer.Ordinal).ToList(),
            PartnerOrganizations = n.Organizations.Where(o => o.Role == NetworkOrganizationRole.Partner)
                .Select(o => organizationNames.GetValueOrDefault(o.OrganizationId, "?")).Order(StringComparer.Ordinal).ToList(),
            MemberCount = counts.GetValueOrDefault(n.Id),
            IsMember = mine.ContainsKey(n.Id),
            Level = mine.TryGetValue(n.Id, out var m) ? m.Level : null,
            PausedUntil = mine.TryGetValue(n.Id, out var p) ? p.PausedUntil : null,
            IsOrganizer = n.IsOrganizer(actor.PersonId),
            NextSession = summaries.FirstOrDefault(s => s.NetworkHandle == n.Handle),
        }).ToList();
    }

    /// <summary>Resolves "idealab-3", "idealab" (its next session) or an id, within what the actor may see.</summary>
    public async Task<Session> FindSessionAsync(Actor actor, string reference, CancellationToken cancellationToken, bool includePast = false)
    {
        var parsed = SessionRef.Parse(reference);
        Session? session;
        if (parsed.Id is { } id)
        {
            session = await SessionById.For(db)(db, id, cancellationToken);
        }
        else
        {
            var network = await FindVisibleAsync(actor, parsed.Handle ?? "", cancellationToken);
            var now = clock.GetUtcNow().UtcDateTime;
            var query = WithNetworkAndOrganizers(db.Sessions).Where(s => s.NetworkId == network.Id);
            session = parsed.Number is { } number
                ? await query.FirstOrDefaultAsync(s => s.Number == number, cancellationToken)
                : await query.Where(s => s.Status == SessionStatus.Scheduled && (includePast || s.EndsAt > now))
                    .OrderBy(s => s.StartsAt).FirstOrDefaultAsync(cancellationToken);
            if (session is null)
            {
                throw new DomainException(parsed.Number is null
                    ? $"{network.Name} has no upcoming session yet."
                    : $"{network.Name} has no session {parsed.Number}. Type \"sessions {network.Handle}\" to see them.");
            }
        }

        if (session?.Network is null || !session.Network.IsVisibleTo(actor.OrganizationId))
        {
            throw new DomainException($"I can't find the session \"{UserText.Clip(reference)}\". Type \"sessions\" to see upcoming ones.");
        }

        return session;
    }

    /// <summary>
    /// A network with who may see it and who organizes it, in one query (a handful of each): every turn about a network
    /// looks it up, and one statement costs less than one per collection.
    /// </summary>
    private static IQueryable<Network> WithOrganizationsAndOrganizers(IQueryable<Network> networks) =>
        networks.Include(n => n.Organizations).Include(n => n.Organizers).AsSingleQuery();

    /// <summary>
    /// A session with what every answer about it shows (its network's organizations and organizers, its organizer), in
    /// one query: a network has a handful of each, so one statement costs less than one per collection.
    /// </summary>
    internal static IQueryable<Session> WithNetworkAndOrganizers(IQueryable<Session> sessions) =>
        sessions.Include(s => s.Network).ThenInclude(n => n!.Organizations)
            .Include(s => s.Network).ThenInclude(n => n!.Organizers)
            .Include(s => s.Organizer)
            .AsSingleQuery();

    /// <summary>Sessions as the actor sees them; <paramref name="mine"/>, when given, is the actor's invitation to the one session, in hand.</summary>
    public async Task<IReadOnlyList<SessionSummary>> SessionSummariesAsync(Actor actor, IReadOnlyList<Session> sessions, CancellationToken cancellationToken, Invitation? mine = null)
    {
        var ids = sessions.Select(s => s.Id).ToList();
        var now = clock.GetUtcNow().UtcDateTime;
        var places = (await db.Invitations.AsNoTracking()
            .Where(i => ids.Contains(i.SessionId) && (i.Answer == Answer.Yes || i.Answer == Answer.Offered))
            .GroupBy(i => new { i.SessionId, i.Answer })
            .Select(g => new { g.Key.SessionId, g.Key.Answer, Count = g.Count() })
            .ToListAsync(cancellationToken)).ToDictionary(x => (x.SessionId, x.Answer), x => x.Count);
        var invitations = mine is not null && sessions.Count == 1 && mine.SessionId == sessions[0].Id && mine.PersonId == actor.PersonId
            ? new Dictionary<Guid, Invitation> { [mine.SessionId] = mine }
            : await db.Invitations
                .Where(i => ids.Contains(i.SessionId) && i.PersonId == actor.PersonId)
                .ToDictionaryAsync(i => i.SessionId, cancellationToken);
        return sessions.Select(s =>
        {
            invitations.TryGetValue(s.Id, out var invitation);

            // An offer past its deadline no longer holds a place for the reader, even before housekeeping lapses it.
            var offerExpired = invitation is { OfferExpiresAt: { } deadline } && (invitation.Answer == Answer.None || deadline <= now);
            return new SessionSummary
            {
                Id = s.Id,
                Reference = s.Reference,
                Title = s.Title,
                NetworkName = s.Network?.Name ?? "",
                NetworkHandle = s.Network?.Handle ?? "",
                Series = s.Network?.Series,
                SeriesPart = s.SeriesPart,
                StartsAt = s.StartsAt,
                EndsAt = s.EndsAt,
                TimeZoneId = s.TimeZoneId,
                Room = s.Room,
                Address = s.Address,
                Capacity = s.Capacity,
                Going = places.GetValueOrDefault((s.Id, Answer.Yes)),
                Offered = places.GetValueOrDefault((s.Id, Answer.Offered)),
                Agenda = s.Agenda,
                Preparation = s.Preparation,
                OrganizerName = s.Organizer?.DisplayName ?? "an organizer",
                Status = s.Status,
                MyAnswer = offerExpired ? Answer.None : invitation?.Answer,
                OfferExpiresAt = invitation?.OfferExpiresAt,
                OfferExpired = offerExpired,
                CalendarToken = invitation?.Answer == Answer.Yes ? invitation.CalendarToken : null,
                ReaderTimeZoneId = actor.TimeZoneId,
                ReaderIsOrganizer = s.Network?.IsOrganizer(actor.PersonId) ?? false,
            };
        }).ToList();
    }

    public async Task<SessionSummary> SessionSummaryAsync(Actor actor, Session session, CancellationToken cancellationToken, Invitation? mine = null) =>
        (await SessionSummariesAsync(actor, [session], cancellationToken, mine))[0];
}

/// <summary>"Did you mean": the closest known word by edit distance, when it is close enough.</summary>
public static class Suggest
{
    public static string? Closest(string input, IEnumerable<string> candidates)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(candidates);
        var allowed = Math.Max(2, input.Length / 3);
        string? best = null;
        var bestDistance = int.MaxValue;
        foreach (var candidate in candidates)
        {
            if (input.Length - candidate.Length > allowed)
            {
                // The distance is at least the difference in length: too far, and not worth the cost of computing it.
                continue;
            }

            var distance = Distance(input, candidate);
            if (candidate.StartsWith(input, StringComparison.OrdinalIgnoreCase) && input.Length >= 3)
            {
                distance = Math.Min(distance, 1);
            }

            if (distance < bestDistance)
            {
                bestDistance = distance;
                best = candidate;
            }
        }

        return best is not null && bestDistance <= allowed ? best : null;
    }

    public static int Distance(string a, string b)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        var previous = new int[b.Length + 1];
        var current = new int[b.Length + 1];
        for (var j = 0; j <= b.Length; j++)
        {
            previous[j] = j;
        }

        for (var i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            for (var j = 1; j <= b.Length; j++)
            {
                var cost = char.ToLowerInvariant(a[i - 1]) == char.ToLowerInvariant(b[j - 1]) ? 0 : 1;
                current[j] = Math.Min(Math.Min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + cost);
            }

            (previous, current) = (current, previous);
        }

        return previous[b.Length];
    }
}
