using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.RateLimiting;

namespace RelayNovel.Web.Hosting;

/// <summary>/health (all checks), /health/live (the process answers), /health/ready (model and store) and /metrics.</summary>
public static class OpsEndpoints
{
    public static WebApplication UseSecurityHeaders(this WebApplication app)
    {
        app.UseMiddleware<SecurityHeadersMiddleware>();
        return app;
    }

    public static IEndpointRouteBuilder MapOps(this IEndpointRouteBuilder app)
    {
        // The gauges read live state at each scrape; creating them registers the callbacks.
        app.ServiceProvider.GetRequiredService<RelayNovelMetrics>();

        app.MapHealthChecks("/health", new HealthCheckOptions { ResponseWriter = HealthResponse.WriteAsync })
            .DisableRateLimiting();
        app.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = _ => false, ResponseWriter = HealthResponse.WriteAsync })
            .DisableRateLimiting();
        app.MapHealthChecks("/health/ready", new HealthCheckOptions
        {
            Predicate = check => check.Tags.Contains(HealthResponse.ReadyTag),
            ResponseWriter = HealthResponse.WriteAsync,
        }).DisableRateLimiting();
        app.MapPrometheusScrapingEndpoint("/metrics").DisableRateLimiting();
        return app;
    }
}
