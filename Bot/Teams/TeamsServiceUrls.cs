using System.Net;
using Microsoft.Extensions.Options;

namespace CoPBot.Bot.Teams;

/// <summary>
/// Which connector addresses (an activity's serviceUrl) the bot talks to. The serviceUrl comes from the request, and
/// the bot POSTs there with its own token: an address outside this list is refused when it arrives and never called
/// later (an address stored before the list existed, or a configuration that changed since).
/// </summary>
/// <remarks>
/// An entry allows its scheme, host and port, and every path under its own. With no entries configured, the Bot
/// Connector's public and US government hosts are allowed (see <see cref="BotConnectorHosts"/>). In Development, http
/// and https on a loopback host are allowed too (the Agents Playground and local fakes); nowhere else.
/// </remarks>
internal sealed class TeamsServiceUrls(IOptions<TeamsOptions> options, IHostEnvironment environment)
{
    /// <summary>
    /// The Teams connector endpoints Microsoft publishes (public cloud with its regional paths, GCC, GCC High, DoD):
    /// https://learn.microsoft.com/dotnet/api/microsoft.agents.extensions.msteams.teamsproactiveserviceendpoints
    /// </summary>
    public static readonly IReadOnlyList<string> BotConnectorHosts =
    [
        "https://smba.trafficmanager.net/",
        "https://smba.infra.gcc.teams.microsoft.com/",
        "https://smba.infra.gov.teams.microsoft.us/",
        "https://smba.infra.dod.teams.microsoft.us/",
    ];

    public bool IsAllowed(string? serviceUrl) => IsAllowed(options.Value, environment.IsDevelopment(), serviceUrl);

    public static bool IsAllowed(TeamsOptions options, bool development, string? serviceUrl)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (!Uri.TryCreate(serviceUrl, UriKind.Absolute, out var url)
            || (url.Scheme != Uri.UriSchemeHttps && url.Scheme != Uri.UriSchemeHttp)
            || url.UserInfo.Length > 0)
        {
            return false;
        }

        if (development && IsLoopback(url))
        {
            return true;
        }

        var entries = options.AllowedServiceUrls.Count > 0 ? (IEnumerable<string>)options.AllowedServiceUrls : BotConnectorHosts;
        return entries.Any(entry => Covers(entry, url));
    }

    /// <summary>Start-up check of one configured entry; null when it is usable, else why not.</summary>
    public static string? Problem(string entry) =>
        !Uri.TryCreate(entry, UriKind.Absolute, out var url) || (url.Scheme != Uri.UriSchemeHttps && url.Scheme != Uri.UriSchemeHttp)
            ? "is not an absolute http(s) URL"
            : url.Scheme == Uri.UriSchemeHttp && !IsLoopback(url)
                ? "uses http on a host that is not loopback; the bot's token would cross the network in clear"
                : url.UserInfo.Length > 0 || url.Query.Length > 0 || url.Fragment.Length > 0
                    ? "must be a scheme, host and path only"
                    : null;

    private static bool Covers(string entry, Uri url)
    {
        if (!Uri.TryCreate(entry, UriKind.Absolute, out var allowed))
        {
            return false;
        }

        var prefix = allowed.AbsolutePath.EndsWith('/') ? allowed.AbsolutePath : allowed.AbsolutePath + "/";
        var path = url.AbsolutePath.EndsWith('/') ? url.AbsolutePath : url.AbsolutePath + "/";
        return string.Equals(allowed.Scheme, url.Scheme, StringComparison.OrdinalIgnoreCase)
            && string.Equals(allowed.IdnHost, url.IdnHost, StringComparison.OrdinalIgnoreCase)
            && allowed.Port == url.Port
            && path.StartsWith(prefix, StringComparison.OrdinalIgnoreCase);
    }

    private static bool IsLoopback(Uri url) =>
        url.IsLoopback || (IPAddress.TryParse(url.IdnHost.Trim('[', ']'), out var address) && IPAddress.IsLoopback(address));
}
