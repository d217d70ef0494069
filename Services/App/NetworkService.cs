using CoPBot.Services.Domain;
using CoPBot.Services.Outbox;
using CoPBot.Services.Storage;
using CoPBot.Services.Views;
using Microsoft.EntityFrameworkCore;

namespace CoPBot.Services.App;

/// <summary>Networks and memberships. Every membership change here is the member's own act (rules 1, 7, 8).</summary>
public sealed class NetworkService(CoPBotDbContext db, TimeProvider clock)
{
    private readonly NetworkQueries queries = new(db, clock);

    private DateTime Now => clock.GetUtcNow().UtcDateTime;

    public Task<IReadOnlyList<NetworkSummary>> ListAsync(Actor actor, CancellationToken cancellationToken) =>
        queries.VisibleNetworksAsync(actor, cancellationToken);

    public Task<IReadOnlyList<NetworkSummary>> MineAsync(Actor actor, CancellationToken cancellationToken) =>
        queries.MyNetworksAsync(actor, cancellationToken);

    public async Task<NetworkSummary> GetAsync(Actor actor, string handle, CancellationToken cancellationToken) =>
        await queries.SummaryAsync(actor, await queries.FindVisibleAsync(actor, handle, cancellationToken), cancellationToken);

    /// <summary>Creates a network hosted by the actor's organization, with the actor as its first organizer.</summary>
    public async Task<NetworkSummary> CreateAsync(Actor actor, NetworkDraft draft, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(actor);
        ArgumentNullException.ThrowIfNull(draft);
        var name = UserText.Line(draft.Name);
        if (name.Length is < 2 or > 120)
        {
            throw new DomainException("A network needs a name of 2 to 120 characters.");
        }

        var handle = Network.NormalizeHandle(string.IsNullOrWhiteSpace(draft.Handle) ? name : draft.Handle);
        handle = handle.Length > 30 ? handle[..30].TrimEnd('-') : handle;
        Network.ValidateHandle(handle);
        if (await db.Networks.AnyAsync(n => n.Handle == handle, cancellationToken))
        {
            throw new DomainException($"The handle \"{UserText.Clip(handle)}\" is taken. Choose another, e.g. \"new network {UserText.Clip(name)} as {UserText.Clip(handle)}-2\".");
        }

        MandateGuard.EnsureInviting("Networks are for people who choose to come; please reword it.", name, draft.Purpose, draft.Cadence, draft.Series);

        var network = new Network
        {
            Name = name,
            Handle = handle,
            Purpose = UserText.Paragraphs(draft.Purpose),
            Cadence = UserText.Line(draft.Cadence) is { Length: > 0 } cadence ? cadence : null,
            Series = UserText.Line(draft.Series) is { Length: > 0 } series ? series : null,
            CreatedAt = Now,
        };
        network.Organizations.Add(new NetworkOrganization { NetworkId = network.Id, OrganizationId = actor.OrganizationId, Role = NetworkOrganizationRole.Host });
        network.Organizers.Add(new NetworkOrganizer { NetworkId = network.Id, PersonId = actor.PersonId });
        db.Networks.Add(network);
        await SaveUniqueAsync($"The handle \"{handle}\" is taken.", cancellationToken);
        return await queries.SummaryAsync(actor, network, cancellationToken);
    }

