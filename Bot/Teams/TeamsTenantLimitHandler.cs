using CoPBot.Bot.Delivery;

namespace CoPBot.Bot.Teams;

/// <summary>
/// The innermost step of the connector's HTTP pipeline: a request marked with a tenant (<see cref="Tenant"/>, set for
/// proactive sends, chat creations and progress-card updates) waits here for room in that tenant's per-app limit and
/// holds it until its answer is back (<see cref="DeliveryRateLimits.EnterTeamsTenantAsync"/>). Inside the retry step,
/// so each retry counts too; as late as it can be, so no work between the permit and the wire can bunch requests up.
/// Replies within a turn carry no tenant and pass straight through.
/// </summary>
internal sealed class TeamsTenantLimitHandler(DeliveryRateLimits limits) : DelegatingHandler
{
    /// <summary>The tenant whose per-app limit a request counts against.</summary>
    public static readonly HttpRequestOptionsKey<string> Tenant = new("CoPBot.Teams.Tenant");

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (!request.Options.TryGetValue(Tenant, out var tenant))
        {
            return await base.SendAsync(request, cancellationToken);
        }

        using var slot = await limits.EnterTeamsTenantAsync(tenant, cancellationToken);
        return await base.SendAsync(request, cancellationToken);
    }
}
