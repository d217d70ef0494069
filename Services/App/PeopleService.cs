using CoPBot.Services.Domain;
using CoPBot.Services.Storage;
using CoPBot.Services.Views;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace CoPBot.Services.App;

/// <summary>People, their accounts and their own settings.</summary>
public sealed class PeopleService(CoPBotDbContext db, TimeProvider clock, IOptions<OrganizationOptions> organizations)
{
    /// <summary>The account, its person and their organization in one statement: this runs on every turn.</summary>
    private static readonly CompiledQuery<Func<CoPBotDbContext, string, string, string, CancellationToken, Task<KnownAccount?>>> Known = new(() =>
        EF.CompileAsyncQuery((CoPBotDbContext db, string channel, string tenantId, string userId, CancellationToken _) => (
            from a in db.Accounts
            where a.Channel == channel && a.TenantId == tenantId && a.UserId == userId
            join p in db.People on a.PersonId equals p.Id
            select new KnownAccount(a, p, p.Organization!)).FirstOrDefault()));

    private sealed record KnownAccount(PlatformAccount Account, Person Person, Organization Organization);

    /// <summary>
    /// The person behind a platform account, created on first contact. Knowing someone enrolls them in nothing.
    /// The organization comes from configuration (tenant → organization); an unknown tenant gets its own.
    /// </summary>
    public async Task<Actor> ResolveAsync(AccountKey key, string displayName, string? clientTimeZone, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(key);
        var now = clock.GetUtcNow().UtcDateTime;
        var known = await Known.For(db)(db, key.Channel, key.TenantId, key.UserId, cancellationToken);
        if (known is null)
        {
            return ToActor(await FirstContactAsync(key, displayName, clientTimeZone, now, cancellationToken));
        }

        var (account, person) = (known.Account, known.Person);
        ApplyConfiguration(person.Organization!, EntryFor(key));
        var zone = TimeZones.Normalize(clientTimeZone);
        if (zone is not null && zone != person.ClientTimeZoneId)
        {
            person.ClientTimeZoneId = zone;
        }

        // Where the person spoke last is where direct messages go; update at most once a minute.
        if (now - account.LastSeenAt > TimeSpan.FromMinutes(1))
        {
            account.LastSeenAt = now;
        }

        await db.SaveChangesAsync(cancellationToken);
        return ToActor(person);
    }

    /// <summary>The person behind a platform account, or null when nobody with it is known (nothing is created).</summary>
    public async Task<Actor?> FindAsync(AccountKey key, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(key);
        var account = await FindAccountAsync(key, cancellationToken);
        return account is null ? null : await GetActorAsync(account.PersonId, cancellationToken);
    }

    private Task<PlatformAccount?> FindAccountAsync(AccountKey key, CancellationToken cancellationToken) =>
        db.Accounts.FirstOrDefaultAsync(a => a.Channel == key.Channel && a.TenantId == key.TenantId && a.UserId == key.UserId, cancellationToken);

    /// <summary>
    /// Creates the person and their account. First contacts in one tenant take turns (two first messages of one person,
    /// or two newcomers creating their organization), so the later one finds the row the earlier one wrote instead of
    /// failing on it. An account that cannot be stored is refused once, with a message, never retried in a loop.
    /// </summary>
    private Task<Person> FirstContactAsync(AccountKey key, string displayName, string? clientTimeZone, DateTime now, CancellationToken cancellationToken) =>
        db.SerializedAsync($"first-contact:{key.Channel}:{key.TenantId}", async () =>
        {
            if (await FindAccountAsync(key, cancellationToken) is { } existing)
            {
                return await db.People.FirstAsync(p => p.Id == existing.PersonId, cancellationToken);
            }

            var organization = await OrganizationForAsync(key, cancellationToken);
            var person = new Person
            {
                DisplayName = CleanName(displayName),
                OrganizationId = organization.Id,
                Organization = organization,
                CreatedAt = now,
                ClientTimeZoneId = TimeZones.Normalize(clientTimeZone),
            };
            person.Accounts.Add(new PlatformAccount
            {
                PersonId = person.Id, Channel = key.Channel, TenantId = key.TenantId, UserId = key.UserId, LastSeenAt = now,
            });
            db.People.Add(person);
            try
            {
                await db.SaveChangesAsync(cancellationToken);
                return person;
            }
            catch (DbUpdateException ex) when (!StorageFaults.IsTransient(ex))
            {
                db.ChangeTracker.Clear();
                throw new DomainException("Sorry, I can't keep an account like yours: its ids are not ones I can store. Please let the people who run CoPBot know.", ex);
            }
        }, cancellationToken);

