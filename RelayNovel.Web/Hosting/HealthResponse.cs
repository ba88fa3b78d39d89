using System.Text.Json;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace RelayNovel.Web.Hosting;

/// <summary>
/// The JSON body of /health, /health/live and /health/ready: overall status, whether the app is live and ready
/// (Degraded is still ready: humans can write without the AI), the model's state, and each check.
/// </summary>
public static class HealthResponse
{
    public const string ModelCheck = "model";
    public const string StoreCheck = "store";
    public const string ReadyTag = "ready";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    public static Task WriteAsync(HttpContext context, HealthReport report)
    {
        context.Response.ContentType = "application/json; charset=utf-8";
        context.Response.Headers.CacheControl = "no-store";
        var body = new
        {
            status = report.Status.ToString(),
            live = true,
            ready = report.Status != HealthStatus.Unhealthy,
            model = report.Entries.TryGetValue(ModelCheck, out var model) ? model.Data : null,
            checks = report.Entries.Select(e => new
            {
                name = e.Key,
                status = e.Value.Status.ToString(),
                description = e.Value.Description,
            }),
            durationMs = Math.Round(report.TotalDuration.TotalMilliseconds, 1),
        };
        return context.Response.WriteAsync(JsonSerializer.Serialize(body, Json));
    }
}
