using CoPBot.Services.Addresses;
using CoPBot.Services.App;
using CoPBot.Services.Domain;
using CoPBot.Services.Outbox;
using CoPBot.Services.Storage;
using CoPBot.Testing;
using Microsoft.EntityFrameworkCore;
using static CoPBot.Testing.TestWorld;

namespace CoPBot.Services.Tests.Storage;

/// <summary>The model, its migrations and its constraints, on SQLite and PostgreSQL.</summary>
public class CoPBotDbContextTests
{
    [Fact]
    public async Task SqliteConnection_WritesAheadAndLeavesTheSyncToTheGroupCommit()
    {
        // EF Core creates the file in WAL mode: a commit appends to the log (readers do not wait for the writer). The
        // log is synced after the commit, for all commits of the moment at once (WalFlush), not by SQLite under the lock.
        await using var world = await CreateAsync(CoPBot.Testing.StorageProvider.SqliteName);

        var (mode, synchronous) = await world.DbAsync(async db =>
        {
            var connection = db.Database.GetDbConnection();
            await db.Database.OpenConnectionAsync(Cancellation);
            try
            {
                await using var command = connection.CreateCommand();
                command.CommandText = "PRAGMA journal_mode";
                var journal = (string?)await command.ExecuteScalarAsync(Cancellation);
                command.CommandText = "PRAGMA synchronous";
                return (journal, (long?)await command.ExecuteScalarAsync(Cancellation));
            }
            finally
            {
                await db.Database.CloseConnectionAsync();
            }
        });

        Assert.Equal("wal", mode);
        Assert.Equal(1, synchronous);
    }

    [Theory, StorageProviders]
    public async Task MigrateCoPBotDatabaseAsync_EmptyDatabase_AppliesEveryMigrationAndMatchesTheModel(string provider)
    {
        await using var world = await CreateAsync(provider);

        var (all, applied, pending, modelChanged) = await world.DbAsync(async db => (
            db.Database.GetMigrations().ToList(),
            (await db.Database.GetAppliedMigrationsAsync(Cancellation)).ToList(),
            (await db.Database.GetPendingMigrationsAsync(Cancellation)).ToList(),
            db.Database.HasPendingModelChanges()));

        Assert.NotEmpty(all);
        Assert.Equal(all, applied);
        Assert.Empty(pending);
        Assert.False(modelChanged, "The model has changes that no migration of this provider captures.");
    }

    [Theory, StorageProviders]
    public async Task MigrateCoPBotDatabaseAsync_SecondStart_ChangesNothing(string provider)
    {
        await using var world = await CreateAsync(provider);
        var olga = await world.PersonAsync("Olga");

        await world.Services.MigrateCoPBotDatabaseAsync(Cancellation);

        Assert.Equal(1, await world.DbAsync(db => db.People.CountAsync(p => p.Id == olga.PersonId, Cancellation)));
    }

    [Theory, StorageProviders]
    public async Task MigrateCoPBotDatabaseAsync_MigrateOnStartupFalse_LeavesTheDatabaseEmpty(string provider)
    {
        await using var world = await CreateAsync(provider, new Dictionary<string, string?> { ["Storage:MigrateOnStartup"] = "false" });

        var applied = await world.DbAsync(async db => (await db.Database.GetAppliedMigrationsAsync(Cancellation)).ToList());

        Assert.Empty(applied);
    }

