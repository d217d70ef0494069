using CoPBot.Bot.Delivery;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Protocols;

namespace CoPBot.Bot.Teams;

/// <summary>The Teams adapter's one entry point for the host.</summary>
internal static class TeamsSetup
{
    public const string OpenIdHttpClientName = "CoPBot.Teams.OpenId";

    /// <summary>Throttled, or the connector's transient failures (412 is its optimistic-concurrency conflict).</summary>
    private static readonly HashSet<System.Net.HttpStatusCode> ConnectorRetryStatuses =
    [
        System.Net.HttpStatusCode.TooManyRequests,
        System.Net.HttpStatusCode.PreconditionFailed,
        System.Net.HttpStatusCode.BadGateway,
        System.Net.HttpStatusCode.GatewayTimeout,
    ];

    public static WebApplicationBuilder AddTeams(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<TeamsOptions>()
            .BindConfiguration(TeamsOptions.SectionName)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.AddSingleton<IValidateOptions<TeamsOptions>, TeamsOptionsValidator>();
        services.TryAddSingleton(TimeProvider.System);

        services.AddHttpClient(OpenIdHttpClientName);
        services.AddSingleton<IConfigurationManager<TeamsSigningKeys>>(sp =>
            new ConfigurationManager<TeamsSigningKeys>(
                sp.GetRequiredService<IOptions<TeamsOptions>>().Value.OpenIdMetadataUrl,
                new TeamsSigningKeysRetriever(),
                new HttpDocumentRetriever(sp.GetRequiredService<IHttpClientFactory>().CreateClient(OpenIdHttpClientName)) { RequireHttps = true }));
        services.AddSingleton<TeamsServiceUrls>();
        services.AddSingleton<TeamsRequestAuthenticator>();

        services.AddHttpClient(MsalTeamsTokenProvider.HttpClientName);
        services.TryAddSingleton<ITeamsTokenProvider, MsalTeamsTokenProvider>();
        services.AddHttpClient<TeamsConnectorClient>(TeamsConnectorClient.HttpClientName).AddPlatformResilience(sp =>
        {
            var teams = sp.GetRequiredService<IOptions<TeamsOptions>>().Value;
            return new OutboundRetry
            {
                MaxRetries = teams.MaxConnectorAttempts - 1,
                Statuses = ConnectorRetryStatuses,
                MaxRetryAfter = teams.MaxRetryAfter,
                RetryUnreachable = true,
                AttemptTimeout = teams.ConnectorAttemptTimeout,
            };
        }).AddHttpMessageHandler<TeamsTenantLimitHandler>();
        services.TryAddSingleton<DeliveryRateLimits>();
        services.AddTransient<TeamsTenantLimitHandler>();
        services.AddSingleton<TeamsPendingReplies>();
        services.AddScoped<TeamsActivityHandler>();
        services.TryAddEnumerable(ServiceDescriptor.Transient<IChatSender, TeamsChatSender>());
        return builder;
    }
}
