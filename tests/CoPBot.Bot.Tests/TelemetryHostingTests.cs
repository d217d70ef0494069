using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

namespace CoPBot.Bot.Tests;

/// <summary>OpenTelemetry is composed only when it has somewhere to export to (issue 11: no idle providers in memory).</summary>
public sealed class TelemetryHostingTests
{
    [Fact]
    public async Task NoOtlpEndpoint_NoMeterOrTracerProvider()
    {
        await using var app = Build(endpoint: null);

        Assert.Null(app.Services.GetService<MeterProvider>());
        Assert.Null(app.Services.GetService<TracerProvider>());
    }

    [Fact]
    public async Task OtlpEndpoint_MeterAndTracerProviderExportThere()
    {
        await using var app = Build(endpoint: "http://127.0.0.1:4317");

        Assert.NotNull(app.Services.GetService<MeterProvider>());
        Assert.NotNull(app.Services.GetService<TracerProvider>());
    }

    private static WebApplication Build(string? endpoint)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = "Testing" });
        builder.Configuration.AddInMemoryCollection([new KeyValuePair<string, string?>("Telemetry:OtlpEndpoint", endpoint)]);
        builder.AddCoPBotTelemetry();
        return builder.Build();
    }
}
