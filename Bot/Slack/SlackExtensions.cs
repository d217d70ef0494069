using CoPBot.Bot.Delivery;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace CoPBot.Bot.Slack;

internal static class SlackExtensions
{
    /// <summary>Slack: options (validated at start-up), verification, the Web API client, the sender, the background queue.</summary>
    public static WebApplicationBuilder AddSlack(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<SlackOptions>().BindConfiguration(SlackOptions.SectionName).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<SlackOptions>, SlackOptionsValidator>());
        services.TryAddSingleton(TimeProvider.System);

        services.AddSingleton<SlackRequestVerifier>();
        services.AddSingleton<SlackVerificationFilter>();
        services.AddSingleton<SlackInstallations>();
        services.AddSingleton<SlackEventDeduplicator>();
        services.AddSingleton<SlackRateLimits>();
        services.AddSingleton<SlackDirectChannels>();
        services.AddSingleton<SlackUserCache>();
        services.AddSingleton<SlackWorkspaceNames>();
        services.AddSingleton<SlackBackgroundQueue>();
        services.AddHostedService(sp => new SlackBackgroundWorker(
            sp.GetRequiredService<SlackBackgroundQueue>(),
            sp.GetKeyedService<TimeProvider>(OutboundHttp.RetryClockKey) ?? sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<ILogger<SlackBackgroundWorker>>()));

        services.AddSlackWebApiClient();
        services.AddTransient<SlackUserDirectory>();
        services.AddTransient<SlackReplies>();
        services.AddTransient<SlackTurnRunner>();
        services.AddTransient<SlackHandlers>();
        services.AddTransient<IChatSender, SlackChatSender>();
        return builder;
    }

    /// <summary>The Web API client's HttpClient: 429s retried after their Retry-After, attempts bounded, no URL logging.</summary>
    public static IHttpClientBuilder AddSlackWebApiClient(this IServiceCollection services) =>
        services.AddHttpClient<SlackWebApiClient>().AddPlatformResilience(sp =>
        {
            var slack = sp.GetRequiredService<IOptionsMonitor<SlackOptions>>().CurrentValue;
            return new OutboundRetry
            {
                MaxRetries = slack.MaxRetries,
                Statuses = RetryStatuses,
                MaxRetryAfter = slack.MaxRetryAfterWait,
                AttemptTimeout = slack.AttemptTimeout,
            };
        });

    /// <summary>Slack answers 429 when throttled; its other failures are not retried.</summary>
    private static readonly HashSet<System.Net.HttpStatusCode> RetryStatuses = [System.Net.HttpStatusCode.TooManyRequests];
}
