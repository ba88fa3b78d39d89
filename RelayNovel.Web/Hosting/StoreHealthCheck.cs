using Microsoft.Extensions.Diagnostics.HealthChecks;
using RelayNovel.Web.Stories;

namespace RelayNovel.Web.Hosting;

/// <summary>Unhealthy when the story store cannot be read: then nothing can be written safely.</summary>
public sealed class StoreHealthCheck(IStoryStore store) : IHealthCheck
{
    // Never handed out (room ids are 22 characters), so the lookup reads the index and finds nothing.
    private const string ProbeId = "health-probe";

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            await store.LoadAsync(ProbeId, cancellationToken);
            return HealthCheckResult.Healthy("The story store is readable.");
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            return HealthCheckResult.Unhealthy("The story store cannot be read.", ex);
        }
    }
}
