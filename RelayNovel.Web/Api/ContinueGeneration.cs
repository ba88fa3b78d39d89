using System.Threading.Channels;
using RelayNovel.Inference.Scheduling;
using RelayNovel.Web.Rooms;

namespace RelayNovel.Web.Api;

/// <summary>
/// One <c>/api/continue</c> generation in the shared <see cref="GenerationQueue"/>: the model writes into
/// <see cref="Chunks"/> when its turn comes. <see cref="Cancel"/> (the client left, or a stop string was met)
/// frees its place in the queue or stops the model at its next token.
/// </summary>
public sealed class ContinueGeneration
{
    private readonly Channel<AiChunk> _chunks = Channel.CreateUnbounded<AiChunk>(new UnboundedChannelOptions { SingleReader = true, SingleWriter = true });
    private readonly AiModel _model;
    private readonly AiPrompt _prompt;
    private readonly AiSettings _settings;
    private readonly int _seed;
    private readonly ContinueMetrics _metrics;
    private GenerationTicket? _ticket;

    private ContinueGeneration(AiModel model, AiPrompt prompt, AiSettings settings, int seed, ContinueMetrics metrics)
    {
        (_model, _prompt, _settings, _seed, _metrics) = (model, prompt, settings, seed, metrics);
    }

    public ChannelReader<AiChunk> Chunks => _chunks.Reader;

    /// <summary>Queues the generation; null when the queue is full.</summary>
    public static ContinueGeneration? TryStart(GenerationQueue queue, string key, AiModel model, AiPrompt prompt,
        AiSettings settings, int seed, ContinueMetrics metrics)
    {
        var generation = new ContinueGeneration(model, prompt, settings, seed, metrics);
        if (!queue.TryEnqueue(key, generation.RunAsync, positionChanged: null, out var ticket))
        {
            return null;
        }
        generation._ticket = ticket;
        // A request cancelled while still waiting never runs: its reader must still see the end.
        _ = ticket.Completion.ContinueWith(_ => generation._chunks.Writer.TryComplete(), TaskScheduler.Default);
        return generation;
    }

    /// <summary>Safe to call at any time, more than once, and after the generation ended.</summary>
    public void Cancel() => _ticket?.Cancel();

    private async Task RunAsync(CancellationToken ct)
    {
        var tokens = 0;
        var finish = "Cancelled";
        try
        {
            await foreach (var chunk in _model.WriteAsync(_prompt, _settings, _seed, ct).ConfigureAwait(false))
            {
                tokens += chunk.Tokens;
                finish = chunk.Finish ?? finish;
                _chunks.Writer.TryWrite(chunk);
                _metrics.Generated(chunk.Tokens);
            }
            _chunks.Writer.TryComplete();
        }
        catch (Exception ex)
        {
            finish = ex is OperationCanceledException ? "Cancelled" : "Error";
            _chunks.Writer.TryComplete(ex);
        }
        finally
        {
            _metrics.Finished(tokens, finish);
        }
    }
}
