using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Serialization.Metadata;

namespace CoPBot.Bot.Teams;

/// <summary>A connector call that failed for good (after retries), with what the connector said.</summary>
internal sealed class TeamsConnectorException(HttpStatusCode? status, string message, TimeSpan? retryAfter = null, Exception? inner = null, bool refused = false)
    : Exception(message, inner)
{
    public HttpStatusCode? StatusCode { get; } = status;

    /// <summary>Set when the connector throttled us for longer than we are willing to wait in-line.</summary>
    public TimeSpan? RetryAfter { get; } = retryAfter;

    /// <summary>The user or conversation is gone, the bot was removed, or the address is refused: trying again cannot help.</summary>
    public bool Permanent => refused || StatusCode is HttpStatusCode.Forbidden or HttpStatusCode.NotFound or HttpStatusCode.Gone;
}

/// <summary>
/// The Bot Connector REST API (v3) as CoPBot uses it: reply, send, start a conversation, update, delete, members.
/// Requests carry the bot's own token (client credentials), only to allowed connectors; the HttpClient's pipeline
/// retries 429/412/502/504 and unreachable connectors, honouring Retry-After (<see cref="TeamsSetup"/>).
/// See https://learn.microsoft.com/azure/bot-service/rest-api/bot-framework-rest-connector-api-reference
/// </summary>
internal sealed partial class TeamsConnectorClient(
    HttpClient http,
    ITeamsTokenProvider tokens,
    TeamsServiceUrls serviceUrls,
    TimeProvider clock,
    ILogger<TeamsConnectorClient> logger)
{
    public const string HttpClientName = "CoPBot.Teams.Connector";

    /// <summary>POST /v3/conversations/{conversationId}/activities/{activityId}: a reply (in channels, into the thread).</summary>
    public async Task<ResourceResponse> ReplyToActivityAsync(string serviceUrl, string conversationId, string activityId, TeamsActivity activity, string? appId, CancellationToken cancellationToken) =>
        await SendAsync(HttpMethod.Post, serviceUrl, $"v3/conversations/{Escape(conversationId)}/activities/{Escape(activityId)}", conversationId,
            activity, TeamsJsonContext.Default.TeamsActivity, TeamsJsonContext.Default.ResourceResponse, appId, cancellationToken)
        ?? new ResourceResponse(null);

    /// <summary>
    /// POST /v3/conversations/{conversationId}/activities: a new message (in a channel, a new thread). With
    /// <paramref name="paceForTenant"/> (a proactive send) it counts against that tenant's per-app limit
    /// (<see cref="TeamsTenantLimitHandler"/>); so do the two calls below.
    /// </summary>
    public async Task<ResourceResponse> SendToConversationAsync(string serviceUrl, string conversationId, TeamsActivity activity, string? appId, CancellationToken cancellationToken, string? paceForTenant = null) =>
        await SendAsync(HttpMethod.Post, serviceUrl, $"v3/conversations/{Escape(conversationId)}/activities", conversationId,
            activity, TeamsJsonContext.Default.TeamsActivity, TeamsJsonContext.Default.ResourceResponse, appId, cancellationToken, paceForTenant)
        ?? new ResourceResponse(null);

    /// <summary>POST /v3/conversations: start (or find) the 1:1 chat with a user, or a new thread in a channel.</summary>
    public async Task<ConversationResourceResponse> CreateConversationAsync(string serviceUrl, ConversationParameters parameters, string? appId, CancellationToken cancellationToken, string? paceForTenant = null) =>
        await SendAsync(HttpMethod.Post, serviceUrl, "v3/conversations", null,
            parameters, TeamsJsonContext.Default.ConversationParameters, TeamsJsonContext.Default.ConversationResourceResponse, appId, cancellationToken, paceForTenant)
        ?? throw new TeamsConnectorException(null, "The connector created a conversation but returned no id.");

    /// <summary>PUT /v3/conversations/{conversationId}/activities/{activityId}: change a posted message (a card in place).</summary>
    public async Task<ResourceResponse> UpdateActivityAsync(string serviceUrl, string conversationId, string activityId, TeamsActivity activity, string? appId, CancellationToken cancellationToken, string? paceForTenant = null) =>
        await SendAsync(HttpMethod.Put, serviceUrl, $"v3/conversations/{Escape(conversationId)}/activities/{Escape(activityId)}", conversationId,
            activity with { Id = activityId }, TeamsJsonContext.Default.TeamsActivity, TeamsJsonContext.Default.ResourceResponse, appId, cancellationToken, paceForTenant)
        ?? new ResourceResponse(activityId);

    /// <summary>DELETE /v3/conversations/{conversationId}/activities/{activityId}.</summary>
    public Task DeleteActivityAsync(string serviceUrl, string conversationId, string activityId, string? appId, CancellationToken cancellationToken) =>
        SendAsync<ResourceResponse, ResourceResponse>(HttpMethod.Delete, serviceUrl, $"v3/conversations/{Escape(conversationId)}/activities/{Escape(activityId)}", conversationId,
            null, null, null, appId, cancellationToken);

    /// <summary>GET /v3/conversations/{conversationId}/members.</summary>
    public async Task<IReadOnlyList<TeamsChannelAccount>> GetMembersAsync(string serviceUrl, string conversationId, string? appId, CancellationToken cancellationToken) =>
        await SendAsync<ResourceResponse, IReadOnlyList<TeamsChannelAccount>>(HttpMethod.Get, serviceUrl, $"v3/conversations/{Escape(conversationId)}/members", conversationId,
            null, null, TeamsJsonContext.Default.IReadOnlyListTeamsChannelAccount, appId, cancellationToken)
        ?? [];

    private async Task<TResponse?> SendAsync<TBody, TResponse>(
        HttpMethod method,
        string serviceUrl,
        string path,
        string? conversationId,
        TBody? body,
        JsonTypeInfo<TBody>? bodyType,
        JsonTypeInfo<TResponse>? responseType,
        string? appId,
        CancellationToken cancellationToken,
        string? paceForTenant = null)
        where TResponse : class
    {
        var uri = ResolveUri(serviceUrl, path);
        using var request = new HttpRequestMessage(method, uri);
        if (paceForTenant is { Length: > 0 })
        {
            request.Options.Set(TeamsTenantLimitHandler.Tenant, paceForTenant);
        }

        if (body is not null && bodyType is not null)
        {
            request.Content = JsonContent.Create(body, bodyType, new MediaTypeHeaderValue("application/json") { CharSet = "utf-8" });
        }

        if (conversationId is not null)
        {
            request.Headers.TryAddWithoutValidation("x-ms-conversation-id", conversationId);
        }

        var token = await tokens.GetTokenAsync(appId, cancellationToken);
        if (token is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        HttpResponseMessage response;
        try
        {
            response = await http.SendAsync(request, cancellationToken);
        }
        catch (HttpRequestException exception)
        {
            LogUnreachable(logger, method.Method);
            throw new TeamsConnectorException(null, $"The connector could not be reached ({method} {path}).", null, exception);
        }

        using (response)
        {
            var status = response.StatusCode;
            LogAnswered(logger, method.Method, (int)status);
            if (response.IsSuccessStatusCode)
            {
                // A success without a readable body (some connectors answer 200 with nothing) is still a success.
                return responseType is null || status == HttpStatusCode.NoContent
                    ? null
                    : await BoundedBody.ReadJsonAsync(response.Content, responseType, cancellationToken);
            }

            var retryAfter = OutboundHttp.RetryAfter(response, clock);
            var code = (await BoundedBody.ReadJsonAsync(response.Content, TeamsJsonContext.Default.ErrorResponse, cancellationToken))?.Error?.Code;
            LogFailed(logger, method.Method, (int)status, code ?? "");
            throw new TeamsConnectorException(
                status,
                $"The connector answered {(int)status} {status} to {method} {path}{(code is null ? "" : $" ({code})")}.",
                retryAfter);
        }
    }

    private Uri ResolveUri(string serviceUrl, string path)
    {
        // Checked before any token is fetched: the bot's token goes to allowed connectors only.
        if (!serviceUrls.IsAllowed(serviceUrl))
        {
            LogRefusedServiceUrl(logger);
            throw new TeamsConnectorException(null, "The conversation's service URL is not an allowed connector.", refused: true);
        }

        if (!Uri.TryCreate(serviceUrl.EndsWith('/') ? serviceUrl : serviceUrl + "/", UriKind.Absolute, out var baseUri)
            || (baseUri.Scheme != Uri.UriSchemeHttps && baseUri.Scheme != Uri.UriSchemeHttp))
        {
            throw new TeamsConnectorException(null, "The conversation's service URL is not an absolute http(s) URL.");
        }

        return new Uri(baseUri, path);
    }

    private static string Escape(string value) => Uri.EscapeDataString(value);

    [LoggerMessage(EventId = 1402, Level = LogLevel.Debug, Message = "Teams connector {Method} answered {Status}")]
    private static partial void LogAnswered(ILogger logger, string method, int status);

    [LoggerMessage(EventId = 1403, Level = LogLevel.Warning, Message = "Teams connector {Method} could not be reached")]
    private static partial void LogUnreachable(ILogger logger, string method);

    [LoggerMessage(EventId = 1401, Level = LogLevel.Warning, Message = "Teams connector call refused: the service URL is not on the allow-list (Teams:AllowedServiceUrls)")]
    private static partial void LogRefusedServiceUrl(ILogger logger);

    [LoggerMessage(EventId = 3202, Level = LogLevel.Warning, Message = "Teams connector {Method} failed with {Status} {Code}")]
    private static partial void LogFailed(ILogger logger, string method, int status, string code);
}
