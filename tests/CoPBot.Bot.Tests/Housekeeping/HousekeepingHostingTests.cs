using CoPBot.Bot.Housekeeping;
using CoPBot.Cards.Builders;
using CoPBot.Services.App;
using CoPBot.Services.Domain;
using CoPBot.Services.Views;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace CoPBot.Bot.Tests.Housekeeping;

/// <summary>The web host runs housekeeping: registered, its settings validated at start-up, a pass that runs.</summary>
public sealed class HousekeepingHostingTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Host_RegistersTheHousekeepingLoop_AndAPassRunsOnItsDatabase()
    {
        using var storage = new TestStorage();
        await using var host = Host(storage.Settings());

        var service = Assert.Single(host.Services.GetServices<IHostedService>().OfType<HousekeepingHostedService>());
        var report = await service.RunOnceAsync(host.Services.GetRequiredService<IOptions<HousekeepingOptions>>().Value.Policy, Ct);

        Assert.NotNull(report);
        Assert.False(report.WasSkipped);
    }

    [Fact]
    public async Task Loop_OnTheHostsClock_PassesAnExpiredOfferOnAtTheNextInterval()
    {
        using var storage = new TestStorage();
        var clock = new FakeTimeProvider(new DateTimeOffset(2027, 3, 1, 10, 0, 0, TimeSpan.Zero));
        var passes = new PassLog();

        // An hour between passes: the fake clock fires a periodic timer once per period it skips over, so a day's advance
        // is 24 ticks rather than 1,440.
        var settings = new Dictionary<string, string?>(storage.Settings()) { ["Housekeeping:Enabled"] = "true", ["Housekeeping:Interval"] = "01:00:00" };
        await using var host = Host(settings, services =>
        {
            services.AddSingleton<TimeProvider>(clock);
            services.AddSingleton<ILoggerProvider>(passes);
        });
        _ = host.Services;

        // One place: Ada says yes, Wen and Wu wait; Ada declines, so Wen is offered the place for a day.
        var olga = await UseAsync(host, (PeopleService p) => p.ResolveAsync(new AccountKey("console", "local", "olga"), "Olga", null, Ct));
        await UseAsync(host, (NetworkService n) => n.CreateAsync(olga, new NetworkDraft("IdeaLab", "idealab"), Ct));
        var session = await UseAsync(host, (SessionService s) => s.ScheduleAsync(olga, "idealab", new SessionDraft
        {
            Title = "Prototyping", StartsAt = clock.GetUtcNow().UtcDateTime.AddDays(7), Duration = TimeSpan.FromMinutes(90), TimeZoneId = "UTC", Room = "4B", Capacity = 1,
        }, Ct));
        var people = new List<Actor>();
        foreach (var name in new[] { "ada", "wen", "wu" })
        {
            var person = await UseAsync(host, (PeopleService p) => p.ResolveAsync(new AccountKey("console", "local", name), name, null, Ct));
            await UseAsync(host, (SessionService s) => s.RsvpAsync(person, session.Reference, yes: true, Ct));
            clock.Advance(TimeSpan.FromSeconds(1));
            people.Add(person);
        }

        await UseAsync(host, (SessionService s) => s.RsvpAsync(people[0], session.Reference, yes: false, Ct));
        clock.Advance(Invitation.OfferWindow);
        await passes.OfferLapsed.WaitAsync(Ct);

        Assert.Equal(Answer.Offered, (await UseAsync(host, (SessionService s) => s.GetAsync(people[2], session.Reference, Ct))).MyAnswer);
        Assert.True((await UseAsync(host, (SessionService s) => s.GetAsync(people[1], session.Reference, Ct))).OfferExpired);
    }

    [Theory]
    [InlineData("Housekeeping:OutboxRetentionDays", "3")]
    [InlineData("Housekeeping:Interval", "00:00:00")]
    [InlineData("Housekeeping:TurnRetention", "00:01:00")]
    public async Task Host_SettingOutOfRange_FailsAtStartUp(string key, string value)
    {
        using var storage = new TestStorage();
        var environment = new Dictionary<string, string>
        {
            ["Storage__ConnectionString"] = storage.Settings()["Storage:ConnectionString"]!,
            [key.Replace(":", "__", StringComparison.Ordinal)] = value,
        };

        var (exitCode, _, standardError) = await BotProcess.RunToExitAsync(environment, TimeSpan.FromSeconds(60));

        Assert.Equal(1, exitCode);
        Assert.Contains(key.Split(':')[1], standardError, StringComparison.Ordinal);
    }

    [Fact]
    public void Cards_OfferThatExpired_SayItWentToTheNextPersonAndOfferNoButtons()
    {
        var summary = new SessionSummary
        {
            Id = Guid.NewGuid(), Reference = "idealab-1", Title = "Prototyping", NetworkName = "IdeaLab", NetworkHandle = "idealab",
            StartsAt = new DateTime(2027, 3, 8, 10, 0, 0, DateTimeKind.Utc), EndsAt = new DateTime(2027, 3, 8, 11, 30, 0, DateTimeKind.Utc),
            TimeZoneId = "UTC", Room = "4B", Capacity = 2, Going = 1, Offered = 1, OrganizerName = "Olga", Status = SessionStatus.Scheduled,
            MyAnswer = Answer.None, OfferExpired = true, OfferExpiresAt = new DateTime(2027, 3, 2, 10, 0, 0, DateTimeKind.Utc), ReaderTimeZoneId = "UTC",
        };

        var offer = SessionCards.Offer(summary);
        var list = SessionCards.List("My sessions", [summary], "none");

        Assert.Empty(offer.Actions);
        Assert.Contains("gone to the next person", offer.Status, StringComparison.Ordinal);
        Assert.DoesNotContain("held for you", offer.Status, StringComparison.OrdinalIgnoreCase);
        Assert.EndsWith("offer expired", Assert.Single(Assert.Single(list.Sections).Items).Detail, StringComparison.Ordinal);
    }

    private static WebApplicationFactory<Program> Host(IReadOnlyDictionary<string, string?> settings, Action<IServiceCollection>? services = null) =>
        new WebApplicationFactory<Program>().WithWebHostBuilder(builder =>
        {
            builder.UseEnvironment("Testing");
            builder.ConfigureAppConfiguration((_, config) => config.AddInMemoryCollection(settings));
            builder.ConfigureTestServices(s => services?.Invoke(s));
        });

    private static async Task<T> UseAsync<TService, T>(WebApplicationFactory<Program> host, Func<TService, Task<T>> work)
        where TService : notnull
    {
        await using var scope = host.Services.CreateAsyncScope();
        return await work(scope.ServiceProvider.GetRequiredService<TService>());
    }

    /// <summary>Completes <see cref="OfferLapsed"/> when housekeeping logs a pass (event 1300), which it does only when it did something.</summary>
    private sealed class PassLog : ILoggerProvider, ILogger
    {
        private readonly TaskCompletionSource _lapsed = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public Task OfferLapsed => _lapsed.Task;

        public ILogger CreateLogger(string categoryName) => this;

        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (eventId.Id == 1300)
            {
                _lapsed.TrySetResult();
            }
        }

        public void Dispose()
        {
        }
    }
}
