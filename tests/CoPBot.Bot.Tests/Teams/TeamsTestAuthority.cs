using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace CoPBot.Bot.Tests.Teams;

/// <summary>
/// A local stand-in for the Bot Framework token service: RSA keys, a JWKS with endorsements, the metadata document
/// (served by an HttpMessageHandler at the configured metadata URL), and tokens minted like the channel's.
/// </summary>
internal sealed class TeamsTestAuthority : IDisposable
{
    public const string MetadataUrl = "https://login.copbot.test/v1/.well-known/openidconfiguration";
    public const string JwksUrl = "https://login.copbot.test/v1/.well-known/keys";
    public const string Issuer = "https://api.botframework.com";
    public const string EndorsedKeyId = "key-msteams";
    public const string UnendorsedKeyId = "key-other-channel";
    public const string UnpublishedKeyId = "key-unpublished";

    // Generated once per test run: RSA key generation is the slow part of each test, and no test mutates a key.
    private static readonly RSA SharedEndorsed = RSA.Create(2048);
    private static readonly RSA SharedUnendorsed = RSA.Create(2048);
    private static readonly RSA SharedUnpublished = RSA.Create(2048);

    private readonly RSA endorsed = SharedEndorsed;
    private readonly RSA unendorsed = SharedUnendorsed;
    private readonly RSA unpublished = SharedUnpublished;

    public int MetadataRequests { get; private set; }

    public HttpMessageHandler Handler => new MetadataHandler(this);

    public string Mint(
        DateTimeOffset now,
        string audience,
        string? serviceUrl,
        string issuer = Issuer,
        string keyId = EndorsedKeyId,
        TimeSpan? expiresIn = null,
        TimeSpan? notBeforeOffset = null,
        string algorithm = SecurityAlgorithms.RsaSha256)
    {
        var rsa = keyId switch
        {
            EndorsedKeyId => endorsed,
            UnendorsedKeyId => unendorsed,
            _ => unpublished,
        };
        var claims = new Dictionary<string, object>();
        if (serviceUrl is not null)
        {
            claims["serviceurl"] = serviceUrl;
        }

        var descriptor = new SecurityTokenDescriptor
        {
            Issuer = issuer,
            Audience = audience,
            Claims = claims,
            IssuedAt = now.UtcDateTime.AddMinutes(-1),
            NotBefore = now.UtcDateTime + (notBeforeOffset ?? TimeSpan.FromMinutes(-1)),
            Expires = now.UtcDateTime + (expiresIn ?? TimeSpan.FromMinutes(30)),
            SigningCredentials = new SigningCredentials(new RsaSecurityKey(rsa) { KeyId = keyId }, algorithm),
        };
        return new JsonWebTokenHandler { SetDefaultTimesOnTokenCreation = false }.CreateToken(descriptor);
    }

    /// <summary>A token signed with HMAC: the algorithm is not one the channel uses, so it must be refused.</summary>
    public static string MintHmac(DateTimeOffset now, string audience, string serviceUrl)
    {
        var key = new SymmetricSecurityKey(Encoding.UTF8.GetBytes("0123456789abcdef0123456789abcdef")) { KeyId = EndorsedKeyId };
        return new JsonWebTokenHandler { SetDefaultTimesOnTokenCreation = false }.CreateToken(new SecurityTokenDescriptor
        {
            Issuer = Issuer,
            Audience = audience,
            Claims = new Dictionary<string, object> { ["serviceurl"] = serviceUrl },
            NotBefore = now.UtcDateTime.AddMinutes(-1),
            Expires = now.UtcDateTime.AddMinutes(30),
            SigningCredentials = new SigningCredentials(key, SecurityAlgorithms.HmacSha256),
        });
    }

    public void Dispose()
    {
        // The keys are shared by every test in the run and live as long as the process.
    }

    private static JsonObject Jwk(RSA rsa, string keyId, params string[] endorsements)
    {
        var jwk = JsonWebKeyConverter.ConvertFromRSASecurityKey(new RsaSecurityKey(rsa.ExportParameters(false)) { KeyId = keyId });
        return new JsonObject
        {
            ["kty"] = "RSA",
            ["use"] = "sig",
            ["kid"] = keyId,
            ["n"] = jwk.N,
            ["e"] = jwk.E,
            ["endorsements"] = new JsonArray([.. endorsements.Select(e => JsonValue.Create(e))]),
        };
    }

    private sealed class MetadataHandler(TeamsTestAuthority authority) : HttpMessageHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            JsonNode? body = request.RequestUri?.AbsoluteUri switch
            {
                MetadataUrl => new JsonObject
                {
                    ["issuer"] = Issuer,
                    ["authorization_endpoint"] = "https://invalid.botframework.com",
                    ["jwks_uri"] = JwksUrl,
                    ["id_token_signing_alg_values_supported"] = new JsonArray("RS256"),
                    ["token_endpoint_auth_methods_supported"] = new JsonArray("private_key_jwt"),
                },
                JwksUrl => new JsonObject
                {
                    ["keys"] = new JsonArray(
                        Jwk(authority.endorsed, EndorsedKeyId, "msteams", "webchat"),
                        Jwk(authority.unendorsed, UnendorsedKeyId, "skype")),
                },
                _ => null,
            };
            authority.MetadataRequests++;
            return Task.FromResult(body is null
                ? new HttpResponseMessage(HttpStatusCode.NotFound)
                : new HttpResponseMessage(HttpStatusCode.OK) { Content = new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json") });
        }
    }
}