    [Theory, StorageProviders]
    public async Task SaveChanges_EveryEntity_RoundTrips(string provider)
    {
        await using var world = await CreateAsync(provider);
        var now = world.Now;
        var organization = new Organization { Name = "Ville de Québec", Slug = "quebec" };
        var person = new Person
        {
            DisplayName = "Zoë Ångström-Nuñez",
            Department = "Parks & Recreation",
            OrganizationId = organization.Id,
            TimeZoneId = "America/Toronto",
            ClientTimeZoneId = "Europe/Paris",
            CreatedAt = now,
            Settings = new PersonSettings
            {
                Visibility = RosterVisibility.Organization,
                QuietHoursStart = new TimeOnly(21, 30),
                QuietHoursEnd = new TimeOnly(7, 15),
                Reminders = false,
                WeeklyInvitationCap = 5,
            },
        };
        person.Accounts.Add(new PlatformAccount { PersonId = person.Id, Channel = "msteams", TenantId = "tenant-1", UserId = "29:abc", LastSeenAt = now });
        var colleague = new Person { DisplayName = "Ben", OrganizationId = organization.Id, CreatedAt = now };
        var network = new Network
        {
            Name = "Facilitation Network",
            Handle = "facilitation",
            Purpose = "Facilitating well.",
            Cadence = "every other month",
            Series = "training, then boosters",
            MonthlyInvitationBudget = 3,
            CreatedAt = now,
        };
        network.Organizations.Add(new NetworkOrganization { NetworkId = network.Id, OrganizationId = organization.Id, Role = NetworkOrganizationRole.Host });
        network.Organizers.Add(new NetworkOrganizer { NetworkId = network.Id, PersonId = person.Id });
        var membership = Membership.Start(person.Id, person.Id, network.Id, MembershipLevel.AnnouncementsOnly, now);
        membership.PauseUntil(new DateOnly(2027, 4, 30), DateOnly.FromDateTime(now));
        membership.Visibility = RosterVisibility.Hidden;
        var session = Session.Create(world.Draft(TimeSpan.FromDays(9), capacity: 12) with { SeriesPart = "booster 1 of 3", TimeZoneId = "America/Toronto" },
            network.Id, 1, person.Id, now);
        session.OpenInvitations(now);
        session.TouchPlaces();
        session.Reschedule(session.StartsAt + TimeSpan.FromHours(2), TimeSpan.FromHours(2), "Room 9", null, now);
        var invitation = new Invitation { SessionId = session.Id, PersonId = person.Id, Source = InvitationSource.Organizer, InvitedById = person.Id, CreatedAt = now };
        invitation.Accept(session, 12, now);
        var colleagueInvitation = new ColleagueInvitation { NetworkId = network.Id, InviterId = person.Id, InviteeId = colleague.Id, CreatedAt = now };
        colleagueInvitation.Answer(accept: false, now);
        var outbox = new OutboxMessage
        {
            Key = "invitation:x:y",
            Kind = OutboxKind.Invitation,
            Channel = "console",
            PersonId = person.Id,
            SessionId = session.Id,
            NetworkId = network.Id,
            ColleagueInvitationId = colleagueInvitation.Id,
            RunId = Guid.NewGuid(),
            NotBefore = now.AddHours(3),
            Status = OutboxStatus.Sent,
            Deferred = DeferReason.QuietHours,
            Attempts = 2,
            LeaseOwner = "instance-a",
            LeaseExpiresAt = now.AddMinutes(5),
            LastError = "429",
            CreatedAt = now,
            SentAt = now.AddHours(3),
            SentMessageId = "1700000000.000100",
        };
        var channel = new AnnouncementChannel { NetworkId = network.Id, Channel = "slack", TenantId = "T1", ConversationId = "C1", Name = "#facilitation" };
        var address = new ChatAddressRow
        {
            Channel = "msteams", TenantId = "tenant-1", ConversationId = "a:1", Kind = ChatAddressKind.Personal, UserId = "29:abc",
            ServiceUrl = "https://smba.example/amer/", Name = "Zoë", Data = "{\"reference\":1}", UpdatedAt = now,
        };
        var turn = new ProcessedTurn { Key = "slack:Ev123", ProcessedAt = now };

        await world.DbAsync(db =>
        {
            db.AddRange(organization, person, colleague, network, membership, session, invitation, colleagueInvitation, outbox, channel, address, turn);
            return db.SaveChangesAsync(Cancellation);
        });

        await world.DbAsync(async db =>
        {
            Assert.Equal(Stored(organization), Stored(await db.Organizations.AsNoTracking().SingleAsync(o => o.Id == organization.Id, Cancellation)));
            Assert.Equal(Stored(person), Stored(await db.People.AsNoTracking().Include(p => p.Accounts).SingleAsync(p => p.Id == person.Id, Cancellation)));
            Assert.Equal(Stored(network), Stored(await db.Networks.AsNoTracking().Include(n => n.Organizations).Include(n => n.Organizers).SingleAsync(Cancellation)));
            Assert.Equal(Stored(membership), Stored(await db.Memberships.AsNoTracking().SingleAsync(Cancellation)));
            Assert.Equal(Stored(session), Stored(await db.Sessions.AsNoTracking().SingleAsync(Cancellation)));
            Assert.Equal(Stored(invitation), Stored(await db.Invitations.AsNoTracking().SingleAsync(Cancellation)));
            Assert.Equal(Stored(colleagueInvitation), Stored(await db.ColleagueInvitations.AsNoTracking().SingleAsync(Cancellation)));
            Assert.Equal(Stored(outbox), Stored(await db.Outbox.AsNoTracking().SingleAsync(Cancellation)));
            Assert.Equal(Stored(channel), Stored(await db.AnnouncementChannels.AsNoTracking().SingleAsync(Cancellation)));
            Assert.Equal(Stored(address), Stored(await db.ChatAddresses.AsNoTracking().SingleAsync(Cancellation)));
            Assert.Equal(Stored(turn), Stored(await db.ProcessedTurns.AsNoTracking().SingleAsync(Cancellation)));
            return 0;
        });
    }

