using System.Runtime.CompilerServices;
using System.Text;
using System.Threading.Channels;
using RelayNovel.Inference.Generation;
using RelayNovel.Inference.Scheduling;

namespace RelayNovel.Web.OpenAi;

/// <summary>
/// A generation admitted to the <see cref="GenerationQueue"/>. It runs at full speed when its turn comes (freeing the
/// queue for the rooms) and buffers its text here for the client. Disposing it cancels it: a client that leaves
/// frees its place in line or stops its model run.
/// </summary>
public sealed class QueuedGeneration : IDisposable
{
    private readonly GenerationTicket _ticket;
    private readonly ChannelReader<TokenChunk> _output;

    internal QueuedGeneration(GenerationTicket ticket, ChannelReader<TokenChunk> output)
    {
        _ticket = ticket;
        _output = output;
    }

    /// <summary>Reads the whole generation (a request without <c>stream</c>): its text and the last piece (finish reason, token count).</summary>
    public async Task<(string Text, GenerationPiece? Last)> ReadAllAsync(CancellationToken ct)
    {
        var text = new StringBuilder();
        GenerationPiece? last = null;
        await foreach (var piece in ReadAsync(ct).ConfigureAwait(false))
        {
            text.Append(piece.Text);
            last = piece;
        }
        return (text.ToString(), last);
    }

    public async IAsyncEnumerable<GenerationPiece> ReadAsync([EnumeratorCancellation] CancellationToken ct)
    {
        var tokens = 0;
        await foreach (var chunk in _output.ReadAllAsync(ct).ConfigureAwait(false))
        {
            tokens += chunk.TokenIds.Count;
            if (chunk.Finish is FinishReason.None)
            {
                yield return new GenerationPiece(chunk.Text, null, tokens);
                continue;
            }
            if (chunk.Finish is not FinishReason.Cancelled)
            {
                yield return new GenerationPiece(chunk.Text, chunk.Finish == FinishReason.MaxTokens ? "length" : "stop", tokens);
                yield break;
            }
            break;
        }
        // Only a shutdown cancels a generation whose client is still reading.
        throw new OpenAiException(StatusCodes.Status503ServiceUnavailable, "The generation was interrupted because the server is shutting down; try again.",
            "server_error", "generation_interrupted");
    }

    public void Dispose() => _ticket.Cancel();

    /// <summary>Runs on the queue's consumer; the channel is unbounded so a slow reader never holds the model.</summary>
    internal static async Task RunAsync(Gpt2Generator generator, GenerationJob job, ChannelWriter<TokenChunk> output,
        Action<int> generated, CancellationToken ct)
    {
        try
        {
            await foreach (var chunk in generator.GenerateIdsAsync(job.PromptIds, job.Options, ct).ConfigureAwait(false))
            {
                generated(chunk.TokenIds.Count);
                output.TryWrite(chunk);
            }
            output.TryComplete();
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            output.TryComplete();
        }
        catch (Exception ex)
        {
            output.TryComplete(ex);
            throw;
        }
    }
}
