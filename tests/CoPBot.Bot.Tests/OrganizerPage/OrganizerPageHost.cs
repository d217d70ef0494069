using System.Net;
using System.Net.Sockets;
using CoPBot.Bot.Tests.Conversation;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace CoPBot.Bot.Tests.OrganizerPage;

/// <summary>
/// The real host on a real port (Kestrel on 127.0.0.1), for a real browser, over the database and the fake clock of
/// a <see cref="ChatTester"/>: people and sessions are made in chat, the browser reads the same rows at the same
/// instant. Both share one Data Protection key folder, so a link the chat gives opens on the host.
/// </summary>
internal sealed class OrganizerPageHost : WebApplicationFactory<Program>
{
    private readonly ChatTester chat;

    private OrganizerPageHost(ChatTester chat, int port)
    {
        this.chat = chat;
        BaseAddress = new Uri($"http://127.0.0.1:{port}/");
        UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, port));
    }

    public const string TeamsBotAppId = "00000000-0000-0000-0000-00000000c0b0";
    public const string TeamsTenant = "11111111-1111-1111-1111-111111111111";
    public const string SlackAppId = "A0ROOMSCRN";
    public const string SlackTeam = "T0ROOMCITY";

    public Uri BaseAddress { get; }

    /// <summary>The settings a <see cref="ChatTester"/> needs to share its keys with a host: pass to ChatTester.CreateAsync.</summary>
    public static Dictionary<string, string?> SharedSettings() => new()
    {
        ["OrganizerPage:KeysDirectory"] = Path.Combine(Path.GetTempPath(), $"copbot-keys-{Guid.NewGuid():N}"),
        ["CheckIn:Secret"] = Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32)),
    };

    public static OrganizerPageHost Start(ChatTester chat)
    {
        var host = new OrganizerPageHost(chat, FreePort());
        host.StartServer();
        return host;
    }

    /// <summary>A link from chat, on this host's address (the chat tester names a public address of its own).</summary>
    public Uri Local(Uri link) => new(BaseAddress, link.PathAndQuery);

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        var world = chat.World.Services.GetRequiredService<IConfiguration>();
        builder.UseEnvironment("Testing");
        builder.ConfigureAppConfiguration(configuration => configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Storage:Provider"] = world["Storage:Provider"],
            ["Storage:ConnectionString"] = world["Storage:ConnectionString"],
            ["Storage:MigrateOnStartup"] = "false",
            ["Delivery:Enabled"] = "false",
            ["Housekeeping:Enabled"] = "false",
            ["Bot:WarmUpOnStart"] = "false",
            ["Bot:PublicBaseUrl"] = BaseAddress.ToString(),
            ["OrganizerPage:KeysDirectory"] = world["OrganizerPage:KeysDirectory"],
            ["CheckIn:Secret"] = world["CheckIn:Secret"],

            // The city's people use Teams and Slack: its room screens show a QR code for each.
            ["Organizations:Entries:0:Slug"] = world["Organizations:Entries:0:Slug"],
            ["Organizations:Entries:0:Name"] = world["Organizations:Entries:0:Name"],
            ["Organizations:Entries:0:Tenants:0"] = world["Organizations:Entries:0:Tenants:0"],
            ["Organizations:Entries:0:Tenants:1"] = $"msteams:{TeamsTenant}",
            ["Organizations:Entries:0:Tenants:2"] = $"slack:{SlackTeam}",
            ["Organizations:Entries:1:Slug"] = world["Organizations:Entries:1:Slug"],
            ["Organizations:Entries:1:Name"] = world["Organizations:Entries:1:Name"],
            ["Organizations:Entries:1:Tenants:0"] = world["Organizations:Entries:1:Tenants:0"],
            ["Teams:Bots:0:AppId"] = TeamsBotAppId,
            ["Teams:Bots:0:TenantId"] = TeamsTenant,
            ["Teams:Bots:0:ClientSecret"] = "not-a-real-secret",
            ["Slack:Apps:0:AppId"] = SlackAppId,
            ["Slack:Apps:0:SigningSecret"] = "not-a-real-signing-secret",
            ["Slack:Apps:0:Installations:0:TeamId"] = SlackTeam,
            ["Slack:Apps:0:Installations:0:BotToken"] = "xoxb-not-real",
        }));
        builder.ConfigureTestServices(services => services.AddSingleton<TimeProvider>(chat.World.Clock));
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (disposing && chat.World.Services.GetRequiredService<IConfiguration>()["OrganizerPage:KeysDirectory"] is { } keys && Directory.Exists(keys))
        {
            Directory.Delete(keys, recursive: true);
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