    /// <summary>
    /// What a row stores: every scalar and owned value, and the rows of owned collections, leaving out navigations to
    /// other aggregates (which the change tracker fixes up on the saved objects but a plain read leaves empty) and
    /// computed properties.
    /// </summary>
    private static string Stored(object? entity)
    {
        if (entity is null)
        {
            return "null";
        }

        var type = entity.GetType();
        if (type.IsValueType || entity is string)
        {
            return entity switch
            {
                DateTime d => $"{d:O}",
                _ => $"{entity}",
            };
        }

        if (entity is System.Collections.IEnumerable items)
        {
            return "[" + string.Join(", ", items.Cast<object>().Select(Stored).Order(StringComparer.Ordinal)) + "]";
        }

        var parts = type.GetProperties(System.Reflection.BindingFlags.Public | System.Reflection.BindingFlags.Instance)
            .Where(p => p.SetMethod is not null)
            .Where(p => p.PropertyType.IsValueType || p.PropertyType == typeof(string) || p.PropertyType == typeof(PersonSettings)
                        || (p.PropertyType != typeof(string) && typeof(System.Collections.IEnumerable).IsAssignableFrom(p.PropertyType)))
            .OrderBy(p => p.Name, StringComparer.Ordinal)
            .Select(p => $"{p.Name}={Stored(p.GetValue(entity))}");
        return $"{type.Name} {{ {string.Join("; ", parts)} }}";
    }

    [Theory, StorageProviders]
    public async Task DateTimes_ReadBack_AreUtc(string provider)
    {
        await using var world = await CreateAsync(provider);
        var olga = await world.PersonAsync("Olga");
        var network = await world.NetworkAsync(olga, "IdeaLab");
        var session = await world.SessionAsync(olga, network.Handle, TimeSpan.FromDays(3));
        await world.RsvpAsync(olga, session, yes: true);

        var (stored, invitation, reminder, person) = await world.DbAsync(async db => (
            await db.Sessions.AsNoTracking().SingleAsync(Cancellation),
            await db.Invitations.AsNoTracking().SingleAsync(Cancellation),
            await db.Outbox.AsNoTracking().SingleAsync(Cancellation),
            await db.People.AsNoTracking().SingleAsync(Cancellation)));

        Assert.Equal(DateTimeKind.Utc, stored.StartsAt.Kind);
        Assert.Equal(DateTimeKind.Utc, stored.EndsAt.Kind);
        Assert.Equal(session.StartsAt, stored.StartsAt);
        Assert.Equal(DateTimeKind.Utc, invitation.AnsweredAt!.Value.Kind);
        Assert.Equal(world.Now, invitation.AnsweredAt.Value);
        Assert.Equal(DateTimeKind.Utc, reminder.NotBefore.Kind);
        Assert.Equal(session.StartsAt - TimeSpan.FromDays(1), reminder.NotBefore);
        Assert.Equal(DateTimeKind.Utc, person.CreatedAt.Kind);
    }

    [Theory, StorageProviders]
    public async Task DateTimes_WrittenAsLocal_StoredAsTheSameInstant(string provider)
    {
        await using var world = await CreateAsync(provider);
        var instant = new DateTime(2027, 6, 1, 12, 0, 0, DateTimeKind.Utc);

        await world.DbAsync(db =>
        {
            db.ProcessedTurns.Add(new ProcessedTurn { Key = "local", ProcessedAt = instant.ToLocalTime() });
            return db.SaveChangesAsync(Cancellation);
        });

        var read = await world.DbAsync(db => db.ProcessedTurns.AsNoTracking().SingleAsync(Cancellation));
        Assert.Equal(DateTimeKind.Utc, read.ProcessedAt.Kind);
        Assert.Equal(instant, read.ProcessedAt);
    }

