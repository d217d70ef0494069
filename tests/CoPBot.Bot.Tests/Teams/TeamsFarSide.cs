using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using CoPBot.Bot;
using CoPBot.Bot.Teams;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace CoPBot.Bot.Tests.Teams;

/// <summary>
/// Everything on Microsoft's side of the wire, faked: the token service (metadata, keys, minted channel tokens), the
/// bot's own token provider, the connector, and the clock its retries wait on. Shared by the endpoint test host (with a
/// fake router) and the end-to-end host (with the real one).
/// </summary>
internal sealed class TeamsFarSide : IDisposable
{
    public const string BotAppId = "00000000-0000-0000-0000-00000000b0t1";

    public TeamsTestAuthority Authority { get; } = new();

    public RecordingConnector Connector { get; } = new();

    public FakeTokenProvider Tokens { get; } = new();

    /// <summary>The retry pipeline's clock: records each wait and ends it at once.</summary>
    public RecordingRetryClock RetryClock { get; } = new();

    public List<TimeSpan> Delays => RetryClock.Waits;

    /// <summary>Replaces the outbound pieces of the Teams adapter with the fakes (call from ConfigureTestServices).</summary>
    public void Replace(IServiceCollection services)
    {
        services.AddSingleton<ITeamsTokenProvider>(Tokens);
        services.AddKeyedSingleton<TimeProvider>(OutboundHttp.RetryClockKey, RetryClock);
        services.AddHttpClient(TeamsSetup.OpenIdHttpClientName).ConfigurePrimaryHttpMessageHandler(() => Authority.Handler);
        services.AddHttpClient(TeamsConnectorClient.HttpClientName).ConfigurePrimaryHttpMessageHandler(() => Connector);
    }

    /// <summary>A channel token for this bot, minted at the fake clock's time, as the Bot Framework would send it.</summary>
    public string Mint(FakeTimeProvider time, string serviceUrl) => Authority.Mint(time.GetUtcNow(), BotAppId, serviceUrl);

    /// <summary>POSTs an activity to /api/messages with the given bearer token (none when null).</summary>
    public static Task<HttpResponseMessage> PostAsync(HttpClient client, JsonObject activity, string? token)
    {
        ArgumentNullException.ThrowIfNull(activity);
        return PostAsync(client, Encoding.UTF8.GetBytes(activity.ToJsonString()), token);
    }

    /// <summary>POSTs raw bytes (any JSON, or none) to /api/messages with the given bearer token.</summary>
    public static async Task<HttpResponseMessage> PostAsync(HttpClient client, byte[] body, string? token)
    {
        ArgumentNullException.ThrowIfNull(client);
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/messages") { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json") { CharSet = "utf-8" };
        if (token is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        return await client.SendAsync(request, TestContext.Current.CancellationToken);
    }

    public void Dispose()
    {
        Authority.Dispose();
        Connector.Dispose();
    }
}
