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
    /// OpenTelemetry for CoPBot's meter and activity source and ASP.NET Core's own; exported over OTLP only when
    /// "Telemetry:OtlpEndpoint" is set.
    /// </summary>
    public static IHostApplicationBuilder AddCoPBotTelemetry(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<TelemetryOptions>().BindConfiguration(TelemetryOptions.Section).ValidateOnStart();
        var endpoint = builder.Configuration.GetValue<Uri?>($"{TelemetryOptions.Section}:{nameof(TelemetryOptions.OtlpEndpoint)}");
        builder.Services.AddOpenTelemetry()
            .WithMetrics(metrics =>
            {
                metrics.AddMeter(CoPBotTelemetry.Name).AddAspNetCoreInstrumentation();
                if (endpoint is not null)
                {
                    metrics.AddOtlpExporter(o => o.Endpoint = endpoint);
                }
            })
            .WithTracing(tracing =>
            {
                tracing.AddSource(CoPBotTelemetry.Name).AddAspNetCoreInstrumentation();
                if (endpoint is not null)
                {
                    tracing.AddOtlpExporter(o => o.Endpoint = endpoint);
                }
            });
        return builder;
    }
}
