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
        services.AddSingleton<SlackBackgroundQueue>();
        services.AddHostedService<SlackBackgroundWorker>();

        services.AddHttpClient<SlackWebApiClient>(client => client.Timeout = TimeSpan.FromSeconds(15));
        services.AddTransient<SlackUserDirectory>();
        services.AddTransient<SlackReplies>();
        services.AddTransient<SlackTurnRunner>();
        services.AddTransient<SlackHandlers>();
        services.AddTransient<IChatSender, SlackChatSender>();
        return builder;
    }
}
