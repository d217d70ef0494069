using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Serialization.Metadata;
using Microsoft.Extensions.Options;

namespace CoPBot.Bot.Slack;

/// <summary>The outcome of a Web API call: the response, or Slack's error code (and how long to wait after a 429).</summary>
internal sealed record SlackApiResult<T>(T? Response, string? Error, TimeSpan? RetryAfter = null)
    where T : SlackApiResponse
{
    public bool Ok => Error is null && Response is not null;

    public static SlackApiResult<T> Success(T response) => new(response, null);

    public static SlackApiResult<T> Failure(string error, TimeSpan? retryAfter = null) => new(null, error, retryAfter);
}

/// <summary>
/// A typed client for the Slack Web API methods CoPBot uses, with the workspace's bot token per call, each method's
/// rate-limit tier, and every ok:false logged with Slack's error code and returned as a failure, never swallowed. The
/// HttpClient's pipeline retries a 429 after its Retry-After (<see cref="SlackExtensions"/>); a longer wait comes back
/// to the caller as <see cref="SlackApiResult{T}.RetryAfter"/>.
/// </summary>
internal sealed partial class SlackWebApiClient(
    HttpClient http,
    SlackRateLimits rateLimits,
    SlackDirectChannels directChannels,
    IOptionsMonitor<SlackOptions> options,
    TimeProvider time,
    ILogger<SlackWebApiClient> logger)
{
    public const string RateLimitedError = "ratelimited";
    public const string NetworkError = "network_error";
    public const string InvalidResponseError = "invalid_response";

    /// <summary>
    /// Failures that say Slack did not take the request and may well take it later: no connection, throttled, its
    /// servers failing (an HTTP 5xx, internal_error, fatal_error, service_unavailable, request_timeout). An answer
    /// that came back unreadable is not one of them: the message may have been posted.
    /// </summary>
    public static bool IsTransient(string? error) =>
        error is NetworkError or RateLimitedError or "internal_error" or "fatal_error" or "service_unavailable" or "request_timeout"
        || (error is { Length: 8 } && error.StartsWith("http_5", StringComparison.Ordinal));

    public Task<SlackApiResult<ChatMessageResponse>> PostMessageAsync(SlackWorkspace workspace, ChatPostMessageRequest request, CancellationToken cancellationToken) =>
        PostJsonAsync(workspace, SlackMethods.ChatPostMessage, request, SlackJsonContext.Default.ChatPostMessageRequest, SlackJsonContext.Default.ChatMessageResponse, request.Channel, cancellationToken);

    public Task<SlackApiResult<ChatMessageResponse>> UpdateMessageAsync(SlackWorkspace workspace, ChatUpdateRequest request, CancellationToken cancellationToken) =>
        PostJsonAsync(workspace, SlackMethods.ChatUpdate, request, SlackJsonContext.Default.ChatUpdateRequest, SlackJsonContext.Default.ChatMessageResponse, null, cancellationToken);

    public Task<SlackApiResult<ChatMessageResponse>> PostEphemeralAsync(SlackWorkspace workspace, ChatPostEphemeralRequest request, CancellationToken cancellationToken) =>
        PostJsonAsync(workspace, SlackMethods.ChatPostEphemeral, request, SlackJsonContext.Default.ChatPostEphemeralRequest, SlackJsonContext.Default.ChatMessageResponse, null, cancellationToken);

    public Task<SlackApiResult<ViewResponse>> OpenViewAsync(SlackWorkspace workspace, ViewsOpenRequest request, CancellationToken cancellationToken) =>
        PostJsonAsync(workspace, SlackMethods.ViewsOpen, request, SlackJsonContext.Default.ViewsOpenRequest, SlackJsonContext.Default.ViewResponse, null, cancellationToken);

    public Task<SlackApiResult<ViewResponse>> UpdateViewAsync(SlackWorkspace workspace, ViewsUpdateRequest request, CancellationToken cancellationToken) =>
        PostJsonAsync(workspace, SlackMethods.ViewsUpdate, request, SlackJsonContext.Default.ViewsUpdateRequest, SlackJsonContext.Default.ViewResponse, null, cancellationToken);

    public Task<SlackApiResult<ViewResponse>> PublishViewAsync(SlackWorkspace workspace, ViewsPublishRequest request, CancellationToken cancellationToken) =>
        PostJsonAsync(workspace, SlackMethods.ViewsPublish, request, SlackJsonContext.Default.ViewsPublishRequest, SlackJsonContext.Default.ViewResponse, null, cancellationToken);

    /// <summary>The DM channel with a user, opened once and then cached per workspace and user.</summary>
    public async Task<SlackApiResult<ConversationsOpenResponse>> OpenDirectMessageAsync(SlackWorkspace workspace, string userId, CancellationToken cancellationToken)
    {
        var key = (workspace.AppId, workspace.TeamId, userId);
        if (directChannels.TryGet(key, out var cached))
        {
            return SlackApiResult<ConversationsOpenResponse>.Success(new ConversationsOpenResponse { Ok = true, Channel = new SlackChannelRef(cached) });
        }

        var result = await PostJsonAsync(workspace, SlackMethods.ConversationsOpen, new ConversationsOpenRequest(userId),
            SlackJsonContext.Default.ConversationsOpenRequest, SlackJsonContext.Default.ConversationsOpenResponse, null, cancellationToken);
        if (result.Ok && result.Response!.Channel?.Id is { Length: > 0 } channelId)
        {
            directChannels.Set(key, channelId);
        }
        else if (result.Ok)
        {
            return SlackApiResult<ConversationsOpenResponse>.Failure(InvalidResponseError);
        }

        return result;
    }

    /// <summary>Joins a public channel (the bot may post there from then on); a private one answers an error.</summary>
    public Task<SlackApiResult<ConversationsJoinResponse>> JoinConversationAsync(SlackWorkspace workspace, string channel, CancellationToken cancellationToken) =>
        PostJsonAsync(workspace, SlackMethods.ConversationsJoin, new ConversationsJoinRequest(channel),
            SlackJsonContext.Default.ConversationsJoinRequest, SlackJsonContext.Default.ConversationsJoinResponse, null, cancellationToken);

    /// <summary>A user's names and time zone (users.info is a read method: form/query arguments, not JSON).</summary>
    public Task<SlackApiResult<UsersInfoResponse>> GetUserAsync(SlackWorkspace workspace, string userId, CancellationToken cancellationToken) =>
        SendAsync(workspace, SlackMethods.UsersInfo, null, () =>
            new HttpRequestMessage(HttpMethod.Get, Url(SlackMethods.UsersInfo + "?user=" + Uri.EscapeDataString(userId))),
            SlackJsonContext.Default.UsersInfoResponse, cancellationToken);

    /// <summary>The workspace's own name (team.info, a read method), for an organization configuration did not name.</summary>
    public Task<SlackApiResult<TeamInfoResponse>> GetTeamAsync(SlackWorkspace workspace, CancellationToken cancellationToken) =>
        SendAsync(workspace, SlackMethods.TeamInfo, null, () =>
            new HttpRequestMessage(HttpMethod.Get, Url(SlackMethods.TeamInfo + "?team=" + Uri.EscapeDataString(workspace.TeamId))),
            SlackJsonContext.Default.TeamInfoResponse, cancellationToken);

    /// <summary>
    /// One page of a conversation's messages from <paramref name="oldest"/> (a Slack ts) on, newest first, with every
    /// message's metadata (include_all_metadata; without it the payloads are left out). A read method: query arguments.
    /// </summary>
    public Task<SlackApiResult<ConversationsHistoryResponse>> GetHistoryAsync(
        SlackWorkspace workspace, string channel, string oldest, int limit, string? cursor, CancellationToken cancellationToken)
    {
        var query = "?channel=" + Uri.EscapeDataString(channel)
            + "&oldest=" + Uri.EscapeDataString(oldest)
            + "&limit=" + limit.ToString(System.Globalization.CultureInfo.InvariantCulture)
            + "&include_all_metadata=true"
            + (string.IsNullOrEmpty(cursor) ? string.Empty : "&cursor=" + Uri.EscapeDataString(cursor));
        return SendAsync(workspace, SlackMethods.ConversationsHistory, null, () =>
            new HttpRequestMessage(HttpMethod.Get, Url(SlackMethods.ConversationsHistory + query)),
            SlackJsonContext.Default.ConversationsHistoryResponse, cancellationToken);
    }

    /// <summary>Posts to an interaction's response_url (no token: the URL is the credential, valid 30 minutes, 5 uses).</summary>
    public async Task<SlackApiResult<SlackApiResponse>> RespondAsync(Uri responseUrl, SlackResponseMessage message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(responseUrl);
        if (!IsSlackResponseUrl(responseUrl))
        {
            LogRefusedResponseUrl(logger);
            return SlackApiResult<SlackApiResponse>.Failure("invalid_response_url");
        }

        try
        {
            using var response = await http.PostAsJsonAsync(responseUrl, message, SlackJsonContext.Default.SlackResponseMessage, cancellationToken);
            LogAnswered(logger, "response_url", (int)response.StatusCode);
            if (response.IsSuccessStatusCode)
            {
                return SlackApiResult<SlackApiResponse>.Success(new SlackApiResponse { Ok = true });
            }

            var error = "http_" + ((int)response.StatusCode).ToString(System.Globalization.CultureInfo.InvariantCulture);
            LogFailure(logger, "response_url", error);
            return SlackApiResult<SlackApiResponse>.Failure(error, OutboundHttp.RetryAfter(response, time));
        }
        catch (HttpRequestException)
        {
            LogNetworkError(logger, "response_url");
            return SlackApiResult<SlackApiResponse>.Failure(NetworkError);
        }
    }

    /// <summary>response_url must be an https URL on slack.com: never post a user's reply anywhere else.</summary>
    public static bool IsSlackResponseUrl(Uri url) =>
        url.IsAbsoluteUri && url.Scheme == Uri.UriSchemeHttps
        && (url.Host.Equals("slack.com", StringComparison.OrdinalIgnoreCase) || url.Host.EndsWith(".slack.com", StringComparison.OrdinalIgnoreCase));

    private Task<SlackApiResult<TResponse>> PostJsonAsync<TRequest, TResponse>(
        SlackWorkspace workspace,
        string method,
        TRequest body,
        JsonTypeInfo<TRequest> requestType,
        JsonTypeInfo<TResponse> responseType,
        string? channel,
        CancellationToken cancellationToken)
        where TResponse : SlackApiResponse =>
        SendAsync(workspace, method, channel, () => new HttpRequestMessage(HttpMethod.Post, Url(method))
        {
            // JsonContent sends "application/json; charset=utf-8", which Slack asks for.
            Content = JsonContent.Create(body, requestType),
        }, responseType, cancellationToken);

    private async Task<SlackApiResult<TResponse>> SendAsync<TResponse>(
        SlackWorkspace workspace,
        string method,
        string? channel,
        Func<HttpRequestMessage> createRequest,
        JsonTypeInfo<TResponse> responseType,
        CancellationToken cancellationToken)
        where TResponse : SlackApiResponse
    {
        if (!await rateLimits.AcquireAsync(workspace, method, channel, cancellationToken))
        {
            LogFailure(logger, method, RateLimitedError);
            return SlackApiResult<TResponse>.Failure(RateLimitedError, TimeSpan.FromSeconds(60.0 / SlackRateLimits.PerMinute(method)));
        }

        using var request = createRequest();
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", workspace.BotToken);
        HttpResponseMessage response;
        try
        {
            response = await http.SendAsync(request, cancellationToken);
        }
        catch (HttpRequestException)
        {
            LogNetworkError(logger, method);
            return SlackApiResult<TResponse>.Failure(NetworkError);
        }

        using (response)
        {
            LogAnswered(logger, method, (int)response.StatusCode);
            if (response.StatusCode == HttpStatusCode.TooManyRequests)
            {
                var wait = OutboundHttp.RetryAfter(response, time) ?? TimeSpan.FromSeconds(1);
                LogRateLimitedGivingUp(logger, method, wait.TotalSeconds);
                return SlackApiResult<TResponse>.Failure(RateLimitedError, wait);
            }

            if (!response.IsSuccessStatusCode)
            {
                var error = "http_" + ((int)response.StatusCode).ToString(System.Globalization.CultureInfo.InvariantCulture);
                LogFailure(logger, method, error);
                return SlackApiResult<TResponse>.Failure(error);
            }

            var body = await BoundedBody.ReadJsonAsync(response.Content, responseType, cancellationToken);
            if (body is null)
            {
                LogFailure(logger, method, InvalidResponseError);
                return SlackApiResult<TResponse>.Failure(InvalidResponseError);
            }

            if (!body.Ok)
            {
                var error = string.IsNullOrEmpty(body.Error) ? "unknown_error" : body.Error;
                LogFailure(logger, method, error);
                return new SlackApiResult<TResponse>(body, error);
            }

            return SlackApiResult<TResponse>.Success(body);
        }
    }

    private Uri Url(string methodAndQuery)
    {
        var baseUrl = options.CurrentValue.ApiBaseUrl.ToString();
        return new Uri(baseUrl.EndsWith('/') ? baseUrl + methodAndQuery : baseUrl + "/" + methodAndQuery);
    }

    /// <summary>A failure for now is a warning (the caller tries again); any other is an error.</summary>
    private static void LogFailure(ILogger logger, string method, string error)
    {
        if (IsTransient(error))
        {
            LogTransientError(logger, method, error);
        }
        else
        {
            LogApiError(logger, method, error);
        }
    }

    [LoggerMessage(EventId = 4120, Level = LogLevel.Error, Message = "Slack {Method} failed: {Error}")]
    private static partial void LogApiError(ILogger logger, string method, string error);

    [LoggerMessage(EventId = 4505, Level = LogLevel.Warning, Message = "Slack {Method} failed for now: {Error}")]
    private static partial void LogTransientError(ILogger logger, string method, string error);

    [LoggerMessage(EventId = 4122, Level = LogLevel.Warning, Message = "Slack {Method} still rate limited after the retries; asked to wait {Seconds}s")]
    private static partial void LogRateLimitedGivingUp(ILogger logger, string method, double seconds);

    [LoggerMessage(EventId = 1420, Level = LogLevel.Debug, Message = "Slack {Method} answered {Status}")]
    private static partial void LogAnswered(ILogger logger, string method, int status);

    [LoggerMessage(EventId = 4123, Level = LogLevel.Error, Message = "Slack {Method} could not be reached")]
    private static partial void LogNetworkError(ILogger logger, string method);

    [LoggerMessage(EventId = 4124, Level = LogLevel.Error, Message = "Refused to post to a response_url outside slack.com")]
    private static partial void LogRefusedResponseUrl(ILogger logger);
}

