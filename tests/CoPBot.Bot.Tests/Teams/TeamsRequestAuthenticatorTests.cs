using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.IdentityModel.Tokens;

namespace CoPBot.Bot.Tests.Teams;

/// <summary>
/// Inbound authentication through the real endpoint: one valid token, then tokens with exactly one thing wrong.
/// Every rejection is a 401 and leaves the router and the address book untouched.
/// </summary>
public sealed class TeamsRequestAuthenticatorTests
{
    private const string ServiceUrl = "https://smba.trafficmanager.net/amer/";

    [Fact]
    public async Task PostMessages_ValidToken_Returns200AndRoutesTheTurn()
    {
        using var host = new TeamsTestHost();
        var response = await PostAsync(host, host.Mint(ServiceUrl));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var turn = Assert.Single(host.Router.Turns);
        Assert.Equal("hello", turn.Text);
        Assert.Single(host.Connector.Requests);
    }

    [Fact]
    public async Task PostMessages_ServiceUrlClaimDiffersOnlyInCase_Returns200()
    {
        using var host = new TeamsTestHost();
        var response = await PostAsync(host, host.Mint(ServiceUrl.ToUpperInvariant()));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task PostMessages_TokenExpiredBeyondSkew_Returns401()
    {
        using var host = new TeamsTestHost();
        await AssertRejectedAsync(host, host.Mint(ServiceUrl, (a, now) =>
            a.Mint(now, TeamsTestHost.BotAppId, ServiceUrl, expiresIn: TimeSpan.FromMinutes(-6), notBeforeOffset: TimeSpan.FromMinutes(-60))));
    }

    [Fact]
    public async Task PostMessages_TokenExpiredWithinSkew_Returns200()
    {
        using var host = new TeamsTestHost();
        var response = await PostAsync(host, host.Mint(ServiceUrl, (a, now) =>
            a.Mint(now, TeamsTestHost.BotAppId, ServiceUrl, expiresIn: TimeSpan.FromMinutes(-4), notBeforeOffset: TimeSpan.FromMinutes(-60))));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task PostMessages_SameTokenAgainAfterItExpired_Returns401()
    {
        // The first request's check is kept for the token's lifetime, and not a moment past it (issue 11).
        using var host = new TeamsTestHost();
        var token = host.Mint(ServiceUrl, (a, now) => a.Mint(now, TeamsTestHost.BotAppId, ServiceUrl, expiresIn: TimeSpan.FromMinutes(10)));
        Assert.Equal(HttpStatusCode.OK, (await PostAsync(host, token)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await PostAsync(host, token)).StatusCode);

        host.Time.Advance(TimeSpan.FromMinutes(16));

        Assert.Equal(HttpStatusCode.Unauthorized, (await PostAsync(host, token)).StatusCode);
        Assert.Equal(2, host.Router.Turns.Count);
    }

    [Fact]
    public async Task PostMessages_TokenNotYetValid_Returns401()
    {
        using var host = new TeamsTestHost();
        await AssertRejectedAsync(host, host.Mint(ServiceUrl, (a, now) =>
            a.Mint(now, TeamsTestHost.BotAppId, ServiceUrl, notBeforeOffset: TimeSpan.FromMinutes(6), expiresIn: TimeSpan.FromMinutes(60))));
    }

    [Fact]
    public async Task PostMessages_WrongAudience_Returns401()
    {
        using var host = new TeamsTestHost();
        await AssertRejectedAsync(host, host.Mint(ServiceUrl, (a, now) => a.Mint(now, "11111111-2222-3333-4444-555555555555", ServiceUrl)));
    }

    [Fact]
    public async Task PostMessages_WrongIssuer_Returns401()
    {
        using var host = new TeamsTestHost();
        await AssertRejectedAsync(host, host.Mint(ServiceUrl, (a, now) =>
            a.Mint(now, TeamsTestHost.BotAppId, ServiceUrl, issuer: "https://sts.windows.net/72f988bf-86f1-41af-91ab-2d7cd011db47/")));
    }

    [Fact]
    public async Task PostMessages_UnknownSigningKey_Returns401()
    {
        using var host = new TeamsTestHost();
        await AssertRejectedAsync(host, host.Mint(ServiceUrl, (a, now) =>
            a.Mint(now, TeamsTestHost.BotAppId, ServiceUrl, keyId: TeamsTestAuthority.UnpublishedKeyId)));
    }

    [Fact]
    public async Task PostMessages_KeyNotEndorsedForMsteams_Returns401()
    {
        using var host = new TeamsTestHost();
        await AssertRejectedAsync(host, host.Mint(ServiceUrl, (a, now) =>
            a.Mint(now, TeamsTestHost.BotAppId, ServiceUrl, keyId: TeamsTestAuthority.UnendorsedKeyId)));
    }

    [Fact]
    public async Task PostMessages_HmacSignedToken_Returns401()
    {
        using var host = new TeamsTestHost();
        await AssertRejectedAsync(host, host.Mint(ServiceUrl, (_, now) => TeamsTestAuthority.MintHmac(now, TeamsTestHost.BotAppId, ServiceUrl)));
    }

    [Fact]
    public async Task PostMessages_Rs512SignedToken_Returns200()
    {
        using var host = new TeamsTestHost();
        var response = await PostAsync(host, host.Mint(ServiceUrl, (a, now) =>
            a.Mint(now, TeamsTestHost.BotAppId, ServiceUrl, algorithm: SecurityAlgorithms.RsaSha512)));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task PostMessages_ServiceUrlClaimMismatch_Returns401()
    {
        using var host = new TeamsTestHost();
        await AssertRejectedAsync(host, host.Mint("https://attacker.example/"));
    }

    [Fact]
    public async Task PostMessages_ServiceUrlClaimMissing_Returns401()
    {
        using var host = new TeamsTestHost();
        await AssertRejectedAsync(host, host.Mint(ServiceUrl, (a, now) => a.Mint(now, TeamsTestHost.BotAppId, serviceUrl: null)));
    }

    [Fact]
    public async Task PostMessages_NoAuthorizationHeader_Returns401()
    {
        using var host = new TeamsTestHost();
        await AssertRejectedAsync(host, authorization: null);
    }

    [Theory]
    [InlineData("Basic dXNlcjpwYXNz")]
    [InlineData("Bearer")]
    [InlineData("Bearer not.a.jwt")]
    [InlineData("bearer-token-without-scheme")]
    public async Task PostMessages_MalformedAuthorizationHeader_Returns401(string header)
    {
        using var host = new TeamsTestHost();
        await AssertRejectedAsync(host, rawAuthorization: header);
    }

    [Fact]
    public async Task PostMessages_LowercaseBearerScheme_Returns401()
    {
        using var host = new TeamsTestHost();
        await AssertRejectedAsync(host, rawAuthorization: "bearer " + host.Mint(ServiceUrl));
    }

    [Fact]
    public async Task PostMessages_TenantNotAllowed_Returns401()
    {
        using var host = new TeamsTestHost();
        await AssertRejectedAsync(host, host.Mint(ServiceUrl), tenantId: "99999999-9999-9999-9999-999999999999");
    }

    [Fact]
    public async Task PostMessages_NoTokenInDevelopmentWithAnonymousAllowed_Returns200()
    {
        using var host = new TeamsTestHost(anonymous: true);
        var response = await PostAsync(host, authorization: null);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Single(host.Router.Turns);
    }

    [Fact]
    public async Task PostMessages_BadTokenInDevelopmentWithAnonymousAllowed_Returns401()
    {
        using var host = new TeamsTestHost(anonymous: true);
        await AssertRejectedAsync(host, host.Mint("https://attacker.example/"));
    }

    [Fact]
    public async Task PostMessages_NoTokenInProductionWithoutAnonymous_Returns401()
    {
        using var host = new TeamsTestHost(environment: "Production");
        await AssertRejectedAsync(host, authorization: null);
    }

    [Fact]
    public async Task PostMessages_BodyOverLimit_Returns413()
    {
        using var host = new TeamsTestHost();
        var activity = Activity();
        activity["text"] = new string('x', 70_000);

        var response = await PostAsync(host, host.Mint(ServiceUrl), body: activity.ToJsonString());

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Empty(host.Router.Turns);
    }

    [Fact]
    public async Task PostMessages_MalformedJsonWithValidToken_Returns400()
    {
        using var host = new TeamsTestHost();
        var response = await PostAsync(host, host.Mint(ServiceUrl), body: "{\"type\":\"message\",");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Empty(host.Router.Turns);
    }

    [Fact]
    public async Task PostMessages_MalformedJsonWithoutToken_Returns401()
    {
        using var host = new TeamsTestHost();
        await AssertRejectedAsync(host, authorization: null, body: "not json");
    }

    internal static JsonObject Activity(string tenantId = TeamsTestHost.TenantId) => new()
    {
        ["type"] = "message",
        ["id"] = "1485983408511",
        ["serviceUrl"] = ServiceUrl,
        ["channelId"] = "msteams",
        ["from"] = new JsonObject { ["id"] = "29:user", ["name"] = "Megan Bowen", ["aadObjectId"] = "7faf8ab2-3d56-4244-b585-20c8a42ed2b8" },
        ["conversation"] = new JsonObject { ["conversationType"] = "personal", ["id"] = "a:personal-conversation", ["tenantId"] = tenantId },
        ["recipient"] = new JsonObject { ["id"] = "28:" + TeamsTestHost.BotAppId, ["name"] = "CoPBot" },
        ["text"] = "hello",
        ["channelData"] = new JsonObject { ["tenant"] = new JsonObject { ["id"] = tenantId } },
    };

    private static async Task<HttpResponseMessage> PostAsync(
        TeamsTestHost host, string? authorization, string? rawAuthorization = null, string? body = null, string tenantId = TeamsTestHost.TenantId)
    {
        using var client = host.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/messages")
        {
            Content = new StringContent(body ?? Activity(tenantId).ToJsonString(), Encoding.UTF8, "application/json"),
        };
        if (rawAuthorization is not null)
        {
            request.Headers.TryAddWithoutValidation("Authorization", rawAuthorization);
        }
        else if (authorization is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", authorization);
        }

        return await client.SendAsync(request, TestContext.Current.CancellationToken);
    }

    private static async Task AssertRejectedAsync(
        TeamsTestHost host, string? authorization = null, string? rawAuthorization = null, string? body = null, string tenantId = TeamsTestHost.TenantId)
    {
        var response = await PostAsync(host, authorization, rawAuthorization, body, tenantId);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Empty(host.Router.Turns);
        Assert.Equal(0, host.AddressBook.Writes);
        Assert.Empty(host.Connector.Requests);
    }
}
