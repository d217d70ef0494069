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

    public Uri BaseAddress { get; }

    /// <summary>The settings a <see cref="ChatTester"/> needs to share its keys with a host: pass to ChatTester.CreateAsync.</summary>
    public static Dictionary<string, string?> SharedSettings() => new()
    {
        ["OrganizerPage:KeysDirectory"] = Path.Combine(Path.GetTempPath(), $"copbot-keys-{Guid.NewGuid():N}"),
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