    public async Task<Actor> GetActorAsync(Guid personId, CancellationToken cancellationToken) =>
        ToActor(await WithOrganization(db.People).FirstAsync(p => p.Id == personId, cancellationToken));

    /// <summary>People with their organization, whose configured zone is the last source of theirs.</summary>
    private static IQueryable<Person> WithOrganization(IQueryable<Person> people) => people.Include(p => p.Organization);

    /// <summary>Finds colleagues by name among the people the actor's organization can see, for "invite".</summary>
    public async Task<IReadOnlyList<Person>> FindByNameAsync(Actor actor, string name, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(actor);
        var needle = name.Trim().ToLowerInvariant();
        var people = await db.People.AsNoTracking()
            .Where(p => p.OrganizationId == actor.OrganizationId && p.Id != actor.PersonId)
            .ToListAsync(cancellationToken);
        var exact = people.Where(p => p.DisplayName.Equals(name.Trim(), StringComparison.OrdinalIgnoreCase)).ToList();
        return exact.Count > 0 ? exact : people.Where(p => p.DisplayName.Contains(needle, StringComparison.OrdinalIgnoreCase)).ToList();
    }

    public async Task<SettingsView> GetSettingsAsync(Actor actor, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(actor);
        var person = await WithOrganization(db.People.AsNoTracking()).FirstAsync(p => p.Id == actor.PersonId, cancellationToken);
        var networks = await new NetworkQueries(db, clock).MyNetworksAsync(actor, cancellationToken);
        return new SettingsView
        {
            DisplayName = person.DisplayName,
            Department = person.Department,
            TimeZoneId = person.EffectiveTimeZoneId,
            TimeZoneChosen = person.TimeZoneId is not null,
            Visibility = person.Settings.Visibility,
            QuietHoursStart = person.Settings.QuietHoursStart,
            QuietHoursEnd = person.Settings.QuietHoursEnd,
            Reminders = person.Settings.Reminders,
            WeeklyInvitationCap = person.Settings.WeeklyInvitationCap,
            Networks = networks,
        };
    }

    public async Task<SettingsView> UpdateSettingsAsync(Actor actor, SettingsChange change, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(actor);
        ArgumentNullException.ThrowIfNull(change);
        var person = await WithOrganization(db.People).FirstAsync(p => p.Id == actor.PersonId, cancellationToken);
        if (change.TimeZoneId is not null)
        {
            person.TimeZoneId = TimeZones.Normalize(change.TimeZoneId)
                ?? throw new DomainException($"I don't know the time zone \"{UserText.Clip(change.TimeZoneId)}\". Try {TimeZones.Examples}.");
        }

        if (change.Department is not null)
        {
            var department = UserText.Line(change.Department);
            person.Department = department.Length == 0 ? null : department[..Math.Min(department.Length, 200)];
        }

        if (change.Visibility is { } visibility)
        {
            person.Settings.Visibility = visibility;
        }

        if (change.QuietHoursStart is { } start)
        {
            person.Settings.QuietHoursStart = start;
        }

        if (change.QuietHoursEnd is { } end)
        {
            person.Settings.QuietHoursEnd = end;
        }

        if (change.Reminders is { } reminders)
        {
            var writer = new OutboxWriter(db, clock);
            if (!reminders)
            {
                await writer.WithdrawRemindersAsync(person.Id, sessionId: null, cancellationToken);
            }
            else if (!person.Settings.Reminders)
            {
                // Turned back on: the day-before reminders for sessions already accepted come back too.
                person.Settings.Reminders = true;
                var now = clock.GetUtcNow().UtcDateTime;
                var accepted = await db.Invitations.Where(i => i.PersonId == person.Id && i.Answer == Answer.Yes && i.Session!.StartsAt > now && i.Session.Status == SessionStatus.Scheduled)
                    .Select(i => i.Session!).ToListAsync(cancellationToken);
                foreach (var session in accepted)
                {
                    await writer.ScheduleReminderAsync(person, session, cancellationToken);
                }
            }

            person.Settings.Reminders = reminders;
        }

        if (change.WeeklyInvitationCap is { } cap)
        {
            if (cap is < 1 or > 20)
            {
                throw new DomainException("The weekly limit is a number of invitations from 1 to 20.");
            }

            person.Settings.WeeklyInvitationCap = cap;
        }

        await db.SaveChangesAsync(cancellationToken);
        return await GetSettingsAsync(ToActor(person), cancellationToken);
    }

