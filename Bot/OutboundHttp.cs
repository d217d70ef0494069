using System.Net;
using System.Security.Cryptography;
using Microsoft.Extensions.Http.Resilience;
using Polly;

namespace CoPBot.Bot;

/// <summary>How a platform's API client retries (the first attempt not counted) and how long one attempt may take.</summary>
internal sealed record OutboundRetry
{
    /// <summary>Retries after the first attempt.</summary>
    public required int MaxRetries { get; init; }

    /// <summary>Answers worth another attempt (429, and for Teams 412/502/504).</summary>
    public required IReadOnlySet<HttpStatusCode> Statuses { get; init; }

    /// <summary>A Retry-After longer than this is not waited for: the caller gets the answer and hands the wait on.</summary>
    public required TimeSpan MaxRetryAfter { get; init; }

    /// <summary>Whether a connection failure (no answer at all) is tried again.</summary>
    public bool RetryUnreachable { get; init; }

    /// <summary>One attempt's limit; past it the call fails with a <see cref="TimeoutException"/> (maybe delivered).</summary>
    public required TimeSpan AttemptTimeout { get; init; }
}

/// <summary>
/// The HTTP plumbing every platform client shares: retries through Microsoft.Extensions.Http.Resilience (Retry-After
/// honoured, else exponential backoff with jitter), a per-attempt timeout, and no default HttpClient logging, whose
/// request URLs can carry credentials (Slack's response_url); the clients log what they did by method and status.
/// </summary>
internal static class OutboundHttp
{
    /// <summary>
    /// The clock retries wait on, when registered as a keyed service under this key (tests record the waits and skip
    /// them); otherwise the host's <see cref="TimeProvider"/>.
    /// </summary>
    public const string RetryClockKey = "CoPBot.OutboundRetryClock";

    public static IHttpClientBuilder AddPlatformResilience(this IHttpClientBuilder builder, Func<IServiceProvider, OutboundRetry> policy)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(policy);
        builder.RemoveAllLoggers();

        // Attempts carry their own timeout; the client's would also cut off the waits between them.
        builder.ConfigureHttpClient(http => http.Timeout = Timeout.InfiniteTimeSpan);
        // Polly logs each retry (a Warning "OnRetry" naming the client's pipeline and the status); its per-attempt
        // Information lines are filtered in appsettings.json.
        builder.AddResilienceHandler("retry", (pipeline, context) =>
        {
            var services = context.ServiceProvider;
            var settings = policy(services);
            var clock = services.GetKeyedService<TimeProvider>(RetryClockKey) ?? services.GetRequiredService<TimeProvider>();
            pipeline.TimeProvider = clock;
            if (settings.MaxRetries < 1)
            {
                return;
            }

            pipeline.AddRetry(new HttpRetryStrategyOptions
            {
                MaxRetryAttempts = settings.MaxRetries,
                ShouldRetryAfterHeader = false,
                ShouldHandle = args => ValueTask.FromResult(args.Outcome switch
                {
                    { Exception: HttpRequestException } => settings.RetryUnreachable,
                    { Result: { } response } => settings.Statuses.Contains(response.StatusCode)
                        && !(RetryAfter(response, clock) > settings.MaxRetryAfter),
                    _ => false,
                }),
                DelayGenerator = args => ValueTask.FromResult<TimeSpan?>(
                    (args.Outcome.Result is { } response ? RetryAfter(response, clock) : null) ?? Backoff(args.AttemptNumber)),
            });
        });
        builder.AddHttpMessageHandler(services => new AttemptTimeoutHandler(policy(services).AttemptTimeout));
        return builder;
    }

    /// <summary>The wait a 429 or 503 asked for (Retry-After as seconds or as a date), never negative; null when none.</summary>
    public static TimeSpan? RetryAfter(HttpResponseMessage response, TimeProvider clock)
    {
        ArgumentNullException.ThrowIfNull(response);
        ArgumentNullException.ThrowIfNull(clock);
        var wait = response.Headers.RetryAfter switch
        {
            { Delta: { } delta } => delta,
            { Date: { } date } => date - (response.Headers.Date ?? clock.GetUtcNow()),
            _ => (TimeSpan?)null,
        };
        return wait < TimeSpan.Zero ? TimeSpan.Zero : wait;
    }

    /// <summary>1 s, 2 s, 4 s, ... for retry 0, 1, 2, ..., each ±20 % so instances do not retry in step.</summary>
    private static TimeSpan Backoff(int retry)
    {
        var jitter = RandomNumberGenerator.GetInt32(800, 1201) / 1000.0;
        return TimeSpan.FromMilliseconds(1000 * Math.Pow(2, retry) * jitter);
    }

    /// <summary>
    /// Bounds one attempt on the real clock (a network guard, not business time) and reports it as a
    /// <see cref="TimeoutException"/>, which the outbox reads as "no answer: maybe delivered".
    /// </summary>
    private sealed class AttemptTimeoutHandler(TimeSpan timeout) : DelegatingHandler
    {
        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            using var attempt = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            attempt.CancelAfter(timeout);
            try
            {
                return await base.SendAsync(request, attempt.Token);
            }
            catch (OperationCanceledException exception) when (!cancellationToken.IsCancellationRequested)
            {
                throw new TimeoutException($"No answer within {timeout.TotalSeconds:0} s.", exception);
            }
        }
    }
}
