using System.Threading.Channels;
using RelayNovel.Inference.Scheduling;
using RelayNovel.Web.Rooms;

namespace RelayNovel.Web.Api;

/// <summary>
/// One <c>/api/continue</c> generation in the batch engine (the open API's lane, so it never takes the rows kept for
/// rooms): the model writes into <see cref="Chunks"/> once it starts. <see cref="Cancel"/> (the client left, or a stop
/// string was met) frees its place in line or takes it out of the batch at the next step.
/// </summary>
public sealed class ContinueGeneration
{
    private readonly Channel<AiChunk> _chunks = Channel.CreateUnbounded<AiChunk>(new UnboundedChannelOptions { SingleReader = true, SingleWriter = true });
    private readonly ContinueMetrics _metrics;
    private AiJob? _job;

    private ContinueGeneration(ContinueMetrics metrics)
    {
        _metrics = metrics;
    }

    public ChannelReader<AiChunk> Chunks => _chunks.Reader;

    /// <summary>Queues the generation; null when the waiting line is full.</summary>
    public static ContinueGeneration? TryStart(string key, AiModel model, AiPrompt prompt, AiSettings settings, int seed, ContinueMetrics metrics)
    {
        var generation = new ContinueGeneration(metrics);
        if (model.TryStart(key, GenerationLane.Api, prompt, settings, [seed]) is not { } job)
        {
            return null;
        }
        generation._job = job;
        _ = generation.RunAsync(job);
        return generation;
    }

    /// <summary>Safe to call at any time, more than once, and after the generation ended.</summary>
    public void Cancel() => _job?.Cancel();

    private async Task RunAsync(AiJob job)
    {
        await job.Started.ConfigureAwait(false);
        var tokens = 0;
        var finish = "Cancelled";
        var started = false;
        try
        {
            await foreach (var chunk in job.ReadAsync(0).ConfigureAwait(false))
            {
                started = true;
                tokens += chunk.Tokens;
                finish = chunk.Finish ?? finish;
                _chunks.Writer.TryWrite(chunk);
                _metrics.Generated(chunk.Tokens);
            }
            _chunks.Writer.TryComplete();
        }
        catch (Exception ex)
        {
            started = true;
            finish = ex is OperationCanceledException ? "Cancelled" : "Error";
            _chunks.Writer.TryComplete(ex);
        }
        finally
        {
            if (started)
            {
                _metrics.Finished(tokens, finish);   // a request cancelled while waiting never ran
            }
        }
    }
}
