using CoPBot.Bot.Conversation;
using CoPBot.Bot.Teams;
using CoPBot.Services.Addresses;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace CoPBot.Bot.Tests.Teams;

/// <summary>
/// The real host with the Teams adapter, where only the outside world is faked: the router and address book (the
/// lead's), the token service (metadata and keys), the connector, and the clock.
/// </summary>
internal sealed class TeamsTestHost : WebApplicationFactory<Program>
{
    private readonly TestStorage storage = new();

    public const string BotAppId = TeamsFarSide.BotAppId;
    public const string TenantId = "72f988bf-86f1-41af-91ab-2d7cd011db47";

    private readonly Dictionary<string, string?> settings;
    private readonly string environment;

    public TeamsTestHost(bool anonymous = false, string environment = "Development", IDictionary<string, string?>? extra = null)
    {
        this.environment = environment;
        settings = new Dictionary<string, string?>
        {
            ["Teams:Bots:0:AppId"] = BotAppId,
            ["Teams:Bots:0:TenantId"] = TenantId,
            ["Teams:Bots:0:ClientSecret"] = "not-a-real-secret",
            ["Teams:AllowedTenants:0"] = "b28fdbfd-2b78-4f93-b0f8-8881793f0f8f",
            ["Teams:AllowedTenants:1"] = "bec8e231-67ad-484e-87f4-3e5438390a77",
            ["Teams:AllowedTenants:2"] = "<TENANT ID>",
            ["Teams:AllowedTenants:3"] = "00000000-0000-0000-0000-0000000000001",
            ["Teams:OpenIdMetadataUrl"] = TeamsTestAuthority.MetadataUrl,
            ["Teams:AllowAnonymousInDevelopment"] = anonymous ? "true" : "false",
            ["Teams:MaxRequestBodyBytes"] = "65536",
        };
        foreach (var (key, value) in extra ?? new Dictionary<string, string?>())
        {
            settings[key] = value;
        }
    }

    public TeamsFarSide FarSide { get; } = new();

    public TeamsTestAuthority Authority => FarSide.Authority;

    public RecordingRouter Router { get; } = new();

    public InMemoryAddressBook AddressBook { get; } = new();

    public RecordingConnector Connector => FarSide.Connector;

    public FakeTokenProvider Tokens => FarSide.Tokens;

    public List<TimeSpan> Delays => FarSide.Delays;

    /// <summary>A fixed "now" that the tokens are minted against.</summary>
    public FakeTimeProvider Time { get; } = new(new DateTimeOffset(2026, 11, 28, 11, 22, 28, TimeSpan.Zero));

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment(environment);
        builder.ConfigureAppConfiguration((_, configuration) => configuration.AddInMemoryCollection(storage.Settings()).AddInMemoryCollection(settings));
        builder.ConfigureTestServices(services =>
        {
            services.AddSingleton<IConversationRouter>(Router);
            services.AddSingleton<IChatAddressBook>(AddressBook);
            services.AddSingleton<TimeProvider>(Time);
            FarSide.Replace(services);
        });
    }

    public string Mint(string serviceUrl, Func<TeamsTestAuthority, DateTimeOffset, string>? custom = null) =>
        custom?.Invoke(Authority, Time.GetUtcNow()) ?? Authority.Mint(Time.GetUtcNow(), BotAppId, serviceUrl);

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            FarSide.Dispose();
            storage.Dispose();
        }

        base.Dispose(disposing);
    }
}
