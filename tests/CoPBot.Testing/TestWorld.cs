using CoPBot.Services;
using CoPBot.Services.App;
using CoPBot.Services.Domain;
using CoPBot.Services.Outbox;
using CoPBot.Services.Storage;
using CoPBot.Services.Views;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;

namespace CoPBot.Testing;

/// <summary>
/// A whole CoPBot Services world on one fresh database (SQLite or PostgreSQL): the real DI registrations, the real
/// migrations, a <see cref="FakeTimeProvider"/> as the clock, and two organizations ("city" and "county", one
/// console tenant each). Every call runs in a fresh DI scope, as one chat turn would, so nothing leaks through a
/// change tracker from one simulated request to the next.
/// </summary>
public sealed class TestWorld : IAsyncDisposable
{
    /// <summary>A Monday, 10:00 UTC: outside everyone's default quiet hours (20:00 to 08:00) in UTC.</summary>
    public static readonly DateTimeOffset Start = new(2027, 3, 1, 10, 0, 0, TimeSpan.Zero);

    public const string City = "city";
    public const string County = "county";

    private readonly StorageProvider _database;
    private readonly ServiceProvider _services;
    private int _people;

    private TestWorld(string provider, StorageProvider database, ServiceProvider services, FakeTimeProvider clock)
    {
        Provider = provider;
        _database = database;
        _services = services;
        Clock = clock;
    }

    /// <summary>"sqlite" or "postgresql".</summary>
    public string Provider { get; }

    public FakeTimeProvider Clock { get; }

    public IServiceProvider Services => _services;

    public DateTime Now => Clock.GetUtcNow().UtcDateTime;

    public static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    /// <summary>Creates the database, the services and runs the migrations (so they are tested on each provider).</summary>
    /// <param name="configureServices">Adds more services on top of Services (the Bot's router, senders).</param>
    /// <param name="logs">Receives what the world logs once it is set up (the migrations' own entries are left out).</param>
    public static async Task<TestWorld> CreateAsync(string provider, IDictionary<string, string?>? configuration = null, Action<IServiceCollection>? configureServices = null, RecordingLoggerProvider? logs = null)
    {
        var database = StorageProvider.Create(provider);
        try
        {
            var connectionString = await database.CreateDatabaseAsync(Cancellation);
            var settings = new Dictionary<string, string?>
            {
                ["Storage:Provider"] = provider == StorageProvider.PostgresName ? "Postgres" : "Sqlite",
                ["Storage:ConnectionString"] = connectionString,
                ["Organizations:Entries:0:Slug"] = City,
                ["Organizations:Entries:0:Name"] = "City of Riverton",
                ["Organizations:Entries:0:Tenants:0"] = $"console:{City}",
                ["Organizations:Entries:1:Slug"] = County,
                ["Organizations:Entries:1:Name"] = "Lake County",
                ["Organizations:Entries:1:Tenants:0"] = $"console:{County}",
            };
            foreach (var (key, value) in configuration ?? new Dictionary<string, string?>())
            {
                settings[key] = value;
            }

            var clock = new FakeTimeProvider(Start);
            var services = new ServiceCollection();
            services.AddSingleton<IConfiguration>(new ConfigurationBuilder().AddInMemoryCollection(settings).Build());
            services.AddSingleton<TimeProvider>(clock);
            services.AddLogging(logging =>
            {
                if (logs is not null)
                {
                    logging.AddProvider(logs);
                }
            });
            services.AddCoPBotServices();
            configureServices?.Invoke(services);
            var provider2 = services.BuildServiceProvider(new ServiceProviderOptions { ValidateScopes = true, ValidateOnBuild = true });
            var world = new TestWorld(provider, database, provider2, clock);
            await provider2.MigrateCoPBotDatabaseAsync(Cancellation);
            logs?.Clear();
            return world;
        }
        catch
        {
            await database.DisposeAsync();
            throw;
        }
    }

    public void Advance(TimeSpan by) => Clock.Advance(by);

    /// <summary>Sets the clock to an instant (forward only).</summary>
    public void AdvanceTo(DateTime utc) => Clock.SetUtcNow(new DateTimeOffset(DateTime.SpecifyKind(utc, DateTimeKind.Utc)));

    /// <summary>Runs work in a fresh DI scope, like one request.</summary>
    public async Task<T> InScopeAsync<T>(Func<IServiceProvider, Task<T>> work)
    {
        ArgumentNullException.ThrowIfNull(work);
        await using var scope = _services.CreateAsyncScope();
        return await work(scope.ServiceProvider);
    }

    public async Task InScopeAsync(Func<IServiceProvider, Task> work)
    {
        ArgumentNullException.ThrowIfNull(work);
        await using var scope = _services.CreateAsyncScope();
        await work(scope.ServiceProvider);
    }

