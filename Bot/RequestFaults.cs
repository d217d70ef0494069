using CoPBot.Services.Storage;
using Microsoft.AspNetCore.Diagnostics;

namespace CoPBot.Bot;

/// <summary>
/// The answer to a request that failed with an exception, in every environment: 503 when storage is unavailable for
/// a moment (the platforms redeliver, and the turn ledger makes the redelivery do the work once), the request's own
/// fault (a body cut short by a client that went away) 400, else 500; the body is always empty, never a stack trace or
/// any other detail. The exception goes to the log only.
/// </summary>
internal static partial class RequestFaults
{
    public static WebApplication UseRequestFaults(this WebApplication app)
    {
        var logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(RequestFaults).FullName!);
        app.UseExceptionHandler(new ExceptionHandlerOptions
        {
            StatusCodeSelector = StatusFor,

            // Logged below, once, at the level it deserves.
            SuppressDiagnosticsCallback = _ => true,
            ExceptionHandler = context =>
            {
                var feature = context.Features.Get<IExceptionHandlerFeature>();
                var exception = feature?.Error;

                // The route pattern, never the path: a calendar link's path is its secret.
                var endpoint = feature?.Endpoint?.DisplayName ?? "";
                if (context.Response.StatusCode < StatusCodes.Status500InternalServerError)
                {
                    LogBadRequest(logger, endpoint, exception?.GetType().Name ?? "");
                }
                else if (context.Response.StatusCode == StatusCodes.Status503ServiceUnavailable)
                {
                    LogTransient(logger, endpoint, exception?.GetType().Name ?? "");
                    context.Response.Headers.RetryAfter = "5";
                }
                else
                {
                    LogFailed(logger, exception, endpoint);
                }

                return Task.CompletedTask;
            },
        });
        return app;
    }

    /// <summary>The status a failed request is answered with: see the type's summary.</summary>
    internal static int StatusFor(Exception exception) => exception switch
    {
        BadHttpRequestException bad => bad.StatusCode,
        _ when StorageFaults.IsTransient(exception) => StatusCodes.Status503ServiceUnavailable,
        _ => StatusCodes.Status500InternalServerError,
    };

    [LoggerMessage(EventId = 1202, Level = LogLevel.Information, Message = "Request to {Endpoint} could not be read ({ExceptionType}); answered 4xx")]
    private static partial void LogBadRequest(ILogger logger, string endpoint, string exceptionType);

    [LoggerMessage(EventId = 1200, Level = LogLevel.Warning, Message = "Storage unavailable during {Endpoint} ({ExceptionType}); answered 503 for a redelivery")]
    private static partial void LogTransient(ILogger logger, string endpoint, string exceptionType);

    [LoggerMessage(EventId = 1201, Level = LogLevel.Error, Message = "Request to {Endpoint} failed; answered 500")]
    private static partial void LogFailed(ILogger logger, Exception? exception, string endpoint);
}
