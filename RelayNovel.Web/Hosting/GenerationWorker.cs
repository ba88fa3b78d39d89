using RelayNovel.Inference.Scheduling;
using RelayNovel.Web.Rooms;

namespace RelayNovel.Web.Hosting;

/// <summary>The generation queue's one consumer. Loads the model first, so the first AI turn doesn't wait for it.</summary>
public sealed class GenerationWorker(GenerationQueue queue, AiModel model) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await Task.Yield();   // let the host finish starting; loading a model takes a while
        await model.WarmAsync().ConfigureAwait(false);
        try
        {
            await queue.RunAsync(stoppingToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutting down: a running generation was cancelled with the same token.
        }
    }
}
