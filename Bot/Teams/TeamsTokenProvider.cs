using System.Collections.Concurrent;
using System.Security.Cryptography.X509Certificates;
using Microsoft.Extensions.Options;
using Microsoft.Identity.Client;

namespace CoPBot.Bot.Teams;

/// <summary>The bot's own access token for the connector, or null when the bot has no credentials (local Playground).</summary>
internal interface ITeamsTokenProvider
{
    Task<string?> GetTokenAsync(string? appId, CancellationToken cancellationToken);
}

/// <summary>
/// Client-credentials tokens from Microsoft Entra ID through MSAL: one confidential client per bot registration,
/// whose in-memory token cache MSAL keeps and refreshes.
/// </summary>
internal sealed partial class MsalTeamsTokenProvider(IOptions<TeamsOptions> options, IHttpClientFactory httpClientFactory, ILogger<MsalTeamsTokenProvider> logger)
    : ITeamsTokenProvider, IDisposable
{
    public const string HttpClientName = "CoPBot.Teams.Login";

    private readonly ConcurrentDictionary<string, Lazy<IConfidentialClientApplication>> applications = new(StringComparer.OrdinalIgnoreCase);
    private readonly List<X509Certificate2> certificates = [];

    public async Task<string?> GetTokenAsync(string? appId, CancellationToken cancellationToken)
    {
        var bot = options.Value.FindBot(StripBotPrefix(appId)) ?? (options.Value.Bots.Count == 1 && appId is null ? options.Value.Bots[0] : null);
        if (bot is null || !bot.HasCredentials)
        {
            return null;
        }

        var application = applications.GetOrAdd(bot.AppId, _ => new Lazy<IConfidentialClientApplication>(() => Build(bot))).Value;
        try
        {
            var result = await application.AcquireTokenForClient([options.Value.ConnectorScope]).ExecuteAsync(cancellationToken);
            return result.AccessToken;
        }
        catch (Exception exception) when (exception is MsalException or HttpRequestException && !cancellationToken.IsCancellationRequested)
        {
            // A connector call that cannot be made now, like one the connector failed: the caller keeps the message.
            LogNoToken(logger, (exception as MsalException)?.ErrorCode ?? exception.GetType().Name);
            throw new TeamsConnectorException(null, "The bot's own token could not be obtained from the login service.", inner: exception);
        }
    }

    /// <summary>Teams writes the bot's id as "28:&lt;app id&gt;" in activities; the registration knows the bare app id.</summary>
    public static string? StripBotPrefix(string? id) =>
        id is not null && id.StartsWith("28:", StringComparison.Ordinal) ? id[3..] : id;

    public void Dispose()
    {
        lock (certificates)
        {
            foreach (var certificate in certificates)
            {
                certificate.Dispose();
            }

            certificates.Clear();
        }
    }

    private IConfidentialClientApplication Build(TeamsBotRegistration bot)
    {
        var tenant = string.IsNullOrEmpty(bot.TenantId) ? "botframework.com" : bot.TenantId;
        var authority = options.Value.LoginAuthority.Replace("{tenant}", tenant, StringComparison.Ordinal);
        // The authority is always configured (Teams:LoginAuthority), so MSAL must not ask the public cloud's instance
        // discovery about it: that call leaves a sovereign or private deployment, and the answer adds nothing here.
        var builder = ConfidentialClientApplicationBuilder.Create(bot.AppId)
            .WithAuthority(authority)
            .WithInstanceDiscovery(false)
            .WithHttpClientFactory(new MsalHttpClientFactory(httpClientFactory));
        if (!string.IsNullOrEmpty(bot.ClientSecret))
        {
            builder = builder.WithClientSecret(bot.ClientSecret);
        }
        else
        {
            var certificate = X509CertificateLoader.LoadPkcs12FromFile(bot.CertificatePath!, bot.CertificatePassword);
            lock (certificates)
            {
                certificates.Add(certificate);
            }

            builder = builder.WithCertificate(certificate, sendX5C: true);
        }

        return builder.Build();
    }

    private sealed class MsalHttpClientFactory(IHttpClientFactory factory) : IMsalHttpClientFactory
    {
        public HttpClient GetHttpClient() => factory.CreateClient(HttpClientName);
    }

    [LoggerMessage(EventId = 4500, Level = Microsoft.Extensions.Logging.LogLevel.Warning, Message = "The bot's token could not be obtained ({ErrorCode}); the connector call waits")]
    private static partial void LogNoToken(ILogger logger, string errorCode);
}
