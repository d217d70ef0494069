using CoPBot.Bot.Conversation;
using CoPBot.Bot.Slack;
using CoPBot.Services.Addresses;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace CoPBot.Bot.Tests.Slack;

/// <summary>
/// The real web host with Slack configured for the apps and workspaces of the reference payloads, a fake clock,
/// a recording router and address book, and a fake Slack Web API behind the typed HttpClient.
/// </summary>
public sealed class SlackTestHost : WebApplicationFactory<Program>
{
    private readonly TestStorage storage = new();

    public const string VectorSecret = "8f742231b10e8888abcd99yyyzzz85a5";
    public const string MentionSecret = "mention-app-test-secret";
    public const string DirectSecret = "dm-app-test-secret";
    public const string ButtonSecret = "button-app-test-secret";
    public const string SelectSecret = "select-app-test-secret";
    public const string ModalSecret = "modal-app-test-secret";

    private readonly Dictionary<string, string?> settings;

    public SlackTestHost(DateTimeOffset? now = null, bool slackEnabled = true, Dictionary<string, string?>? extraSettings = null)
    {
        Time = new SignallingTimeProvider(now ?? new DateTimeOffset(2026, 3, 2, 9, 0, 0, TimeSpan.Zero));
        settings = slackEnabled ? AppSettings() : [];
        foreach (var (key, value) in extraSettings ?? [])
        {
            settings[key] = value;
        }
    }

    public SignallingTimeProvider Time { get; }

    public RecordingRouter Router { get; } = new();

    public InMemoryAddressBook Addresses { get; } = new();

    public FakeSlackApi SlackApi { get; } = new();

    internal SlackBackgroundQueue Queue => Services.GetRequiredService<SlackBackgroundQueue>();

    /// <summary>Apps and workspaces matching the ids in reference/slack/ (each reference payload has its own).</summary>
    public static Dictionary<string, string?> AppSettings() => new()
    {
        // Slack's sample slash command (slash_command.form.txt) is /webhook-collect; the deployment declares both.
        ["Slack:Commands:0"] = "/cop",
        ["Slack:Commands:1"] = "/webhook-collect",
        ["Slack:Apps:0:AppId"] = "A0VECTOR",
        ["Slack:Apps:0:SigningSecret"] = VectorSecret,
        ["Slack:Apps:0:Installations:0:TeamId"] = "T1DC2JH3J",
        ["Slack:Apps:0:Installations:0:BotToken"] = "xoxb-vector",
        ["Slack:Apps:1:AppId"] = "A123ABC456",
        ["Slack:Apps:1:SigningSecret"] = MentionSecret,
        ["Slack:Apps:1:Installations:0:TeamId"] = "T123ABC456",
        ["Slack:Apps:1:Installations:0:BotToken"] = "xoxb-mention",
        ["Slack:Apps:2:AppId"] = "A0PNCHHK2",
        ["Slack:Apps:2:SigningSecret"] = DirectSecret,
        ["Slack:Apps:2:Installations:0:TeamId"] = "T123ABC456",
        ["Slack:Apps:2:Installations:0:BotToken"] = "xoxb-dm",
        ["Slack:Apps:3:AppId"] = "BV85J8F5J",
        ["Slack:Apps:3:SigningSecret"] = ButtonSecret,
        ["Slack:Apps:3:Installations:0:TeamId"] = "T47563693",
        ["Slack:Apps:3:Installations:0:BotToken"] = "xoxb-button",
        ["Slack:Apps:4:AppId"] = "A01DWRNJZ4Z",
        ["Slack:Apps:4:SigningSecret"] = SelectSecret,
        ["Slack:Apps:4:Installations:0:TeamId"] = "TCKT7TGQ6",
        ["Slack:Apps:4:Installations:0:BotToken"] = "xoxb-select",
        ["Slack:Apps:5:AppId"] = "A12345678",
        ["Slack:Apps:5:SigningSecret"] = ModalSecret,
        ["Slack:Apps:5:Installations:0:TeamId"] = "T12345678",
        ["Slack:Apps:5:Installations:0:BotToken"] = "xoxb-modal",
    };

    /// <summary>Posts a body signed with a secret at the fake clock's time (or the given timestamp).</summary>
    public async Task<HttpResponseMessage> PostSignedAsync(
        string path, string body, string secret, string contentType, string? timestamp = null, Action<HttpRequestMessage>? tweak = null)
    {
        using var client = CreateClient();
        return await SlackSigning.PostAsync(client, path, body, secret, contentType, timestamp ?? SlackSigning.Timestamp(Time), tweak);
    }

    public Task<HttpResponseMessage> PostJsonAsync(string path, string json, string secret, Action<HttpRequestMessage>? tweak = null) =>
        PostSignedAsync(path, json, secret, "application/json", tweak: tweak);

    public Task<HttpResponseMessage> PostFormAsync(string path, string form, string secret, Action<HttpRequestMessage>? tweak = null) =>
        PostSignedAsync(path, form, secret, "application/x-www-form-urlencoded", tweak: tweak);

    /// <summary>Waits (bounded) until queued Slack work is done.</summary>
    public Task IdleAsync() => Queue.WhenIdleAsync().WaitAsync(TimeSpan.FromSeconds(10), TestContext.Current.CancellationToken);

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        builder.ConfigureAppConfiguration(config => config.AddInMemoryCollection(storage.Settings()).AddInMemoryCollection(settings));
        builder.ConfigureTestServices(services =>
        {
            services.AddSingleton<TimeProvider>(Time);
            services.AddSingleton<IConversationRouter>(Router);
            services.AddSingleton<IChatAddressBook>(Addresses);
            services.AddHttpClient<SlackWebApiClient>().ConfigurePrimaryHttpMessageHandler(() => SlackApi);
        });
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        storage.Dispose();
    }
}
