using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Options;

namespace CoPBot.Bot.Teams;

/// <summary>The "Teams" configuration section: bot registrations, tenants, token validation and connector settings.</summary>
public sealed class TeamsOptions
{
    public const string SectionName = "Teams";

    /// <summary>The Bot Framework's channel-to-bot metadata document (sovereign clouds use another host).</summary>
    public const string DefaultOpenIdMetadataUrl = "https://login.botframework.com/v1/.well-known/openidconfiguration";

    /// <summary>One Azure Bot registration per tenant (single-tenant bots).</summary>
    public IList<TeamsBotRegistration> Bots { get; init; } = [];

    /// <summary>Tenants accepted in addition to each bot's own tenant.</summary>
    public IList<string> AllowedTenants { get; init; } = [];

    [Required]
    public string OpenIdMetadataUrl { get; set; } = DefaultOpenIdMetadataUrl;

    /// <summary>The issuer of channel tokens.</summary>
    [Required]
    public string TokenIssuer { get; set; } = "https://api.botframework.com";

    /// <summary>Accept requests without a token (the Agents Playground). Only honoured in Development; start-up fails in Production.</summary>
    public bool AllowAnonymousInDevelopment { get; set; }

    /// <summary>Where MSAL gets the bot's own tokens; {tenant} is replaced by the bot's tenant id.</summary>
    [Required]
    public string LoginAuthority { get; set; } = "https://login.microsoftonline.com/{tenant}";

    [Required]
    public string ConnectorScope { get; set; } = "https://api.botframework.com/.default";

    /// <summary>
    /// Connector addresses (serviceUrl) the bot accepts and calls, each allowing the paths under it. Empty: the Bot
    /// Connector hosts (<see cref="TeamsServiceUrls.BotConnectorHosts"/>). Loopback is allowed in Development only.
    /// </summary>
    public IList<string> AllowedServiceUrls { get; init; } = [];

    /// <summary>The connector to use for a proactive 1:1 chat when no conversation with the tenant was seen yet.</summary>
    [Required]
    public string DefaultServiceUrl { get; set; } = "https://smba.trafficmanager.net/teams/";

    /// <summary>Largest accepted request body; larger ones get 413.</summary>
    [Range(1024, 4 * 1024 * 1024)]
    public int MaxRequestBodyBytes { get; set; } = 256 * 1024;

    /// <summary>Attempts for one connector call that meets 429/412/502/504 (the first one included).</summary>
    [Range(1, 10)]
    public int MaxConnectorAttempts { get; set; } = 4;

    /// <summary>A Retry-After longer than this is not waited for; the caller gets the throttling result instead.</summary>
    public TimeSpan MaxRetryAfter { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How long one connector attempt may take; past it the send counts as unanswered (maybe delivered).</summary>
    public TimeSpan ConnectorAttemptTimeout { get; set; } = TimeSpan.FromSeconds(30);

    public TeamsBotRegistration? FindBot(string? appId) =>
        appId is null ? null : Bots.FirstOrDefault(b => string.Equals(b.AppId, appId, StringComparison.OrdinalIgnoreCase));

    public TeamsBotRegistration? FindBotForTenant(string? tenantId) =>
        Bots.FirstOrDefault(b => string.Equals(b.TenantId, tenantId, StringComparison.OrdinalIgnoreCase))
        ?? Bots.FirstOrDefault(b => string.IsNullOrEmpty(b.TenantId));

    /// <summary>True when the tenant is the bot's own or on the allow-list.</summary>
    public bool IsTenantAllowed(string? tenantId, TeamsBotRegistration? bot)
    {
        if (string.IsNullOrEmpty(tenantId))
        {
            return false;
        }

        return (bot is not null && string.Equals(bot.TenantId, tenantId, StringComparison.OrdinalIgnoreCase))
            || AllowedTenants.Contains(tenantId, StringComparer.OrdinalIgnoreCase);
    }
}

/// <summary>One bot registration: its Microsoft App ID and how it proves itself (a secret or a certificate).</summary>
public sealed class TeamsBotRegistration
{
    public string AppId { get; set; } = "";

    public string? TenantId { get; set; }

    public string? Name { get; set; }

    public string? ClientSecret { get; set; }

    public string? CertificatePath { get; set; }

    public string? CertificatePassword { get; set; }

    public bool HasCredentials => !string.IsNullOrEmpty(ClientSecret) || !string.IsNullOrEmpty(CertificatePath);
}

/// <summary>Start-up checks that need the environment: no anonymous mode in Production, complete bot registrations.</summary>
internal sealed class TeamsOptionsValidator(IHostEnvironment environment) : IValidateOptions<TeamsOptions>
{
    public ValidateOptionsResult Validate(string? name, TeamsOptions options)
    {
        var failures = new List<string>();
        if (options.AllowAnonymousInDevelopment && !environment.IsDevelopment())
        {
            failures.Add($"Teams:AllowAnonymousInDevelopment is set in the {environment.EnvironmentName} environment; it is allowed only in Development.");
        }

        for (var i = 0; i < options.Bots.Count; i++)
        {
            var bot = options.Bots[i];
            if (string.IsNullOrWhiteSpace(bot.AppId))
            {
                failures.Add($"Teams:Bots:{i}:AppId is required.");
            }

            if (!bot.HasCredentials && !environment.IsDevelopment())
            {
                failures.Add($"Teams:Bots:{i} needs ClientSecret or CertificatePath.");
            }
        }

        for (var i = 0; i < options.AllowedServiceUrls.Count; i++)
        {
            if (TeamsServiceUrls.Problem(options.AllowedServiceUrls[i]) is { } problem)
            {
                failures.Add($"Teams:AllowedServiceUrls:{i} {problem}.");
            }
        }

        if (!TeamsServiceUrls.IsAllowed(options, environment.IsDevelopment(), options.DefaultServiceUrl))
        {
            failures.Add("Teams:DefaultServiceUrl is not on the serviceUrl allow-list (Teams:AllowedServiceUrls).");
        }

        if (!Uri.TryCreate(options.OpenIdMetadataUrl, UriKind.Absolute, out var metadata) || metadata.Scheme != Uri.UriSchemeHttps)
        {
            failures.Add("Teams:OpenIdMetadataUrl must be an absolute https URL.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
