using CoPBot.Services.Addresses;
using CoPBot.Services.App;
using CoPBot.Services.Domain;
using CoPBot.Services.Outbox;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace CoPBot.Services.Storage;

/// <summary>
/// The one model. Each provider has a thin subclass (<see cref="SqliteCoPBotDbContext"/>,
/// <see cref="PostgresCoPBotDbContext"/>) so each keeps its own migrations.
/// </summary>
public abstract class CoPBotDbContext(DbContextOptions options) : DbContext(options)
{
    /// <summary>
    /// PostgreSQL rather than SQLite, by this context's type: EF's <c>Database.IsNpgsql()</c> is an extension method
    /// of the Npgsql provider, and calling it loaded that provider's assembly into every SQLite host (issue 11, memory).
    /// </summary>
    internal bool IsPostgres => this is PostgresCoPBotDbContext;

    public DbSet<Organization> Organizations => Set<Organization>();

    public DbSet<Person> People => Set<Person>();

    public DbSet<PlatformAccount> Accounts => Set<PlatformAccount>();

    public DbSet<Network> Networks => Set<Network>();

    public DbSet<Membership> Memberships => Set<Membership>();

    public DbSet<Session> Sessions => Set<Session>();

    public DbSet<Invitation> Invitations => Set<Invitation>();

    public DbSet<ColleagueInvitation> ColleagueInvitations => Set<ColleagueInvitation>();

    public DbSet<HelpTopic> HelpTopics => Set<HelpTopic>();

    public DbSet<IntroductionRequest> IntroductionRequests => Set<IntroductionRequest>();

    public DbSet<CheckIn> CheckIns => Set<CheckIn>();

    public DbSet<OutboxMessage> Outbox => Set<OutboxMessage>();

    public DbSet<DeliveryRun> DeliveryRuns => Set<DeliveryRun>();

    public DbSet<DeliveryWorker> DeliveryWorkers => Set<DeliveryWorker>();

    public DbSet<AnnouncementChannel> AnnouncementChannels => Set<AnnouncementChannel>();

    public DbSet<UsedSignInLink> UsedSignInLinks => Set<UsedSignInLink>();

    internal DbSet<ChatAddressRow> ChatAddresses => Set<ChatAddressRow>();

    internal DbSet<ProcessedTurn> ProcessedTurns => Set<ProcessedTurn>();

    internal DbSet<ContextRow> Contexts => Set<ContextRow>();

    internal DbSet<RosterCount> RosterCounts => Set<RosterCount>();

    /// <summary>Statements sent so far that may have changed data (see <see cref="WriteCounter"/>).</summary>
    internal long Writes { get; set; }

    protected override void OnConfiguring(DbContextOptionsBuilder optionsBuilder)
    {
        ArgumentNullException.ThrowIfNull(optionsBuilder);

        // Options from the pool have it already (a pooled context may not change its options here); others get it now.
        if (optionsBuilder.Options.FindExtension<CoreOptionsExtension>()?.Interceptors?.Contains(WriteCounter.Instance) != true)
        {
            optionsBuilder.AddInterceptors(WriteCounter.Instance);
        }
    }

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        ArgumentNullException.ThrowIfNull(configurationBuilder);

