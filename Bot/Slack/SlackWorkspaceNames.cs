using System.Collections.Concurrent;
using CoPBot.Bot.Conversation;
using CoPBot.Services.App;

namespace CoPBot.Bot.Slack;

/// <summary>
/// Names the organization of a Slack workspace that configuration did not name, from team.info: asked once per
/// workspace (after a turn, when its organization exists), then kept in the organization. A failure leaves the
/// friendly "your organization" and never fails the turn.
/// </summary>
internal sealed partial class SlackWorkspaceNames(SlackWebApiClient client, ILogger<SlackWorkspaceNames> logger)
{
    private const int Capacity = 10_000;
    private readonly ConcurrentDictionary<string, bool> settled = new(StringComparer.Ordinal);

    public async Task NameOnceAsync(SlackWorkspace workspace, IServiceProvider scoped, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(workspace);
        ArgumentNullException.ThrowIfNull(scoped);
        if (settled.ContainsKey(workspace.TeamId))
        {
            return;
        }

        try
        {
            var people = scoped.GetRequiredService<PeopleService>();
            if (await people.NeedsOrganizationNameAsync(ChatChannels.Slack, workspace.TeamId, cancellationToken))
            {
                var result = await client.GetTeamAsync(workspace, cancellationToken);
                if (result.Error is SlackWebApiClient.RateLimitedError or SlackWebApiClient.NetworkError)
                {
                    return; // asked again on a later turn
                }

                if (result.Ok && result.Response!.Team?.Name is { Length: > 0 } name)
                {
                    await people.NameOrganizationAsync(ChatChannels.Slack, workspace.TeamId, name, cancellationToken);
                }
            }

            if (settled.Count >= Capacity)
            {
                settled.Clear();
            }

            settled[workspace.TeamId] = true;
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            LogNamingFailed(logger, exception);
        }
    }

    [LoggerMessage(EventId = 1800, Level = LogLevel.Warning, Message = "Could not name a Slack workspace's organization from team.info")]
    private static partial void LogNamingFailed(ILogger logger, Exception exception);
}
