using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Options;

namespace CoPBot.Bot.Slack;

/// <summary>
/// The Slack endpoints under /slack: events, commands, interactions. The group filter verifies every request
/// before any handler reads it; handlers then parse the verified raw body and refuse unknown workspaces (403).
/// </summary>
internal static partial class SlackEndpoints
{
    public const string GroupPath = "/slack";
    public const string EventsPath = "/events";
    public const string CommandsPath = "/commands";
    public const string InteractionsPath = "/interactions";
    public const string RetryNumHeader = "X-Slack-Retry-Num";

    public static IEndpointRouteBuilder MapSlack(this IEndpointRouteBuilder endpoints)
    {
        var group = endpoints.MapGroup(GroupPath)
            .AddEndpointFilter<SlackVerificationFilter>()
            .DisableAntiforgery()
            .WithTags("Slack");
        group.MapPost(EventsPath, EventsAsync);
        group.MapPost(CommandsPath, CommandsAsync);
        group.MapPost(InteractionsPath, InteractionsAsync);
        return endpoints;
    }

    private static async Task<Results<JsonHttpResult<SlackChallengeResponse>, Ok, BadRequest, StatusCodeHttpResult>> EventsAsync(
        HttpContext http,
        SlackEventDeduplicator deduplicator,
        SlackHandlers handlers,
        IHostApplicationLifetime lifetime,
        ILogger<SlackHandlers> logger)
    {
        var verified = http.Features.GetRequiredFeature<SlackVerifiedRequest>();
        SlackEventEnvelope? envelope;
        try
        {
            envelope = JsonSerializer.Deserialize(verified.Body, SlackJsonContext.Default.SlackEventEnvelope);
        }
        catch (JsonException)
        {
            envelope = null;
        }

        if (envelope is null || Refused(SlackTurns.Malformed(envelope), logger))
        {
            return TypedResults.BadRequest();
        }

        if (envelope.Type == SlackEventEnvelope.UrlVerification)
        {
            return string.IsNullOrEmpty(envelope.Challenge)
                ? TypedResults.BadRequest()
                : TypedResults.Json(new SlackChallengeResponse(envelope.Challenge), SlackJsonContext.Default.SlackChallengeResponse);
        }

        if (envelope.Type != SlackEventEnvelope.EventCallback)
        {
            return TypedResults.Ok();
        }

        if (Workspace(verified.App, envelope.TeamId, envelope.ApiAppId, logger) is not { } workspace)
        {
            return TypedResults.StatusCode(StatusCodes.Status403Forbidden);
        }

        // The 200 means the event's turn is committed: a turn that fails for a transient reason answers 503, and Slack
        // redelivers (X-Slack-Retry-Num) when it did not see a 200 in time; the same event_id runs once.
        var work = () => handlers.HandleEventAsync(workspace, envelope, lifetime.ApplicationStopping);
        if (envelope.EventId is { Length: > 0 } eventId)
        {
            if (!await deduplicator.RunOnceAsync(eventId, work))
            {
                LogRedelivery(logger, eventId, http.Request.Headers[RetryNumHeader].ToString());
            }
        }
        else
        {
            await work();
        }

        return TypedResults.Ok();
    }

    private static async Task<Results<JsonHttpResult<SlackResponseMessage>, Ok, BadRequest, StatusCodeHttpResult>> CommandsAsync(
        HttpContext http,
        SlackHandlers handlers,
        IOptionsMonitor<SlackOptions> options,
        ILogger<SlackHandlers> logger)
    {
        var verified = http.Features.GetRequiredFeature<SlackVerifiedRequest>();
        var command = SlackSlashCommand.FromForm(ParseForm(verified.Body));
        if (command is null || Refused(SlackTurns.Malformed(command), logger))
        {
            return TypedResults.BadRequest();
        }

        if (Workspace(verified.App, command.TeamId, command.ApiAppId, logger) is not { } workspace)
        {
            return TypedResults.StatusCode(StatusCodes.Status403Forbidden);
        }

        // Only the commands the app declares: another app's command (or a renamed one) is not run as /cop.
        var accepted = options.CurrentValue.AcceptedCommands;
        if (!options.CurrentValue.Accepts(command.Command))
        {
            LogUnknownCommand(logger, workspace.TeamId);
            return TypedResults.Json(
                new SlackResponseMessage { Text = $"Unknown command. CoPBot answers {accepted[0]}: try \"{accepted[0]} help\".", ResponseType = SlackResponseMessage.Ephemeral },
                SlackJsonContext.Default.SlackResponseMessage);
        }

        var answer = await handlers.HandleCommandAsync(workspace, command, http.RequestAborted);
        return answer is null ? TypedResults.Ok() : TypedResults.Json(answer, SlackJsonContext.Default.SlackResponseMessage);
    }

