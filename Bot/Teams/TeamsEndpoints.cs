using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace CoPBot.Bot.Teams;

/// <summary><c>POST /api/messages</c>: the Bot Framework messaging endpoint Teams calls.</summary>
internal static partial class TeamsEndpoints
{
    private const string ActivityItem = "CoPBot.Teams.Activity";
    private const string AppIdItem = "CoPBot.Teams.AppId";

    public static IEndpointRouteBuilder MapTeams(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api").AddEndpointFilter(AuthenticateAsync);
        group.MapPost("/messages", HandleAsync).DisableAntiforgery();
        return app;
    }

    private static async Task<Results<Ok, JsonHttpResult<AdaptiveCardInvokeResponse>, StatusCodeHttpResult>> HandleAsync(
        HttpContext context, TeamsActivityHandler handler, CancellationToken cancellationToken)
    {
        var activity = (TeamsActivity)context.Items[ActivityItem]!;
        var result = await handler.HandleAsync(activity, context.Items[AppIdItem] as string, cancellationToken);
        if (result.RetryLater)
        {
            // The work is done; its reply waits for Teams to redeliver the activity.
            context.Response.Headers.RetryAfter = "5";
            return TypedResults.StatusCode(StatusCodes.Status503ServiceUnavailable);
        }

        return result.InvokeResponse is { } invoke
            ? TypedResults.Json(invoke, TeamsJsonContext.Default.AdaptiveCardInvokeResponse)
            : TypedResults.Ok();
    }

    /// <summary>
    /// Fails closed before anything reaches the handler: token first (no body read for a stranger), then the body
    /// read once with a size cap, then parsed, then the checks that need the activity.
    /// </summary>
    private static async ValueTask<object?> AuthenticateAsync(EndpointFilterInvocationContext invocation, EndpointFilterDelegate next)
    {
        var context = invocation.HttpContext;
        var services = context.RequestServices;
        var authenticator = services.GetRequiredService<TeamsRequestAuthenticator>();
        var logger = services.GetRequiredService<ILogger<TeamsRequestAuthenticator>>();
        var ct = context.RequestAborted;

        var check = await authenticator.CheckTokenAsync(context.Request.Headers.Authorization.ToString(), ct);
        if (!check.Passed)
        {
            LogRejected(logger, check.Failure ?? "");
            return TypedResults.Unauthorized();
        }

        var limit = services.GetRequiredService<IOptions<TeamsOptions>>().Value.MaxRequestBodyBytes;
        var body = await BoundedBody.ReadAsync(context.Request.Body, context.Request.ContentLength, limit, ct);
        if (body is null)
        {
            return TypedResults.StatusCode(StatusCodes.Status413PayloadTooLarge);
        }

        TeamsActivity? activity;
        try
        {
            activity = JsonSerializer.Deserialize(body, TeamsJsonContext.Default.TeamsActivity);
        }
        catch (JsonException)
        {
            activity = null;
        }

        if (activity is null)
        {
            return TypedResults.BadRequest();
        }

        if (TeamsTurns.Malformed(activity) is { } malformed)
        {
            LogMalformed(logger, malformed);
            return TypedResults.BadRequest();
        }

        var failure = authenticator.CheckActivity(check, activity);
        if (failure is not null)
        {
            LogRejected(logger, failure);
            return TypedResults.Unauthorized();
        }

        context.Items[ActivityItem] = activity;
        context.Items[AppIdItem] = check.AppId;
        return await next(invocation);
    }

    [LoggerMessage(EventId = 1100, Level = LogLevel.Warning, Message = "Teams activity refused as malformed: {Reason}")]
    private static partial void LogMalformed(ILogger logger, string reason);

    [LoggerMessage(EventId = 3001, Level = LogLevel.Warning, Message = "Teams request rejected: {Reason}")]
    private static partial void LogRejected(ILogger logger, string reason);
}
