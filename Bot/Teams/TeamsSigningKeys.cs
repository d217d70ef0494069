using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.IdentityModel.Protocols;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;
using Microsoft.IdentityModel.Tokens;

namespace CoPBot.Bot.Teams;

/// <summary>
/// The channel's signing keys and, per key id, the channels each key may sign for ("endorsements"), which a
/// plain OpenID configuration drops. Fetched and cached by a <see cref="ConfigurationManager{T}"/> like the SDK does.
/// </summary>
internal sealed record TeamsSigningKeys(
    string? Issuer,
    IReadOnlyList<SecurityKey> Keys,
    IReadOnlyDictionary<string, IReadOnlyList<string>> Endorsements)
{
    public bool IsEndorsedFor(string? keyId, string channelId) =>
        keyId is not null
        && Endorsements.TryGetValue(keyId, out var channels)
        && channels.Contains(channelId, StringComparer.OrdinalIgnoreCase);
}

/// <summary>Reads the metadata document, then its <c>jwks_uri</c>, through the configured document retriever.</summary>
internal sealed class TeamsSigningKeysRetriever : IConfigurationRetriever<TeamsSigningKeys>
{
    public async Task<TeamsSigningKeys> GetConfigurationAsync(string address, IDocumentRetriever retriever, CancellationToken cancel)
    {
        ArgumentNullException.ThrowIfNull(retriever);
        var metadata = OpenIdConnectConfiguration.Create(await retriever.GetDocumentAsync(address, cancel));
        if (string.IsNullOrEmpty(metadata.JwksUri))
        {
            throw new InvalidOperationException("The OpenID metadata document has no jwks_uri.");
        }

        var jwksJson = await retriever.GetDocumentAsync(metadata.JwksUri, cancel);
        var keySet = new JsonWebKeySet(jwksJson) { SkipUnresolvedJsonWebKeys = true };
        var endorsements = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);
        var document = JsonSerializer.Deserialize(jwksJson, JwksJsonContext.Default.JwksDocument);
        foreach (var key in document?.Keys ?? [])
        {
            if (key.Kid is not null)
            {
                endorsements[key.Kid] = key.Endorsements ?? [];
            }
        }

        return new TeamsSigningKeys(metadata.Issuer, [.. keySet.GetSigningKeys()], endorsements);
    }
}

internal sealed record JwksDocument(IReadOnlyList<JwksKey>? Keys);

internal sealed record JwksKey(string? Kid, IReadOnlyList<string>? Endorsements);

[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(JwksDocument))]
internal sealed partial class JwksJsonContext : JsonSerializerContext;