    /// <summary>Uses one scoped service in a fresh scope.</summary>
    public Task<T> UseAsync<TService, T>(Func<TService, Task<T>> work)
        where TService : notnull =>
        InScopeAsync(sp => work(sp.GetRequiredService<TService>()));

    public Task UseAsync<TService>(Func<TService, Task> work)
        where TService : notnull =>
        InScopeAsync(sp => work(sp.GetRequiredService<TService>()));

    /// <summary>Reads or writes the database directly, in a fresh scope.</summary>
    public Task<T> DbAsync<T>(Func<CoPBotDbContext, Task<T>> work) => UseAsync(work);

    /// <summary>A person speaking to CoPBot for the first time, in an organization ("city" or "county").</summary>
    public async Task<Actor> PersonAsync(string name, string? department = null, string organization = City, string? timeZone = null)
    {
        var number = Interlocked.Increment(ref _people);
        var key = new AccountKey("console", organization, $"{name.ToLowerInvariant().Replace(' ', '.')}-{number}");
        var actor = await UseAsync<PeopleService, Actor>(people => people.ResolveAsync(key, name, null, Cancellation));
        if (department is not null || timeZone is not null)
        {
            await UseAsync<PeopleService, SettingsView>(people =>
                people.UpdateSettingsAsync(actor, new SettingsChange { Department = department, TimeZoneId = timeZone }, Cancellation));
            actor = await UseAsync<PeopleService, Actor>(people => people.GetActorAsync(actor.PersonId, Cancellation));
        }

        return actor;
    }

    public Task<NetworkSummary> NetworkAsync(Actor organizer, string name, string? series = null, string? handle = null) =>
        UseAsync<NetworkService, NetworkSummary>(networks =>
            networks.CreateAsync(organizer, new NetworkDraft(name, handle, $"People who practise {name} together.", "every other month", series), Cancellation));

    public Task<JoinResult> JoinAsync(Actor person, string handle, MembershipLevel level = MembershipLevel.Invitations) =>
        UseAsync<NetworkService, JoinResult>(networks => networks.JoinAsync(person, handle, level, Cancellation));

    /// <summary>The draft <see cref="SessionAsync"/> uses, starting <paramref name="startsIn"/> from now.</summary>
    public SessionDraft Draft(TimeSpan startsIn, int? capacity = null, string title = "Prototyping with paper") => new()
    {
        Title = title,
        StartsAt = Now + startsIn,
        Duration = TimeSpan.FromMinutes(90),
        TimeZoneId = "UTC",
        Agenda = "Sketch, test, repeat.",
        Preparation = "Bring one problem from your work.",
        Room = "Room 4B",
        Address = "1 Civic Plaza",
        Capacity = capacity,
    };

    public Task<SessionSummary> SessionAsync(Actor organizer, string handle, TimeSpan startsIn, int? capacity = null, Func<SessionDraft, SessionDraft>? edit = null)
    {
        var draft = Draft(startsIn, capacity);
        draft = edit is null ? draft : edit(draft);
        return UseAsync<SessionService, SessionSummary>(sessions => sessions.ScheduleAsync(organizer, handle, draft, Cancellation));
    }

    public Task<InvitationRun> SendInvitationsAsync(Actor organizer, SessionSummary session) =>
        UseAsync<SessionService, InvitationRun>(sessions => sessions.SendInvitationsAsync(organizer, session.Id.ToString(), Cancellation));

    public Task<RsvpResult> RsvpAsync(Actor person, SessionSummary session, bool yes) =>
        UseAsync<SessionService, RsvpResult>(sessions => sessions.RsvpAsync(person, session.Id.ToString(), yes, Cancellation));

    /// <summary>Every outbox row, oldest first.</summary>
    public Task<List<OutboxMessage>> OutboxAsync() =>
        DbAsync(db => db.Outbox.AsNoTracking().OrderBy(o => o.CreatedAt).ToListAsync(Cancellation));

    /// <summary>A person's invitation to a session, or null.</summary>
    public Task<Invitation?> InvitationAsync(Actor person, SessionSummary session) =>
        DbAsync(db => db.Invitations.AsNoTracking().FirstOrDefaultAsync(i => i.SessionId == session.Id && i.PersonId == person.PersonId, Cancellation));

    public Task<Membership?> MembershipAsync(Actor person, string handle) =>
        DbAsync(db => db.Memberships.AsNoTracking()
            .FirstOrDefaultAsync(m => m.PersonId == person.PersonId && db.Networks.Any(n => n.Id == m.NetworkId && n.Handle == handle), Cancellation));

    public async ValueTask DisposeAsync()
    {
        await _services.DisposeAsync();
        await _database.DisposeAsync();
    }
}
