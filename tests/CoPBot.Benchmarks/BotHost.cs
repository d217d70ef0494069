using CoPBot.Bot;
using CoPBot.Bot.Delivery;
using CoPBot.Bot.Slack;
using CoPBot.Bot.Teams;
using CoPBot.Services;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;

namespace CoPBot.Benchmarks;

/// <summary>What a benchmark host is for.</summary>
internal sealed record BotHostPlan
{
    /// <summary>Storage settings and anything else the scenario sets.</summary>
    public required IEnumerable<KeyValuePair<string, string?>> Settings { get; init; }

    /// <summary>Run the outbox dispatcher in the background once started.</summary>
    public bool Delivery { get; init; }

    /// <summary>Map /api/messages (inbound scenario).</summary>
    public bool Endpoints { get; init; }

    /// <summary>Counts successful sends (cluster workers report it to the parent).</summary>
    public SendCounter? Counter { get; init; }

    /// <summary>Changes to the services after the bot's own registrations (fakes for the outside world).</summary>
    public Action<IServiceCollection>? Configure { get; init; }
}

/// <summary>
/// The one place that builds CoPBot's host for the benchmarks: the same Add…/Map… calls as Bot/Program.cs, on
/// Kestrel at 127.0.0.1 with an ephemeral port, configuration only from the plan (no appsettings, no environment),
/// and the dispatcher (OutboxDispatcherService over OutboxDispatcher) as the Bot registers it. When delivery
/// changes, this file is the one to adapt.
/// </summary>
internal static class BotHost
{
    public static async Task<WebApplication> BuildAsync(BotHostPlan plan, CancellationToken cancellationToken)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = "Production", ContentRootPath = AppContext.BaseDirectory });
        builder.Configuration.Sources.Clear();
        builder.Configuration.AddInMemoryCollection(plan.Settings.Append(new("Delivery:Enabled", plan.Delivery ? "true" : "false")));
        builder.Logging.ClearProviders();
        builder.Logging.AddSimpleConsole(o => o.SingleLine = true).SetMinimumLevel(LogLevel.Error);

        // EF logs the first migration's probe of a missing history table as an error; it is not one.
        builder.Logging.AddFilter("Microsoft.EntityFrameworkCore", LogLevel.Critical);
        builder.WebHost.UseUrls("http://127.0.0.1:0");

        builder.AddCoPBot();
        builder.AddTeams();
        builder.AddSlack();
        builder.AddDelivery();
        plan.Configure?.Invoke(builder.Services);
        if (plan.Counter is { } counter)
        {
            CountSends(builder.Services, counter);
        }

        var app = builder.Build();
        await app.Services.MigrateCoPBotDatabaseAsync(cancellationToken);
        if (plan.Endpoints)
        {
            app.UseRequestFaults();
            app.MapCoPBot();
            app.MapTeams();
        }

        return app;
    }

    /// <summary>The address Kestrel bound, once started.</summary>
    public static Uri AddressOf(WebApplication app) =>
        new(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());

    /// <summary>Settings that point the Teams connector and the Slack Web API at the loopback fakes.</summary>
    public static IEnumerable<KeyValuePair<string, string?>> PlatformSettings(Uri teamsServiceUrl, Uri slackApiBaseUrl) =>
    [
        new("Teams:Bots:0:AppId", BenchTenants.TeamsAppId),
        new("Teams:Bots:0:TenantId", BenchTenants.TeamsTenant),
        new("Teams:Bots:0:ClientSecret", "bench-only-not-a-secret"),
        new("Teams:DefaultServiceUrl", teamsServiceUrl.ToString()),
        new("Teams:AllowedServiceUrls:0", teamsServiceUrl.ToString()),
        new("Slack:ApiBaseUrl", slackApiBaseUrl.ToString()),
        new("Slack:Apps:0:AppId", BenchTenants.SlackAppId),
        new("Slack:Apps:0:SigningSecret", "bench-only-not-a-secret"),
        new("Slack:Apps:0:Installations:0:TeamId", BenchTenants.SlackTeam),
        new("Slack:Apps:0:Installations:0:BotToken", "xoxb-bench-only"),
        new("Organizations:Entries:0:Slug", "bench-city"),
        new("Organizations:Entries:0:Name", "City of Benchmark"),
        new("Organizations:Entries:0:Tenants:0", $"msteams:{BenchTenants.TeamsTenant}"),
        new("Organizations:Entries:0:Tenants:1", $"slack:{BenchTenants.SlackTeam}"),
    ];

    /// <summary>The bot's own connector token, without a login service.</summary>
    public static void FakeTeamsToken(IServiceCollection services) => services.AddSingleton<ITeamsTokenProvider, BenchTokenProvider>();

    private static void CountSends(IServiceCollection services, SendCounter counter)
    {
        var senders = services.Where(d => d.ServiceType == typeof(IChatSender)).ToList();
        foreach (var descriptor in senders)
        {
            services.Remove(descriptor);
            var type = descriptor.ImplementationType ?? throw new InvalidOperationException("Only type-registered senders can be counted.");
            services.Add(new ServiceDescriptor(typeof(IChatSender),
                sp => new CountingSender((IChatSender)ActivatorUtilities.CreateInstance(sp, type), counter), descriptor.Lifetime));
        }
    }

    private sealed class BenchTokenProvider : ITeamsTokenProvider
    {
        public Task<string?> GetTokenAsync(string? appId, CancellationToken cancellationToken) => Task.FromResult<string?>("bench-connector-token");
    }

    private sealed class CountingSender(IChatSender inner, SendCounter counter) : IChatSender
    {
        public string Channel => inner.Channel;

        public async Task<SendResult> SendAsync(Services.Addresses.ChatAddress address, Bot.Conversation.ChatReply message, CancellationToken cancellationToken)
        {
            var result = await inner.SendAsync(address, message, cancellationToken);
            if (result.Ok)
            {
                counter.Add();
            }

            return result;
        }
    }
}

/// <summary>Successful sends of this process.</summary>
internal sealed class SendCounter
{
    private long sent;

    public long Sent => Interlocked.Read(ref sent);

    public void Add() => Interlocked.Increment(ref sent);
}

/// <summary>The tenants and apps of the benchmark world.</summary>
internal static class BenchTenants
{
    public const string TeamsAppId = "00000000-0000-0000-0000-00000000be01";
    public const string TeamsTenant = "11111111-2222-3333-4444-555555555555";
    public const string SlackAppId = "ABENCH0001";
    public const string SlackTeam = "TBENCH0001";
}
