using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using RelayNovel.Inference.Generation;

namespace RelayNovel.Web.Hosting;

/// <summary>Running it in production: health checks, metrics, write rate limits and security headers.</summary>
public static class OpsServices
{
    public static IServiceCollection AddRelayNovelOps(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddHealthChecks()
            .AddCheck<ModelHealthCheck>(HealthResponse.ModelCheck, tags: [HealthResponse.ReadyTag])
            .AddCheck<StoreHealthCheck>(HealthResponse.StoreCheck, tags: [HealthResponse.ReadyTag]);

        services.AddSingleton<CircuitActivity>();
        services.AddSingleton<RelayNovelMetrics>();
        services.AddOpenTelemetry().ConfigureResource(r => r.AddService("relaynovel")).WithMetrics(metrics => metrics
            .AddMeter(RelayNovelMetrics.MeterName, GenerationMetrics.MeterName,
                "Microsoft.AspNetCore.Hosting", "Microsoft.AspNetCore.RateLimiting", "Microsoft.AspNetCore.Components.Server.Circuits")
            .AddPrometheusExporter());

        services.AddWriteRateLimits();
        services.Configure<SecurityHeadersOptions>(configuration.GetSection(SecurityHeadersOptions.Section));
        return services;
    }
}
