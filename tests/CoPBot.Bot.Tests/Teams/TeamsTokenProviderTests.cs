using System.Collections.Concurrent;
using System.Net;
using System.Text;
using CoPBot.Bot.Teams;
using Microsoft.Extensions.Options;

namespace CoPBot.Bot.Tests.Teams;

/// <summary>The bot's own tokens through the real MSAL client, against a local login authority.</summary>
public sealed class TeamsTokenProviderTests
{
    [Fact]
    public async Task GetTokenAsync_ConfiguredAuthority_AsksOnlyThatAuthorityWithoutInstanceDiscovery()
    {
        var login = new FakeLoginAuthority();
        var options = Options.Create(new TeamsOptions
        {
            LoginAuthority = FakeLoginAuthority.Authority,
            Bots = [new TeamsBotRegistration { AppId = TeamsFarSide.BotAppId, TenantId = TeamsTestHost.TenantId, ClientSecret = "client-secret-for-test" }],
        });
        using var provider = new MsalTeamsTokenProvider(options, login, Microsoft.Extensions.Logging.Abstractions.NullLogger<MsalTeamsTokenProvider>.Instance);

        var token = await provider.GetTokenAsync("28:" + TeamsFarSide.BotAppId, TestContext.Current.CancellationToken);

        Assert.Equal(FakeLoginAuthority.AccessToken, token);
        Assert.NotEmpty(login.Requests);
        Assert.All(login.Requests, uri => Assert.Equal(FakeLoginAuthority.Host, uri.Host));
        Assert.DoesNotContain(login.Requests, uri => uri.AbsolutePath.Contains("discovery", StringComparison.OrdinalIgnoreCase));
        Assert.Contains(login.Requests, uri => uri.AbsolutePath == $"/{TeamsTestHost.TenantId}/oauth2/v2.0/token");
    }
}

/// <summary>
/// A login authority (Entra ID's token endpoint) behind HttpMessageHandlers it hands out, for the MSAL client's
/// IHttpClientFactory or a named client: it records each request's address and issues a client-credentials token.
/// </summary>
internal sealed class FakeLoginAuthority : IHttpClientFactory
{
    public const string Host = "login.sovereign.copbot.test";
    public const string Authority = "https://" + Host + "/{tenant}";
    public const string AccessToken = "bot-access-token-from-the-fake-login";

    private readonly ConcurrentQueue<Uri> requests = new();

    public IReadOnlyList<Uri> Requests => [.. requests];

    /// <summary>When set, the token endpoint answers this status with an error body (the login service failing).</summary>
    public HttpStatusCode? FailWith { get; set; }

    public HttpClient CreateClient(string name) => new(CreateHandler());

    public HttpMessageHandler CreateHandler() => new Handler(this);

    private sealed class Handler(FakeLoginAuthority authority) : HttpMessageHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            authority.requests.Enqueue(request.RequestUri!);
            if (authority.FailWith is { } failure)
            {
                var error = """{"error":"temporarily_unavailable","error_description":"The service is temporarily unavailable."}""";
                return Task.FromResult(new HttpResponseMessage(failure) { Content = new StringContent(error, Encoding.UTF8, "application/json") });
            }

            if (request.RequestUri!.Host == Host && request.RequestUri.AbsolutePath.EndsWith("/oauth2/v2.0/token", StringComparison.Ordinal))
            {
                var json = $$"""{"token_type":"Bearer","expires_in":3599,"ext_expires_in":3599,"access_token":"{{AccessToken}}"}""";
                return Task.FromResult(new HttpResponseMessage(HttpStatusCode.OK) { Content = new StringContent(json, Encoding.UTF8, "application/json") });
            }

            return Task.FromResult(new HttpResponseMessage(HttpStatusCode.NotFound));
        }
    }
}