/// <summary>
/// The bot token scopes CoPBot needs, each with its reason: one per Web API method the client calls (from each method's
/// reference page, docs.slack.dev/reference/methods/…), and those the app's features need. The manifest asks for
/// exactly these (a test holds it to that): a scope nothing uses is not requested.
/// </summary>
internal static class SlackScopes
{
    /// <summary>Method → scope; null where Slack asks for none (views.* work with any bot token and a trigger or user).</summary>
    public static IReadOnlyDictionary<string, string?> ByMethod { get; } = new Dictionary<string, string?>(StringComparer.Ordinal)
    {
        [SlackMethods.ChatPostMessage] = "chat:write",
        [SlackMethods.ChatUpdate] = "chat:write",
        [SlackMethods.ChatPostEphemeral] = "chat:write",
        [SlackMethods.ConversationsOpen] = "im:write",
        [SlackMethods.ConversationsHistory] = "im:history",
        [SlackMethods.ConversationsJoin] = "channels:join",
        [SlackMethods.UsersInfo] = "users:read",
        [SlackMethods.TeamInfo] = "team:read",
        [SlackMethods.ViewsOpen] = null,
        [SlackMethods.ViewsUpdate] = null,
        [SlackMethods.ViewsPublish] = null,
    };

    /// <summary>Feature → scope: the /cop command, @CoPBot mentions in channels, and direct messages (message.im).</summary>
    public static IReadOnlyDictionary<string, string> ByFeature { get; } = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["slash_command"] = "commands",
        ["app_mention"] = "app_mentions:read",
        ["message.im"] = "im:history",
    };

    /// <summary>Every scope CoPBot needs, sorted.</summary>
    public static IReadOnlyList<string> All { get; } =
        ByMethod.Values.OfType<string>().Concat(ByFeature.Values).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
}

/// <summary>DM channel ids never change for a pair of workspace and user: conversations.open once, then cached.</summary>
internal sealed class SlackDirectChannels
{
    private const int Capacity = 50_000;
    private readonly System.Collections.Concurrent.ConcurrentDictionary<(string App, string Team, string User), string> channels = new();

    public bool TryGet((string App, string Team, string User) key, out string channelId) =>
        channels.TryGetValue(key, out channelId!);

    public void Set((string App, string Team, string User) key, string channelId)
    {
        if (channels.Count >= Capacity)
        {
            channels.Clear();
        }

        channels[key] = channelId;
    }
}
