using CoPBot.Services.Addresses;
using CoPBot.Services.App;
using CoPBot.Services.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace CoPBot.Services;

public static class ServiceCollectionExtensions
{
    /// <summary>Storage (SQLite or PostgreSQL by configuration) and the session-and-invitation services.</summary>
    public static IServiceCollection AddCoPBotServices(this IServiceCollection services)
    {
        services.AddOptions<StorageOptions>().BindConfiguration(StorageOptions.Section)
            .Validate(o => !string.IsNullOrWhiteSpace(o.ConnectionString), "Storage:ConnectionString is required.")
            .ValidateOnStart();
        services.AddOptions<OrganizationOptions>().BindConfiguration(OrganizationOptions.Section);
        services.AddOptions<CheckInOptions>().BindConfiguration(CheckInOptions.Section)
            .Validate(o => !o.Enabled || o.Secret!.Length >= CheckInOptions.MinimumSecretLength,
                $"CheckIn:Secret must be at least {CheckInOptions.MinimumSecretLength} characters.")
            .ValidateOnStart();
        services.TryAddSingleton<CheckInCodes>();
        services.TryAddSingleton<CheckInAttempts>();
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<RecentTurns>();

        // Contexts come from a pool with options built once (a turn no longer builds options and looks up EF's services
        // for them); each SQLite connection EF creates queues its transactions for the one writer (GatedSqliteConnection).
        services.AddDbContextPool<SqliteCoPBotDbContext>((sp, options) =>
            options.UseSqlite(sp.GetRequiredService<IOptions<StorageOptions>>().Value.ConnectionString,
                    o => o.UseQuerySplittingBehavior(QuerySplittingBehavior.SplitQuery))
                .AddInterceptors(GatedSqliteConnection.Creator, SqliteStatementQueue.Instance, SqliteDurableCommits.Instance, WriteCounter.Instance));
        services.AddDbContextPool<PostgresCoPBotDbContext>((sp, options) =>
            options.UseNpgsql(sp.GetRequiredService<IOptions<StorageOptions>>().Value.PostgresConnectionString(), o => o.UseQuerySplittingBehavior(QuerySplittingBehavior.SplitQuery))
                .AddInterceptors(WriteCounter.Instance));
        services.AddScoped<CoPBotDbContext>(sp => sp.GetRequiredService<IOptions<StorageOptions>>().Value.Provider switch
        {
            StorageProvider.Postgres => sp.GetRequiredService<PostgresCoPBotDbContext>(),
            _ => sp.GetRequiredService<SqliteCoPBotDbContext>(),
        });

        services.AddScoped<PeopleService>();
        services.AddScoped<NetworkService>();
        services.AddScoped<SessionService>();
        services.AddScoped<RosterService>();
        services.AddScoped<HelpTopicService>();
        services.AddScoped<IntroductionService>();
        services.AddScoped<CheckInService>();
        services.AddScoped<DataRightsService>();
        services.AddScoped<TurnLedger>();
        services.AddScoped<SignInLinkLedger>();
        services.AddScoped<OrganizerDashboardService>();
        services.AddScoped<ConversationMemory>();
        services.AddScoped<HousekeepingService>();
        services.AddScoped<Outbox.DeliveryService>();
        services.AddScoped<Outbox.ChannelPostFailures>();
        services.AddScoped<IChatAddressBook, ChatAddressBook>();
        return services;
    }

    /// <summary>
    /// Creates or upgrades the database and brings organizations in step with configuration (their names and zones),
    /// at start-up unless Storage:MigrateOnStartup is false.
    /// </summary>
    public static async Task MigrateCoPBotDatabaseAsync(this IServiceProvider services, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(services);
        await using var scope = services.CreateAsyncScope();
        var options = scope.ServiceProvider.GetRequiredService<IOptions<StorageOptions>>().Value;
        if (!options.MigrateOnStartup)
        {
            return;
        }

        var db = scope.ServiceProvider.GetRequiredService<CoPBotDbContext>();
        await db.Database.MigrateAsync(cancellationToken);
        await scope.ServiceProvider.GetRequiredService<PeopleService>().ApplyOrganizationConfigurationAsync(cancellationToken);
    }
}
