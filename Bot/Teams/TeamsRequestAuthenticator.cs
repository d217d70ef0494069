using System.Net.Http.Headers;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Protocols;
using Microsoft.IdentityModel.Tokens;

namespace CoPBot.Bot.Teams;

/// <summary>The outcome of checking the bearer token, before the body is parsed.</summary>
internal sealed record TeamsTokenCheck
{
    public bool Passed { get; private init; }

    /// <summary>True when no token was given and anonymous Development mode let the request through.</summary>
    public bool Anonymous { get; private init; }

    public string? Failure { get; private init; }

    public string? AppId { get; private init; }

    public string? ServiceUrlClaim { get; private init; }

    public string? SigningKeyId { get; private init; }

    public TeamsSigningKeys? Keys { get; private init; }

    public static TeamsTokenCheck Fail(string reason) => new() { Failure = reason };

    public static TeamsTokenCheck AnonymousDevelopment() => new() { Passed = true, Anonymous = true };

    public static TeamsTokenCheck Valid(string appId, string? serviceUrl, string? keyId, TeamsSigningKeys keys) =>
        new() { Passed = true, AppId = appId, ServiceUrlClaim = serviceUrl, SigningKeyId = keyId, Keys = keys };
}

/// <summary>
/// Authenticates a request from the Bot Framework channel (Teams): the bearer JWT first, then, once the activity is
/// parsed, the rules that need it (key endorsement for the channel, serviceurl claim, tenant allow-list).
/// See https://learn.microsoft.com/azure/bot-service/rest-api/bot-framework-rest-connector-authentication
/// </summary>
internal sealed partial class TeamsRequestAuthenticator(
    IOptions<TeamsOptions> options,
    IHostEnvironment environment,
    IConfigurationManager<TeamsSigningKeys> keys,
    TeamsServiceUrls serviceUrls,
    TimeProvider timeProvider,
    ILogger<TeamsRequestAuthenticator> logger)
{
    private static readonly JsonWebTokenHandler Handler = new() { MapInboundClaims = false };
    private readonly TeamsTokenCache checkedTokens = new();

    private TeamsOptions Options => options.Value;

    public bool AnonymousAllowed => Options.AllowAnonymousInDevelopment && environment.IsDevelopment();

    public async Task<TeamsTokenCheck> CheckTokenAsync(string? authorization, CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(authorization))
        {
            return AnonymousAllowed ? TeamsTokenCheck.AnonymousDevelopment() : TeamsTokenCheck.Fail("no Authorization header");
        }

        if (!AuthenticationHeaderValue.TryParse(authorization, out var header)
            || !string.Equals(header.Scheme, "Bearer", StringComparison.Ordinal)
            || string.IsNullOrWhiteSpace(header.Parameter))
        {
            return TeamsTokenCheck.Fail("Authorization header is not a Bearer token");
        }

        var audiences = Options.Bots.Select(b => b.AppId).Where(id => !string.IsNullOrEmpty(id)).ToArray();
        if (audiences.Length == 0)
        {
            return TeamsTokenCheck.Fail("no bot registration is configured");
        }

        TeamsSigningKeys signingKeys;
        try
        {
            signingKeys = await keys.GetConfigurationAsync(cancellationToken);
        }
        catch (InvalidOperationException exception)
        {
            LogMetadataUnavailable(logger, exception);
            return TeamsTokenCheck.Fail("signing keys unavailable");
        }

        if (checkedTokens.Find(header.Parameter, signingKeys, timeProvider.GetUtcNow().UtcDateTime) is { } known)
        {
            return known;
        }

        var result = await ValidateAsync(header.Parameter, audiences, signingKeys);
        if (!result.IsValid && result.Exception is SecurityTokenSignatureKeyNotFoundException)
        {
            // The channel may have rolled its keys since we cached them: refresh once (the manager throttles this).
            keys.RequestRefresh();
            try
            {
                signingKeys = await keys.GetConfigurationAsync(cancellationToken);
            }
            catch (InvalidOperationException exception)
            {
                LogMetadataUnavailable(logger, exception);
                return TeamsTokenCheck.Fail("signing keys unavailable");
            }

            result = await ValidateAsync(header.Parameter, audiences, signingKeys);
        }

        if (!result.IsValid || result.SecurityToken is not JsonWebToken token)
        {
            return TeamsTokenCheck.Fail($"token rejected ({result.Exception?.GetType().Name ?? "invalid"})");
        }

        var appId = token.Audiences.FirstOrDefault(a => audiences.Contains(a, StringComparer.OrdinalIgnoreCase));
        if (appId is null)
        {
            return TeamsTokenCheck.Fail("audience is not a configured bot");
        }

        token.TryGetPayloadValue<string>("serviceurl", out var serviceUrl);
        var keyId = token.SigningKey?.KeyId ?? token.Kid;
        var check = TeamsTokenCheck.Valid(appId, serviceUrl, keyId, signingKeys);
        checkedTokens.Add(header.Parameter, check, token.ValidFrom == DateTime.MinValue ? null : token.ValidFrom, token.ValidTo);
        return check;
    }

    /// <summary>The checks that need the parsed activity. Returns null when all pass, else the reason.</summary>
    public string? CheckActivity(TeamsTokenCheck check, TeamsActivity activity)
    {
        ArgumentNullException.ThrowIfNull(check);
        ArgumentNullException.ThrowIfNull(activity);
        if (!check.Passed)
        {
            return check.Failure ?? "not authenticated";
        }

        // Replies go to the activity's serviceUrl with the bot's own token: only to a connector we know.
        if (!serviceUrls.IsAllowed(activity.ServiceUrl))
        {
            return "serviceUrl is not an allowed connector";
        }

        var tenantId = TeamsTurns.TenantOf(activity);
        if (check.Anonymous)
        {
            // Development only: still honour an allow-list when one is configured.
            var listed = Options.AllowedTenants.Count > 0 || Options.Bots.Any(b => !string.IsNullOrEmpty(b.TenantId));
            return !listed || Options.IsTenantAllowed(tenantId, Options.FindBotForTenant(tenantId)) ? null : "tenant not allowed";
        }

        if (string.IsNullOrEmpty(activity.ChannelId) || !check.Keys!.IsEndorsedFor(check.SigningKeyId, activity.ChannelId))
        {
            return "signing key is not endorsed for the activity's channel";
        }

        if (string.IsNullOrEmpty(check.ServiceUrlClaim))
        {
            return "missing serviceurl claim";
        }

        if (!string.Equals(check.ServiceUrlClaim, activity.ServiceUrl, StringComparison.OrdinalIgnoreCase))
        {
            return "serviceurl claim does not match the activity";
        }

        return Options.IsTenantAllowed(tenantId, Options.FindBot(check.AppId)) ? null : "tenant not allowed";
    }

    private Task<TokenValidationResult> ValidateAsync(string token, string[] audiences, TeamsSigningKeys signingKeys)
    {
        var parameters = new TokenValidationParameters
        {
            ValidIssuer = Options.TokenIssuer,
            ValidAudiences = audiences,
            IssuerSigningKeys = signingKeys.Keys,
            ValidAlgorithms = [SecurityAlgorithms.RsaSha256, SecurityAlgorithms.RsaSha384, SecurityAlgorithms.RsaSha512],
            ClockSkew = TeamsTokenCache.ClockSkew,
            RequireSignedTokens = true,
            RequireExpirationTime = true,
            ValidateIssuer = true,
            ValidateAudience = true,
            ValidateLifetime = true,
            LifetimeValidator = ValidateLifetime,
        };
        return Handler.ValidateTokenAsync(token, parameters);
    }

    /// <summary>Lifetime against the injected clock (5 minutes of skew either way), so tests can fix time.</summary>
    private bool ValidateLifetime(DateTime? notBefore, DateTime? expires, SecurityToken token, TokenValidationParameters parameters) =>
        TeamsTokenCache.IsCurrent(notBefore, expires, timeProvider.GetUtcNow().UtcDateTime);

    [LoggerMessage(EventId = 3101, Level = LogLevel.Warning, Message = "Teams signing keys could not be loaded")]
    private static partial void LogMetadataUnavailable(ILogger logger, Exception exception);
}