    [Theory, StorageProviders]
    public async Task UniqueIndexes_Duplicates_Rejected(string provider)
    {
        await using var world = await CreateAsync(provider);
        var olga = await world.PersonAsync("Olga");
        var ana = await world.PersonAsync("Ana");
        var network = await world.NetworkAsync(olga, "IdeaLab");
        await world.JoinAsync(ana, network.Handle);
        var session = await world.SessionAsync(olga, network.Handle, TimeSpan.FromDays(3));
        await world.SendInvitationsAsync(olga, session);
        var account = await world.DbAsync(db => db.Accounts.AsNoTracking().SingleAsync(a => a.PersonId == ana.PersonId, Cancellation));
        var now = world.Now;

        var duplicates = new (string Name, Action<CoPBotDbContext> Add)[]
        {
            ("membership", db => db.Memberships.Add(Membership.Start(ana.PersonId, ana.PersonId, network.Id, MembershipLevel.Invitations, now))),
            ("invitation", db => db.Invitations.Add(new Invitation { SessionId = session.Id, PersonId = ana.PersonId, InvitedById = olga.PersonId, CreatedAt = now })),
            ("outbox key", db => db.Outbox.Add(new OutboxMessage { Key = $"invitation:{session.Id:N}:{ana.PersonId:N}", Channel = "console", PersonId = ana.PersonId, CreatedAt = now, NotBefore = now })),
            ("account", db =>
            {
                var twin = new Person { DisplayName = "Ana again", OrganizationId = ana.OrganizationId, CreatedAt = now };
                twin.Accounts.Add(new PlatformAccount { PersonId = twin.Id, Channel = account.Channel, TenantId = account.TenantId, UserId = account.UserId });
                db.People.Add(twin);
            }),
            ("network handle", db => db.Networks.Add(new Network { Name = "Other", Handle = network.Handle, CreatedAt = now })),
            ("session number", db => db.Sessions.Add(Session.Create(world.Draft(TimeSpan.FromDays(4)), network.Id, 1, olga.PersonId, now))),
        };

        foreach (var (name, add) in duplicates)
        {
            var ex = await Record.ExceptionAsync(() => world.DbAsync(db =>
            {
                add(db);
                return db.SaveChangesAsync(Cancellation);
            }));
            Assert.True(ex is DbUpdateException, $"A duplicate {name} was not rejected: {ex?.GetType().Name ?? "saved"}.");
        }

        Assert.Equal(1, await world.DbAsync(db => db.Memberships.CountAsync(Cancellation)));
        Assert.Equal(1, await world.DbAsync(db => db.Invitations.CountAsync(Cancellation)));
        Assert.Equal(1, await world.DbAsync(db => db.Outbox.CountAsync(Cancellation)));
    }

    [Theory, StorageProviders]
    public async Task ResolveAsync_SameAccountTwice_SamePerson(string provider)
    {
        await using var world = await CreateAsync(provider);
        var key = new AccountKey("slack", "T1", "U1");

        var first = await world.UseAsync<PeopleService, Actor>(p => p.ResolveAsync(key, "Ana", "Europe/Berlin", Cancellation));
        var again = await world.UseAsync<PeopleService, Actor>(p => p.ResolveAsync(key, "Ana B.", null, Cancellation));

        Assert.Equal(first.PersonId, again.PersonId);
        Assert.Equal("Europe/Berlin", again.TimeZoneId);
        Assert.Equal(1, await world.DbAsync(db => db.People.CountAsync(Cancellation)));
    }

    [Theory, StorageProviders]
    public async Task ResolveAsync_TwoTenants_MappedToTheirConfiguredOrganizations(string provider)
    {
        await using var world = await CreateAsync(provider);

        var city = await world.PersonAsync("Ana", organization: City);
        var county = await world.PersonAsync("Ben", organization: County);

        var organizations = await world.DbAsync(db => db.Organizations.AsNoTracking().ToDictionaryAsync(o => o.Id, o => o.Slug, Cancellation));
        Assert.Equal(City, organizations[city.OrganizationId]);
        Assert.Equal(County, organizations[county.OrganizationId]);
    }
}
