using Microsoft.Extensions.Diagnostics.HealthChecks;
using RelayNovel.Web.Rooms;

namespace RelayNovel.Web.Hosting;

/// <summary>
/// Degraded (not unhealthy) without a model: rooms still serve human writers. While a large model is still
/// loading the check answers at once instead of holding the probe.
/// </summary>
public sealed class ModelHealthCheck(AiModel model, RelayNovel.Web.Rooms.Generation.IGenerationEngine engine) : IHealthCheck
{
    public static readonly TimeSpan LoadWait = TimeSpan.FromSeconds(2);

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        if (engine != model)
        {
            // A web node writes through the inference nodes: it reports what they said and never loads a model of its own.
            return engine.UnavailableReason is { } away
                ? HealthCheckResult.Degraded($"AI unavailable: {away}", data: State("unavailable", null, null, away))
                : HealthCheckResult.Healthy($"{engine.ModelName} on the inference nodes", State("ready", engine.ModelName, "inference nodes", null));
        }
        // Every probe awaits the model's one load (no thread held per probe while a large model loads).
        var load = model.WarmAsync();
        if (await Task.WhenAny(load, Task.Delay(LoadWait, cancellationToken)).ConfigureAwait(false) != load)
        {
            return HealthCheckResult.Degraded("The model is still loading.", data: State("loading", null, null, "The model is still loading."));
        }
        var reason = model.UnavailableReason;
        return reason is null
            ? HealthCheckResult.Healthy($"{model.ModelName} on {model.Provider}", State("ready", model.ModelName, model.Provider, null))
            : HealthCheckResult.Degraded($"AI unavailable: {reason}", data: State("unavailable", null, null, reason));
    }

    private static Dictionary<string, object> State(string state, string? name, string? provider, string? reason) => new()
    {
        ["state"] = state,
        ["name"] = name ?? AiModel.NoModelName,
        ["provider"] = provider ?? "",
        ["unavailableReason"] = reason ?? "",
    };
}
