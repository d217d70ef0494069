using CoPBot.Bot.Delivery;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Protocols;

namespace CoPBot.Bot.Teams;

/// <summary>The Teams adapter's one entry point for the host.</summary>
internal static class TeamsSetup
{
    public const string OpenIdHttpClientName = "CoPBot.Teams.OpenId";

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
        services.TryAddSingleton(sp => new TeamsRetryDelay(sp.GetRequiredService<TimeProvider>()));
        services.AddHttpClient<TeamsConnectorClient>(TeamsConnectorClient.HttpClientName);
        services.AddScoped<TeamsActivityHandler>();
        services.TryAddEnumerable(ServiceDescriptor.Transient<IChatSender, TeamsChatSender>());
        return builder;
    }
}