    private async Task<Organization> OrganizationForAsync(AccountKey key, CancellationToken cancellationToken)
    {
        var entry = EntryFor(key);
        var slug = entry?.Slug ?? Network.NormalizeHandle($"{key.Channel}:{key.TenantId}");
        slug = slug.Length > 60 ? slug[..60] : slug;
        var organization = await db.Organizations.FirstOrDefaultAsync(o => o.Slug == slug, cancellationToken);
        if (organization is null)
        {
            organization = new Organization { Slug = slug, Name = Organization.Unnamed };
            db.Organizations.Add(organization);
        }

        ApplyConfiguration(organization, entry);
        return organization;
    }

    /// <summary>
    /// Brings an organization in step with its configuration entry (null: not configured): the configured name wins
    /// over any other, and the zone is the entry's, else the configured default. Changes nothing that is already so.
    /// </summary>
    private void ApplyConfiguration(Organization organization, OrganizationEntry? entry)
    {
        if (entry is not null && !string.Equals(entry.Slug, organization.Slug, StringComparison.OrdinalIgnoreCase))
        {
            // The tenant was configured after its people had an organization of their own: that one stays as it is.
            return;
        }

        if (UserText.Line(entry?.Name) is { Length: > 0 } name && organization.Name != name)
        {
            organization.Name = name.Length > 200 ? name[..200] : name;
        }

        var zone = TimeZones.Normalize(entry?.TimeZone) ?? TimeZones.Normalize(organizations.Value.DefaultTimeZone);
        if (organization.TimeZoneId != zone)
        {
            organization.TimeZoneId = zone;
        }
    }

    /// <summary>
    /// At start-up: every organization takes its configured name and zone, so a change of configuration applies to
    /// people who have not spoken since (their invitations' quiet hours, their dates), and a stand-in name goes.
    /// </summary>
    public async Task ApplyOrganizationConfigurationAsync(CancellationToken cancellationToken)
    {
        foreach (var organization in await db.Organizations.ToListAsync(cancellationToken))
        {
            ApplyConfiguration(organization, organizations.Value.Entries.FirstOrDefault(e => string.Equals(e.Slug, organization.Slug, StringComparison.OrdinalIgnoreCase)));
        }

        await db.SaveChangesAsync(cancellationToken);
    }

    private OrganizationEntry? EntryFor(AccountKey key)
    {
        var tenantKey = $"{key.Channel}:{key.TenantId}";
        return organizations.Value.Entries.FirstOrDefault(e => e.Tenants.Contains(tenantKey, StringComparer.OrdinalIgnoreCase));
    }

    /// <summary>
    /// True when the organization of a tenant has no name of its own yet, so the platform may be asked for one
    /// (once per workspace: after that the name is kept in the organization).
    /// </summary>
    public async Task<bool> NeedsOrganizationNameAsync(string channel, string tenantId, CancellationToken cancellationToken)
    {
        var organization = await FindOrganizationAsync(channel, tenantId, cancellationToken);
        return organization is null || organization.NeedsName;
    }

    /// <summary>Names a tenant's organization with the name its platform gave, unless it already has one (configuration wins).</summary>
    public async Task NameOrganizationAsync(string channel, string tenantId, string name, CancellationToken cancellationToken)
    {
        var clean = UserText.Line(name);
        if (clean.Length == 0 || await FindOrganizationAsync(channel, tenantId, cancellationToken) is not { NeedsName: true } organization)
        {
            return;
        }

        organization.Name = clean.Length > 200 ? clean[..200] : clean;
        await db.SaveChangesAsync(cancellationToken);
    }

    private async Task<Organization?> FindOrganizationAsync(string channel, string tenantId, CancellationToken cancellationToken)
    {
        var organizationId = await (
            from a in db.Accounts
            where a.Channel == channel && a.TenantId == tenantId
            join p in db.People on a.PersonId equals p.Id
            select (Guid?)p.OrganizationId).FirstOrDefaultAsync(cancellationToken);
        return organizationId is { } id ? await db.Organizations.FirstOrDefaultAsync(o => o.Id == id, cancellationToken) : null;
    }

    private static string CleanName(string name)
    {
        var line = UserText.Line(name);
        return line.Length == 0 ? "Someone" : line.Length > 200 ? line[..200] : line;
    }

    internal static Actor ToActor(Person person) =>
        new(person.Id, person.OrganizationId, person.DisplayName, person.EffectiveTimeZoneId);
}

/// <summary>A change of settings; null fields stay as they are.</summary>
public sealed record SettingsChange
{
    public string? TimeZoneId { get; init; }

    public string? Department { get; init; }

    public RosterVisibility? Visibility { get; init; }

    public TimeOnly? QuietHoursStart { get; init; }

    public TimeOnly? QuietHoursEnd { get; init; }

    public bool? Reminders { get; init; }

    public int? WeeklyInvitationCap { get; init; }
}
