using CoPBot.Services.App;
using Microsoft.Extensions.Options;

namespace CoPBot.Bot.Housekeeping;

/// <summary>Runs <see cref="HousekeepingService"/> every <see cref="HousekeepingOptions.Interval"/>, on the host's clock.</summary>
internal sealed partial class HousekeepingHostedService(
    IServiceScopeFactory scopes, TimeProvider clock, IOptions<HousekeepingOptions> options, ILogger<HousekeepingHostedService> logger)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var settings = options.Value;
        if (!settings.Enabled)
        {
            return;
        }

        using var timer = new PeriodicTimer(settings.Interval, clock);
        try
        {
            do
            {
                await RunOnceAsync(settings.Policy, stoppingToken);
            }
            while (await timer.WaitForNextTickAsync(stoppingToken));
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping.
        }
    }

    /// <summary>One pass in its own scope; a failure is logged and the next pass tries again.</summary>
    internal async Task<HousekeepingReport?> RunOnceAsync(HousekeepingPolicy policy, CancellationToken cancellationToken)
    {
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            var report = await scope.ServiceProvider.GetRequiredService<HousekeepingService>().RunOnceAsync(policy, cancellationToken);
            if (report.WasSkipped)
            {
                LogSkipped(logger);
            }
            else if (report is { OffersLapsed: > 0 } or { TurnsForgotten: > 0 } or { MessagesDeleted: > 0 } or { RunsDeleted: > 0 })
            {
                LogPass(logger, report.OffersLapsed, report.OffersPassedOn, report.TurnsForgotten, report.MessagesDeleted, report.RunsDeleted);
            }

            if (report is { IntroductionsOffered: > 0 } or { IntroductionPairs: > 0 } or { IntroductionNoMatches: > 0 })
            {
                LogIntroductions(logger, report.IntroductionsOffered, report.IntroductionPairs, report.IntroductionNoMatches);
            }

            return report;
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            LogFailed(logger, ex.GetType().Name);
            return null;
        }
    }

    [LoggerMessage(EventId = 1300, Level = LogLevel.Information,
        Message = "Housekeeping: {Lapsed} offers lapsed ({PassedOn} passed to the next person waiting), {Turns} handled turns forgotten, {Messages} outbox messages and {Runs} delivery runs deleted")]
    private static partial void LogPass(ILogger logger, int lapsed, int passedOn, int turns, int messages, int runs);

    [LoggerMessage(EventId = 2030, Level = LogLevel.Information,
        Message = "Housekeeping: {Offered} messages after sessions queued, {Pairs} pairs introduced, {NoMatch} people with no match this time")]
    private static partial void LogIntroductions(ILogger logger, int offered, int pairs, int noMatch);

    [LoggerMessage(EventId = 1301, Level = LogLevel.Debug, Message = "Housekeeping: another instance is running a pass; skipped")]
    private static partial void LogSkipped(ILogger logger);

    [LoggerMessage(EventId = 1302, Level = LogLevel.Warning, Message = "Housekeeping pass failed ({Error}); the next pass tries again")]
    private static partial void LogFailed(ILogger logger, string error);
}
