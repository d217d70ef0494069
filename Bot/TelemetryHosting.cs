using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

namespace CoPBot.Bot;

/// <summary>The "Telemetry" configuration section.</summary>
public sealed class TelemetryOptions
{
    public const string Section = "Telemetry";

    /// <summary>An OTLP collector to export metrics and traces to; none by default (nothing leaves the process).</summary>
    public Uri? OtlpEndpoint { get; set; }
}

internal static class TelemetryHosting
{
    /// <summary>
    /// OpenTelemetry for CoPBot's meter and activity source and ASP.NET Core's own, exported over OTLP when
    /// "Telemetry:OtlpEndpoint" is set. Without an endpoint nothing is registered: a provider with no exporter would
    /// only keep metric storage and record spans nobody reads (issue 11, memory); the "CoPBot" meter and activity
    /// source still reach any listener in the process (dotnet-counters, tests).
    /// </summary>
    public static IHostApplicationBuilder AddCoPBotTelemetry(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<TelemetryOptions>().BindConfiguration(TelemetryOptions.Section).ValidateOnStart();
        var endpoint = builder.Configuration.GetValue<Uri?>($"{TelemetryOptions.Section}:{nameof(TelemetryOptions.OtlpEndpoint)}");
        if (endpoint is null)
        {
            return builder;
        }

        builder.Services.AddOpenTelemetry()
            .WithMetrics(metrics => metrics.AddMeter(CoPBotTelemetry.Name).AddAspNetCoreInstrumentation().AddOtlpExporter(o => o.Endpoint = endpoint))
            .WithTracing(tracing => tracing.AddSource(CoPBotTelemetry.Name).AddAspNetCoreInstrumentation().AddOtlpExporter(o => o.Endpoint = endpoint));
        return builder;
    }
}