    /// <summary>Joins (or rejoins) a network: the only way a membership starts (rule 1).</summary>
    public async Task<JoinResult> JoinAsync(Actor actor, string handle, MembershipLevel level, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(actor);
        var network = await queries.FindVisibleAsync(actor, handle, cancellationToken);

        // Joining invites to sessions whose invitations went out, and an organizer's round invites the members it reads:
        // each must see the other's commit, or a member who joins during a round gets neither invitation.
        await using var transaction = await DatabaseLocks.LockAsync(db, LockScope.NetworkInvitations, network.Id, cancellationToken);
        var membership = await db.Memberships.FirstOrDefaultAsync(m => m.NetworkId == network.Id && m.PersonId == actor.PersonId, cancellationToken);
        var wasMember = membership is { IsActive: true };
        var already = wasMember && membership!.Level == level;
        if (membership is null)
        {
            db.Memberships.Add(membership = Membership.Start(actor.PersonId, actor.PersonId, network.Id, level, Now));
        }
        else if (!membership.IsActive)
        {
            membership.Rejoin(actor.PersonId, level, Now);
        }
        else
        {
            membership.SetLevel(level);
            membership.Resume();
        }

        // An open personal invitation from a colleague is answered by joining.
        var colleague = await db.ColleagueInvitations.FirstOrDefaultAsync(
            c => c.NetworkId == network.Id && c.InviteeId == actor.PersonId && c.Status == ColleagueInvitationStatus.Open, cancellationToken);
        colleague?.Answer(accept: true, Now);

        var (invited, held) = level == MembershipLevel.Invitations
            ? await InviteToOpenSessionsAsync(actor, network, cancellationToken)
            : (0, null);
        await SaveUniqueAsync("You are already a member.", cancellationToken);
        if (transaction is not null)
        {
            await transaction.CommitAsync(cancellationToken);
        }

        return new JoinResult(await queries.SummaryAsync(actor, network, cancellationToken), already, invited, held) { WasMember = wasMember };
    }

