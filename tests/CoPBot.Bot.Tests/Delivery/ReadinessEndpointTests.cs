using System.Net;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.Configuration;

namespace CoPBot.Bot.Tests.Delivery;

/// <summary>/readyz says whether the database is reachable and migrated; /healthz only that the process is alive.</summary>
public class ReadinessEndpointTests
{
    [Fact]
    public async Task Readyz_MigratedDatabase_Ready()
    {
        using var storage = new TestStorage();
        await using var host = new Host(storage.Settings());
        using var client = host.CreateClient();

        var response = await client.GetAsync(new Uri("/readyz", UriKind.Relative), TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("ready", await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task Readyz_MigrationsNotApplied_ServiceUnavailable()
    {
        using var storage = new TestStorage();
        await using var host = new Host(new Dictionary<string, string?>(storage.Settings()) { ["Storage:MigrateOnStartup"] = "false" });
        using var client = host.CreateClient();

        var response = await client.GetAsync(new Uri("/readyz", UriKind.Relative), TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Contains("pending", await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Readyz_UnreachableDatabase_ServiceUnavailableAndHealthzStillAlive()
    {
        using var storage = new TestStorage();
        await using var host = new Host(new Dictionary<string, string?>(storage.Settings())
        {
            ["Storage:Provider"] = "Postgres",
            // Port 1 on loopback: nothing listens there, the connection is refused at once.
            ["Storage:ConnectionString"] = "Host=127.0.0.1;Port=1;Username=nobody;Database=none;Timeout=2",
            ["Storage:MigrateOnStartup"] = "false",
        });
        using var client = host.CreateClient();

        var ready = await client.GetAsync(new Uri("/readyz", UriKind.Relative), TestContext.Current.CancellationToken);
        var healthy = await client.GetAsync(new Uri("/healthz", UriKind.Relative), TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, ready.StatusCode);
        Assert.Contains("not reachable", await ready.Content.ReadAsStringAsync(TestContext.Current.CancellationToken), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, healthy.StatusCode);
    }

    private sealed class Host(IReadOnlyDictionary<string, string?> settings) : WebApplicationFactory<Program>
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            builder.UseEnvironment("Development");
            builder.ConfigureAppConfiguration((_, configuration) => configuration.AddInMemoryCollection(settings));
        }
    }
}