        // Instants are stored as UTC and read back as UTC on both providers.
        configurationBuilder.Properties<DateTime>().HaveConversion<UtcDateTimeConverter>();
        configurationBuilder.Properties<DateTime?>().HaveConversion<UtcDateTimeConverter>();
    }

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        ArgumentNullException.ThrowIfNull(modelBuilder);

        modelBuilder.Entity<Organization>(e =>
        {
            e.Property(o => o.Name).HasMaxLength(200);
            e.Property(o => o.Slug).HasMaxLength(60);
            e.Property(o => o.TimeZoneId).HasMaxLength(64);
            e.HasIndex(o => o.Slug).IsUnique();
            e.ToTable(t => t.HasTrigger(RosterColumns.OrganizationTrigger));
        });

        modelBuilder.Entity<Person>(e =>
        {
            e.Property(p => p.DisplayName).HasMaxLength(200);
            e.Property(p => p.Department).HasMaxLength(200);
            e.Property(p => p.TimeZoneId).HasMaxLength(64);
            e.Property(p => p.ClientTimeZoneId).HasMaxLength(64);
            e.HasOne(p => p.Organization).WithMany().HasForeignKey(p => p.OrganizationId).OnDelete(DeleteBehavior.Restrict);
            e.ToTable(t => t.HasTrigger(RosterColumns.PersonTrigger));
            e.OwnsOne(p => p.Settings);
            e.HasMany(p => p.Accounts).WithOne().HasForeignKey(a => a.PersonId).OnDelete(DeleteBehavior.Cascade);
            e.Ignore(p => p.EffectiveTimeZoneId);
        });

        modelBuilder.Entity<PlatformAccount>(e =>
        {
            e.Property(a => a.Channel).HasMaxLength(ChatIds.MaxChannelLength);
            e.Property(a => a.TenantId).HasMaxLength(ChatIds.MaxTenantIdLength);
            e.Property(a => a.UserId).HasMaxLength(ChatIds.MaxUserIdLength);
            e.HasIndex(a => new { a.Channel, a.TenantId, a.UserId }).IsUnique();
        });

        modelBuilder.Entity<Network>(e =>
        {
            e.Property(n => n.Name).HasMaxLength(120);
            e.Property(n => n.Handle).HasMaxLength(30);
            e.Property(n => n.Purpose).HasMaxLength(1500);
            e.Property(n => n.Cadence).HasMaxLength(120);
            e.Property(n => n.Series).HasMaxLength(200);
            e.HasIndex(n => n.Handle).IsUnique();
            e.HasMany(n => n.Organizations).WithOne().HasForeignKey(o => o.NetworkId).OnDelete(DeleteBehavior.Cascade);
            e.HasMany(n => n.Organizers).WithOne().HasForeignKey(o => o.NetworkId).OnDelete(DeleteBehavior.Cascade);
        });

        modelBuilder.Entity<NetworkOrganization>(e =>
        {
            e.HasKey(o => new { o.NetworkId, o.OrganizationId });
            e.HasOne<Organization>().WithMany().HasForeignKey(o => o.OrganizationId).OnDelete(DeleteBehavior.Cascade);
        });

        modelBuilder.Entity<NetworkOrganizer>(e =>
        {
            e.HasKey(o => new { o.NetworkId, o.PersonId });
            e.HasOne<Person>().WithMany().HasForeignKey(o => o.PersonId).OnDelete(DeleteBehavior.Cascade);
        });

        modelBuilder.Entity<Membership>(e =>
        {
            e.HasIndex(m => new { m.NetworkId, m.PersonId }).IsUnique();
            e.HasIndex(m => new { m.PersonId, m.NetworkId });

            // The roster's own copy of each member (RosterColumns), kept by triggers: a network's roster is read in
            // the order it is shown from the first index; the second picks active members by who may see them ("who
            // knows about"). Its counts are kept apart, per roster key (RosterCount), by another trigger.
            e.ToTable(t =>
            {
                t.HasTrigger(RosterColumns.MembershipTrigger);
                t.HasTrigger(RosterCount.MembershipTrigger);
            });
            RosterColumn<RosterVisibility?>(e, RosterColumns.ShownTo);
            RosterColumn<Guid?>(e, RosterColumns.OrganizationId);
            RosterColumn<string>(e, RosterColumns.Organization).HasMaxLength(200);
            RosterColumn<string>(e, RosterColumns.Department).HasMaxLength(200);
            RosterColumn<string>(e, RosterColumns.Name).HasMaxLength(200);
            // Partial indexes of active members: "LeftAt IS NULL" in the key is no equality to PostgreSQL's planner,
            // so an index led by it could not give the roster's order, and it sorted 100,000 rows instead.
            e.HasIndex(nameof(Membership.NetworkId), RosterColumns.Organization, RosterColumns.Department, RosterColumns.Name,
                    RosterColumns.ShownTo, RosterColumns.OrganizationId, nameof(Membership.PersonId))
                .HasDatabaseName("IX_Memberships_Roster").HasFilter(ActiveMembers);
            // LeftAt closes the second one: SQLite reads a partial index alone only when it holds every column the query names.
            e.HasIndex(nameof(Membership.NetworkId), RosterColumns.ShownTo, RosterColumns.OrganizationId, nameof(Membership.PersonId), nameof(Membership.LeftAt))
                .HasDatabaseName("IX_Memberships_RosterCounts").HasFilter(ActiveMembers);
            e.HasOne<Network>().WithMany().HasForeignKey(m => m.NetworkId).OnDelete(DeleteBehavior.Cascade);
            e.HasOne<Person>().WithMany().HasForeignKey(m => m.PersonId).OnDelete(DeleteBehavior.Cascade);
            e.Ignore(m => m.IsActive);
        });

        modelBuilder.Entity<RosterCount>(e =>
        {
            e.HasKey(c => new { c.NetworkId, c.ShownTo, c.OrganizationId });
            e.HasOne<Network>().WithMany().HasForeignKey(c => c.NetworkId).OnDelete(DeleteBehavior.Cascade);
        });

        modelBuilder.Entity<Session>(e =>
        {
            e.Property(s => s.Title).HasMaxLength(SessionDraft.MaxTitleLength);
            e.Property(s => s.Agenda).HasMaxLength(SessionDraft.MaxTextLength);
            e.Property(s => s.Preparation).HasMaxLength(SessionDraft.MaxTextLength);
            e.Property(s => s.SeriesPart).HasMaxLength(120);
            e.Property(s => s.TimeZoneId).HasMaxLength(64);
            e.Property(s => s.Room).HasMaxLength(200);
            e.Property(s => s.Address).HasMaxLength(300);
            e.Property(s => s.Version).IsConcurrencyToken();
            e.HasIndex(s => new { s.NetworkId, s.Number }).IsUnique();
            e.HasIndex(s => s.StartsAt);
            e.HasOne(s => s.Network).WithMany().HasForeignKey(s => s.NetworkId).OnDelete(DeleteBehavior.Cascade);
            e.HasOne(s => s.Organizer).WithMany().HasForeignKey(s => s.OrganizerId).OnDelete(DeleteBehavior.Restrict);
            e.Ignore(s => s.Reference);
            e.Ignore(s => s.Duration);
        });

        modelBuilder.Entity<Invitation>(e =>
        {
            e.HasIndex(i => new { i.SessionId, i.PersonId }).IsUnique();

            // Places taken (yes and offered) and the waiting list are counted and read on every answer: from the index
            // alone, instead of one row lookup per invitation of the session.
            e.HasIndex(i => new { i.SessionId, i.Answer });
            e.HasIndex(i => i.PersonId);
            e.HasIndex(i => i.CalendarToken).IsUnique();
            e.Property(i => i.CalendarToken).HasMaxLength(64);
            e.HasOne(i => i.Session).WithMany().HasForeignKey(i => i.SessionId).OnDelete(DeleteBehavior.Cascade);
            e.HasOne(i => i.Person).WithMany().HasForeignKey(i => i.PersonId).OnDelete(DeleteBehavior.Cascade);
            e.Ignore(i => i.HoldsPlace);
        });

        modelBuilder.Entity<ColleagueInvitation>(e =>
        {
            e.HasIndex(c => new { c.NetworkId, c.InviteeId }).IsUnique();
            e.HasOne<Network>().WithMany().HasForeignKey(c => c.NetworkId).OnDelete(DeleteBehavior.Cascade);
            e.HasOne<Person>().WithMany().HasForeignKey(c => c.InviteeId).OnDelete(DeleteBehavior.Cascade);
            e.HasOne<Person>().WithMany().HasForeignKey(c => c.InviterId).OnDelete(DeleteBehavior.Cascade);
        });

        modelBuilder.Entity<HelpTopic>(e =>
        {
            e.Property(t => t.Text).HasMaxLength(HelpTopic.MaxLength);
            e.Property(t => t.Words).HasMaxLength(2 * HelpTopic.MaxLength);
            e.HasIndex(t => t.PersonId);
            e.HasOne<Person>().WithMany().HasForeignKey(t => t.PersonId).OnDelete(DeleteBehavior.Cascade);
        });

        modelBuilder.Entity<CheckIn>(e =>
        {
            // One per person per session; rows reduced to counts (no person) are many, and NULLs never collide.
            e.HasIndex(c => new { c.SessionId, c.PersonId }).IsUnique();
            e.HasIndex(c => c.PersonId);
            e.HasOne<Session>().WithMany().HasForeignKey(c => c.SessionId).OnDelete(DeleteBehavior.Cascade);

            // Forgetting a person leaves their check-in as an anonymous count.
            e.HasOne<Person>().WithMany().HasForeignKey(c => c.PersonId).OnDelete(DeleteBehavior.SetNull);
        });

        modelBuilder.Entity<IntroductionRequest>(e =>
        {
            e.Property(r => r.Line).HasMaxLength(IntroductionRequest.MaxLineLength);
            e.HasIndex(r => new { r.SessionId, r.PersonId }).IsUnique();
            e.HasIndex(r => r.PersonId);
            e.HasIndex(r => new { r.Outcome, r.SessionId });
            e.HasOne<Session>().WithMany().HasForeignKey(r => r.SessionId).OnDelete(DeleteBehavior.Cascade);
            e.HasOne<Person>().WithMany().HasForeignKey(r => r.PersonId).OnDelete(DeleteBehavior.Cascade);
            e.HasOne<Person>().WithMany().HasForeignKey(r => r.PartnerId).OnDelete(DeleteBehavior.SetNull);
        });

        modelBuilder.Entity<OutboxMessage>(e =>
        {
            e.ToTable("Outbox");
            e.Property(o => o.Key).HasMaxLength(200);
            e.HasIndex(o => o.Key).IsUnique();
            e.HasIndex(o => new { o.Status, o.Channel, o.NotBefore });
            e.Property(o => o.Channel).HasMaxLength(20);
            e.HasIndex(o => o.RunId);

            // A person's messages by status and kind: an answer withdraws their pending invitation or reminder, and a
            // personal chat looks up what was delivered since; without it SQLite read every pending (or sent) row.
            e.HasIndex(o => new { o.PersonId, o.Status, o.Kind });
            e.Property(o => o.AddressChannel).HasMaxLength(20);
            e.Property(o => o.AddressTenantId).HasMaxLength(100);
            e.Property(o => o.AddressConversationId).HasMaxLength(300);
            e.Property(o => o.LeaseOwner).HasMaxLength(100);
            e.HasIndex(o => o.LeaseOwner);
            e.HasIndex(o => o.AddressConversationId);
            e.Property(o => o.SentBy).HasMaxLength(100);
            e.Property(o => o.LastError).HasMaxLength(500);
            e.Property(o => o.SentMessageId).HasMaxLength(300);
        });

        modelBuilder.Entity<DeliveryRun>(e =>
        {
            e.ToTable("DeliveryRuns");
            e.Property(r => r.Id).ValueGeneratedNever();
            e.Property(r => r.Channel).HasMaxLength(20);
            e.Property(r => r.TenantId).HasMaxLength(100);
            e.Property(r => r.ConversationId).HasMaxLength(300);
            e.Property(r => r.MessageId).HasMaxLength(300);
            e.Property(r => r.Title).HasMaxLength(200);
            e.Property(r => r.LastShown).HasMaxLength(100);
            e.HasIndex(r => r.Finished);
        });

        modelBuilder.Entity<DeliveryWorker>(e =>
        {
            e.ToTable("DeliveryWorkers");
            e.HasKey(w => w.Owner);
            e.Property(w => w.Owner).HasMaxLength(100);
            e.Property(w => w.Channels).HasMaxLength(100);
            e.HasIndex(w => w.HeartbeatAt);
        });

        modelBuilder.Entity<AnnouncementChannel>(e =>
        {
            e.HasIndex(a => new { a.NetworkId, a.Channel, a.TenantId, a.ConversationId }).IsUnique();
            e.Property(a => a.Channel).HasMaxLength(20);
            e.Property(a => a.TenantId).HasMaxLength(100);
            e.Property(a => a.ConversationId).HasMaxLength(300);
            e.Property(a => a.Name).HasMaxLength(200);
            e.HasOne<Network>().WithMany().HasForeignKey(a => a.NetworkId).OnDelete(DeleteBehavior.Cascade);
        });

        modelBuilder.Entity<ChatAddressRow>(e =>
        {
            e.ToTable("ChatAddresses");
            e.HasIndex(a => new { a.Channel, a.TenantId, a.ConversationId }).IsUnique();
            e.HasIndex(a => new { a.Channel, a.TenantId, a.UserId });
            e.Property(a => a.Channel).HasMaxLength(ChatIds.MaxChannelLength);
            e.Property(a => a.TenantId).HasMaxLength(ChatIds.MaxTenantIdLength);
            e.Property(a => a.ConversationId).HasMaxLength(ChatIds.MaxConversationIdLength);
            e.Property(a => a.UserId).HasMaxLength(ChatIds.MaxUserIdLength);
            e.Property(a => a.ServiceUrl).HasMaxLength(ChatIds.MaxServiceUrlLength);
            e.Property(a => a.Name).HasMaxLength(200);
        });

        modelBuilder.Entity<UsedSignInLink>(e =>
        {
            e.Property(l => l.Id).ValueGeneratedNever();
            e.HasIndex(l => l.ExpiresAt);
        });

        modelBuilder.Entity<ProcessedTurn>(e =>
        {
            e.HasKey(t => t.Key);
            e.Property(t => t.Key).HasMaxLength(ChatIds.MaxLedgerKeyLength);
            e.HasIndex(t => t.ProcessedAt);
        });

        modelBuilder.Entity<ContextRow>(e =>
        {
            e.ToTable("Contexts");
            e.HasKey(c => new { c.PersonId, c.Channel, c.TenantId, c.ConversationId });
            e.Property(c => c.Channel).HasMaxLength(ChatIds.MaxChannelLength);
            e.Property(c => c.TenantId).HasMaxLength(ChatIds.MaxTenantIdLength);
            e.Property(c => c.ConversationId).HasMaxLength(ChatIds.MaxConversationIdLength);
            e.Property(c => c.Sessions).HasMaxLength(ConversationMemory.MaxItems * 37);
            e.Property(c => c.Networks).HasMaxLength(ConversationMemory.MaxNetworksLength);
            e.HasIndex(c => c.ExpiresAt);
            e.HasOne<Person>().WithMany().HasForeignKey(c => c.PersonId).OnDelete(DeleteBehavior.Cascade);
        });
    }

    /// <summary>The filter of partial indexes over active memberships (the same SQL on both providers).</summary>
    private const string ActiveMembers = "\"LeftAt\" IS NULL";

    /// <summary>A column the database writes (a roster trigger): EF reads it in queries but never saves it.</summary>
    private static PropertyBuilder<T> RosterColumn<T>(
        EntityTypeBuilder<Membership> entity, string name)
    {
        var property = entity.Property<T>(name);
        property.Metadata.SetBeforeSaveBehavior(PropertySaveBehavior.Ignore);
        property.Metadata.SetAfterSaveBehavior(PropertySaveBehavior.Ignore);
        return property;
    }

    private sealed class UtcDateTimeConverter() : ValueConverter<DateTime, DateTime>(
        v => v.Kind == DateTimeKind.Utc ? v : DateTime.SpecifyKind(v.ToUniversalTime(), DateTimeKind.Utc),
        v => DateTime.SpecifyKind(v, DateTimeKind.Utc));
}

public sealed class SqliteCoPBotDbContext : CoPBotDbContext
{
    public SqliteCoPBotDbContext(DbContextOptions<SqliteCoPBotDbContext> options)
        : base(options)
    {
        // Every save in a transaction, even of one statement: its commit then waits for the log on disk (WalFlush) and
        // queues for the one writer like any other. The pool restores this setting with each context it hands out.
        Database.AutoTransactionBehavior = AutoTransactionBehavior.Always;
    }
}

public sealed class PostgresCoPBotDbContext(DbContextOptions<PostgresCoPBotDbContext> options) : CoPBotDbContext(options);