    /// <summary>Leaves silently: nobody is told, nothing is asked (rule 7). Places held for coming sessions stay theirs to answer.</summary>
    public async Task<NetworkSummary> LeaveAsync(Actor actor, string handle, CancellationToken cancellationToken)
    {
        var (network, membership) = await MembershipAsync(actor, handle, cancellationToken);
        membership.Leave(Now);
        await WithdrawQueuedInvitationsAsync(actor.PersonId, network.Id, cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        return await queries.SummaryAsync(actor, network, cancellationToken);
    }

    /// <summary>"Stop inviting me": announcements only, in one tap, no questions (rule 7).</summary>
    public async Task<NetworkSummary> StopInvitingAsync(Actor actor, string handle, CancellationToken cancellationToken)
    {
        var (network, membership) = await MembershipAsync(actor, handle, cancellationToken);
        membership.SetLevel(MembershipLevel.AnnouncementsOnly);
        await WithdrawQueuedInvitationsAsync(actor.PersonId, network.Id, cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        return await queries.SummaryAsync(actor, network, cancellationToken);
    }

    public async Task<NetworkSummary> SetLevelAsync(Actor actor, string handle, MembershipLevel level, CancellationToken cancellationToken)
    {
        if (level == MembershipLevel.AnnouncementsOnly)
        {
            return await StopInvitingAsync(actor, handle, cancellationToken);
        }

        return (await JoinAsync(actor, handle, level, cancellationToken)).Network;
    }

    /// <summary>Pauses invitations until a date; they resume by themselves (rule 7).</summary>
    public async Task<NetworkSummary> PauseAsync(Actor actor, string handle, DateOnly until, CancellationToken cancellationToken)
    {
        var (network, membership) = await MembershipAsync(actor, handle, cancellationToken);
        var today = DateOnly.FromDateTime(TimeZones.ToLocal(Now, actor.TimeZoneId));
        membership.PauseUntil(until, today);
        await WithdrawQueuedInvitationsAsync(actor.PersonId, network.Id, cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        return await queries.SummaryAsync(actor, network, cancellationToken);
    }

    public async Task<NetworkSummary> SetVisibilityAsync(Actor actor, string handle, RosterVisibility? visibility, CancellationToken cancellationToken)
    {
        var (network, membership) = await MembershipAsync(actor, handle, cancellationToken);
        membership.Visibility = visibility;
        await db.SaveChangesAsync(cancellationToken);
        return await queries.SummaryAsync(actor, network, cancellationToken);
    }

    /// <summary>
    /// A member personally invites a colleague (rule 2): once per colleague per network, whoever asks; silence or
    /// "no" ends it. The colleague becomes a member only by accepting.
    /// </summary>
    public async Task<ColleagueInviteResult> InviteColleagueAsync(Actor actor, string handle, Guid colleagueId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(actor);
        var network = await queries.FindVisibleAsync(actor, handle, cancellationToken);
        var isMember = await db.Memberships.AnyAsync(m => m.NetworkId == network.Id && m.PersonId == actor.PersonId && m.LeftAt == null, cancellationToken);
        if (!isMember && !network.IsOrganizer(actor.PersonId))
        {
            throw new DomainException($"Join {network.Name} first; then you can invite a colleague personally.");
        }

        var colleague = await db.People.FirstOrDefaultAsync(p => p.Id == colleagueId, cancellationToken);
        if (colleague is null || !network.IsVisibleTo(colleague.OrganizationId) || colleague.Id == actor.PersonId)
        {
            throw new DomainException("I can't invite that person to this network.");
        }

        if (await db.Memberships.AnyAsync(m => m.NetworkId == network.Id && m.PersonId == colleague.Id && m.LeftAt == null, cancellationToken))
        {
            return new ColleagueInviteResult(colleague.DisplayName, ColleagueInviteOutcome.AlreadyMember);
        }

        if (await db.ColleagueInvitations.AnyAsync(c => c.NetworkId == network.Id && c.InviteeId == colleague.Id, cancellationToken))
        {
            // Once per person per network, whoever asked: no second invitation after silence or a no.
            return new ColleagueInviteResult(colleague.DisplayName, ColleagueInviteOutcome.AlreadyInvited);
        }

        var invitation = new ColleagueInvitation { NetworkId = network.Id, InviterId = actor.PersonId, InviteeId = colleague.Id, CreatedAt = Now };
        db.ColleagueInvitations.Add(invitation);
        await new OutboxWriter(db, clock).EnqueueDirectAsync(OutboxKind.ColleagueInvitation, $"colleague:{network.Id:N}:{colleague.Id:N}", colleague,
            networkId: network.Id, colleagueInvitationId: invitation.Id, cancellationToken: cancellationToken);
        await SaveUniqueAsync("That colleague was already invited.", cancellationToken);
        return new ColleagueInviteResult(colleague.DisplayName, ColleagueInviteOutcome.Invited);
    }

    public async Task<ColleagueInvitationView> GetColleagueInvitationAsync(Actor actor, Guid invitationId, CancellationToken cancellationToken)
    {
        var invitation = await db.ColleagueInvitations.AsNoTracking().FirstOrDefaultAsync(c => c.Id == invitationId && c.InviteeId == actor.PersonId, cancellationToken)
            ?? throw new DomainException("That invitation is not yours or no longer exists.");
        var inviter = await db.People.AsNoTracking().Where(p => p.Id == invitation.InviterId).Select(p => p.DisplayName).FirstOrDefaultAsync(cancellationToken);
        var network = await db.Networks.AsNoTracking().Include(n => n.Organizations).Include(n => n.Organizers).FirstAsync(n => n.Id == invitation.NetworkId, cancellationToken);
        return new ColleagueInvitationView(invitation.Id, inviter ?? "A colleague", await queries.SummaryAsync(actor, network, cancellationToken));
    }

    /// <summary>Answers a colleague's invitation: yes is joining; no is a short thanks and nothing else (rule 3).</summary>
    public async Task<NetworkSummary> AnswerColleagueInvitationAsync(Actor actor, Guid invitationId, bool accept, CancellationToken cancellationToken)
    {
        var invitation = await db.ColleagueInvitations.FirstOrDefaultAsync(c => c.Id == invitationId && c.InviteeId == actor.PersonId, cancellationToken)
            ?? throw new DomainException("That invitation is not yours or no longer exists.");
        var network = await db.Networks.AsNoTracking().FirstAsync(n => n.Id == invitation.NetworkId, cancellationToken);
        if (accept)
        {
            return (await JoinAsync(actor, network.Handle, MembershipLevel.Invitations, cancellationToken)).Network;
        }

        if (invitation.Status == ColleagueInvitationStatus.Open)
        {
            invitation.Answer(accept: false, Now);
        }

        await db.SaveChangesAsync(cancellationToken);
        return await GetAsync(actor, network.Handle, cancellationToken);
    }

    /// <summary>
    /// An organization as people name it, by the rule networks go by (<see cref="NetworkNames"/>): its display name or
    /// slug, an unambiguous part of its name ("Alder" for "Alder County"), or a near-spelling of exactly one.
    /// Unnamed organizations are found by slug only.
    /// </summary>
    private async Task<Organization> FindOrganizationAsync(string organization, CancellationToken cancellationToken)
    {
        var all = await db.Organizations.ToListAsync(cancellationToken);
        var candidates = all.Select(o => new NetworkNames.Candidate(o.Slug, o.NeedsName ? o.Slug : o.Name)).ToList();
        var matches = NetworkNames.Match(organization.Trim(), candidates).Select(c => all.First(o => o.Slug == c.Handle)).Distinct().ToList();
        return matches.Count switch
        {
            1 => matches[0],
            0 => throw new DomainException($"I don't know an organization \"{UserText.Clip(organization)}\"."),
            _ => throw new DomainException($"\"{UserText.Clip(organization)}\" could be {string.Join(" or ", matches.Select(o => o.NeedsName ? o.Slug : o.Name).Order(StringComparer.Ordinal))}. Which one?"),
        };
    }

    /// <summary>Opens a network to a partner organization (regional networks); organizers only.</summary>
    public async Task<NetworkSummary> OpenToPartnerAsync(Actor actor, string handle, string organizationName, CancellationToken cancellationToken)
    {
        var network = await queries.FindVisibleAsync(actor, handle, cancellationToken);
        EnsureOrganizer(actor, network);
        var organization = await FindOrganizationAsync(organizationName, cancellationToken);
        if (!network.IsVisibleTo(organization.Id))
        {
            network.Organizations.Add(new NetworkOrganization { NetworkId = network.Id, OrganizationId = organization.Id, Role = NetworkOrganizationRole.Partner });
            await db.SaveChangesAsync(cancellationToken);
        }

        return await queries.SummaryAsync(actor, network, cancellationToken);
    }

    /// <summary>
    /// People an organizer may name as co-organizer: those of every organization that sees the network (hosts and
    /// partners), so a network co-hosted by a City and a County can have an organizer in each. Organizers only.
    /// </summary>
    public async Task<IReadOnlyList<Person>> FindOrganizerCandidatesAsync(Actor actor, string handle, string name, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(actor);
        ArgumentNullException.ThrowIfNull(name);
        var network = await queries.FindVisibleAsync(actor, handle, cancellationToken);
        EnsureOrganizer(actor, network);
        var organizations = network.Organizations.Select(o => o.OrganizationId).ToList();
        var people = await db.People.AsNoTracking()
            .Where(p => organizations.Contains(p.OrganizationId) && p.Id != actor.PersonId)
            .ToListAsync(cancellationToken);
        var exact = people.Where(p => p.DisplayName.Equals(name.Trim(), StringComparison.OrdinalIgnoreCase)).ToList();
        return exact.Count > 0 ? exact : people.Where(p => p.DisplayName.Contains(name.Trim(), StringComparison.OrdinalIgnoreCase)).ToList();
    }

    /// <summary>Adds a co-organizer; organizers only. The new organizer is not made a member.</summary>
    public async Task<NetworkSummary> AddOrganizerAsync(Actor actor, string handle, Guid personId, CancellationToken cancellationToken)
    {
        var network = await queries.FindVisibleAsync(actor, handle, cancellationToken);
        EnsureOrganizer(actor, network);
        var person = await db.People.FirstOrDefaultAsync(p => p.Id == personId, cancellationToken);
        if (person is null || !network.IsVisibleTo(person.OrganizationId))
        {
            throw new DomainException("That person can't organize this network.");
        }

        if (!network.IsOrganizer(personId))
        {
            network.Organizers.Add(new NetworkOrganizer { NetworkId = network.Id, PersonId = personId });
            await db.SaveChangesAsync(cancellationToken);
        }

        return await queries.SummaryAsync(actor, network, cancellationToken);
    }

    internal static void EnsureOrganizer(Actor actor, Network network)
    {
        if (!network.IsOrganizer(actor.PersonId))
        {
            throw new DomainException($"Only {network.Name}'s organizers can do that.");
        }
    }

    /// <summary>Members who join after invitations went out are invited to those sessions too, once (rule 5).</summary>
    private async Task<(int Invited, HeldMessage? Held)> InviteToOpenSessionsAsync(Actor actor, Network network, CancellationToken cancellationToken)
    {
        var now = Now;
        var sessions = await db.Sessions
            .Where(s => s.NetworkId == network.Id && s.Status == SessionStatus.Scheduled && s.StartsAt > now && s.InvitationsOpenedAt != null)
            .ToListAsync(cancellationToken);
        if (sessions.Count == 0)
        {
            return (0, null);
        }

        var person = await db.People.FirstAsync(p => p.Id == actor.PersonId, cancellationToken);
        var writer = new OutboxWriter(db, clock);
        var count = 0;
        foreach (var session in sessions)
        {
            if (await db.Invitations.AnyAsync(i => i.SessionId == session.Id && i.PersonId == actor.PersonId, cancellationToken))
            {
                continue;
            }

            db.Invitations.Add(new Invitation
            {
                SessionId = session.Id, PersonId = actor.PersonId, Source = InvitationSource.Organizer, InvitedById = session.OrganizerId, CreatedAt = now,
            });
            await writer.EnqueueDirectAsync(OutboxKind.Invitation, InvitationKey(session.Id, actor.PersonId), person,
                sessionId: session.Id, networkId: network.Id, cancellationToken: cancellationToken);
            count++;
        }

        var keys = sessions.Select(s => InvitationKey(s.Id, actor.PersonId)).ToHashSet(StringComparer.Ordinal);
        var held = db.Outbox.Local.Where(o => keys.Contains(o.Key) && o.Status == OutboxStatus.Pending && o.NotBefore > now && o.Deferred is not null)
            .OrderBy(o => o.NotBefore).Select(o => new HeldMessage(o.NotBefore, o.Deferred!.Value)).FirstOrDefault();
        return (count, held);
    }

    internal static string InvitationKey(Guid sessionId, Guid personId) => $"invitation:{sessionId:N}:{personId:N}";

    private async Task WithdrawQueuedInvitationsAsync(Guid personId, Guid networkId, CancellationToken cancellationToken)
    {
        var queued = await db.Outbox
            .Where(o => o.PersonId == personId && o.NetworkId == networkId && o.Kind == OutboxKind.Invitation && o.Status == OutboxStatus.Pending)
            .ToListAsync(cancellationToken);
        foreach (var message in queued)
        {
            message.Status = OutboxStatus.Withdrawn;
        }
    }

    private async Task<(Network Network, Membership Membership)> MembershipAsync(Actor actor, string handle, CancellationToken cancellationToken)
    {
        var network = await queries.FindVisibleAsync(actor, handle, cancellationToken);
        var membership = await db.Memberships.FirstOrDefaultAsync(m => m.NetworkId == network.Id && m.PersonId == actor.PersonId && m.LeftAt == null, cancellationToken)
            ?? throw new DomainException($"You are not a member of {network.Name}. Type \"join {network.Handle}\" to join.");
        return (network, membership);
    }

    private async Task SaveUniqueAsync(string conflictMessage, CancellationToken cancellationToken)
    {
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException ex) when (StorageFaults.IsUniqueViolation(ex))
        {
            db.ChangeTracker.Clear();
            throw new DomainException(conflictMessage, ex);
        }
    }
}

public sealed record NetworkDraft(string Name, string? Handle = null, string? Purpose = null, string? Cadence = null, string? Series = null);

/// <param name="AlreadyMember">True when nothing changed.</param>
/// <param name="Invited">Invitations to coming sessions that the new member will receive.</param>
/// <param name="Held">When the invitations just queued are held (quiet hours, the weekly cap): the first slot and why; null when they go now.</param>
public sealed record JoinResult(NetworkSummary Network, bool AlreadyMember, int Invited, HeldMessage? Held = null)
{
    /// <summary>True when the person was a member before (at another level, or the same one).</summary>
    public bool WasMember { get; init; }
}

/// <summary>A message the person just triggered that waits: when it will go, and why.</summary>
public sealed record HeldMessage(DateTime NotBefore, DeferReason Reason);

public enum ColleagueInviteOutcome
{
    Invited,
    AlreadyMember,
    AlreadyInvited,
}

public sealed record ColleagueInviteResult(string ColleagueName, ColleagueInviteOutcome Outcome);