    private static async Task<Results<JsonHttpResult<SlackViewSubmissionResponse>, Ok, BadRequest, StatusCodeHttpResult>> InteractionsAsync(
        HttpContext http,
        SlackHandlers handlers,
        ILogger<SlackHandlers> logger)
    {
        var verified = http.Features.GetRequiredFeature<SlackVerifiedRequest>();
        SlackInteraction? interaction = null;
        if (ParseForm(verified.Body).TryGetValue("payload", out var payload))
        {
            try
            {
                interaction = JsonSerializer.Deserialize(payload, SlackJsonContext.Default.SlackInteraction);
            }
            catch (JsonException)
            {
                interaction = null;
            }
        }

        if (interaction is null || Refused(SlackTurns.Malformed(interaction), logger))
        {
            return TypedResults.BadRequest();
        }

        var teamId = interaction.Team?.Id ?? interaction.User.TeamId ?? interaction.View?.TeamId;
        if (Workspace(verified.App, teamId, interaction.ApiAppId, logger) is not { } workspace)
        {
            return TypedResults.StatusCode(StatusCodes.Status403Forbidden);
        }

        switch (interaction.Type)
        {
            case SlackInteraction.BlockActions:
                await handlers.HandleBlockActionsAsync(workspace, interaction, http.RequestAborted);
                return TypedResults.Ok();
            case SlackInteraction.ViewSubmission:
                var response = await handlers.HandleViewSubmissionAsync(workspace, interaction, http.RequestAborted);
                return response is null ? TypedResults.Ok() : TypedResults.Json(response, SlackJsonContext.Default.SlackViewSubmissionResponse);
            default:
                return TypedResults.Ok();
        }
    }

    // Bodies are written with Slack's snake_case context, not the host's default JSON options.

    /// <summary>The installation of the verified app in the request's workspace; null (and logged) when unknown.</summary>
    private static SlackWorkspace? Workspace(SlackAppOptions app, string? teamId, string? apiAppId, ILogger logger)
    {
        if (apiAppId is not null && !string.Equals(apiAppId, app.AppId, StringComparison.Ordinal))
        {
            LogUnknownWorkspace(logger, app.AppId, teamId);
            return null;
        }

        var workspace = SlackInstallations.FindIn(app, teamId);
        if (workspace is null)
        {
            LogUnknownWorkspace(logger, app.AppId, teamId);
        }

        return workspace;
    }

    /// <summary>True (and logged, without the payload) when the payload is malformed.</summary>
    private static bool Refused(string? malformed, ILogger logger)
    {
        if (malformed is null)
        {
            return false;
        }

        LogMalformed(logger, malformed);
        return true;
    }

    private static Dictionary<string, string> ParseForm(byte[] body)
    {
        var fields = QueryHelpers.ParseQuery(Encoding.UTF8.GetString(body));
        return fields.ToDictionary(f => f.Key, f => f.Value.ToString(), StringComparer.Ordinal);
    }

    [LoggerMessage(EventId = 1101, Level = LogLevel.Warning, Message = "Slack payload refused as malformed: {Reason}")]
    private static partial void LogMalformed(ILogger logger, string reason);

    [LoggerMessage(EventId = 4110, Level = LogLevel.Warning, Message = "Slack request from app {AppId} for workspace {TeamId} refused: not installed there")]
    private static partial void LogUnknownWorkspace(ILogger logger, string appId, string? teamId);

    [LoggerMessage(EventId = 1510, Level = LogLevel.Warning, Message = "Slack slash command from workspace {TeamId} refused: not a command this app declares")]
    private static partial void LogUnknownCommand(ILogger logger, string teamId);

    [LoggerMessage(EventId = 4111, Level = LogLevel.Information, Message = "Slack event {EventId} redelivered (retry {RetryNum}); already handled")]
    private static partial void LogRedelivery(ILogger logger, string eventId, string retryNum);
}
