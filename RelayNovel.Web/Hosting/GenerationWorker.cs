using RelayNovel.Inference.Scheduling;
using RelayNovel.Web.Rooms;
using RelayNovel.Web.Rooms.Backends;

namespace RelayNovel.Web.Hosting;

/// <summary>
/// Runs the batch engine on the local model. Loads the model first, so the first AI turn doesn't wait for it; without
/// a local model (none found, or AI seats write with a remote endpoint) the engine has nothing to run.
/// </summary>
public sealed class GenerationWorker(BatchScheduler engine, AiModel model, LocalOnnxBackend local) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await Task.Yield();   // let the host finish starting; loading a model takes a while
        await model.WarmAsync().ConfigureAwait(false);
        await Task.Run(local.Warm, stoppingToken).ConfigureAwait(false);   // /v1 serves the local model even when rooms write remotely
        if (local.Generator is not { } generator)
        {
            return;
        }
        await engine.RunAsync(generator, stoppingToken).ConfigureAwait(false);
    }
}
