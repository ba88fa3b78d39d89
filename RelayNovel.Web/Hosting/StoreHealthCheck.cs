using Microsoft.Extensions.Diagnostics.HealthChecks;
using RelayNovel.Web.Stories;

namespace RelayNovel.Web.Hosting;

/// <summary>Unhealthy when the story file cannot be read: then nothing can be written safely.</summary>
public sealed class StoreHealthCheck(StoryStore store) : IHealthCheck
{
    // Never handed out (room ids are 22 characters), so the lookup reads the index and finds nothing.
    private const string ProbeId = "health-probe";

    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            store.FindRoom(ProbeId);
            return Task.FromResult(HealthCheckResult.Healthy("The story file is readable."));
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            return Task.FromResult(HealthCheckResult.Unhealthy("The story file cannot be read.", ex));
        }
    }
}
