using System.Runtime.CompilerServices;
using System.Text;
using System.Threading.Channels;
using RelayNovel.Inference.Generation;
using RelayNovel.Inference.Scheduling;

namespace RelayNovel.Web.OpenAi;

/// <summary>
/// A generation admitted to the <see cref="BatchScheduler"/>. It runs in the batch when rows are free and buffers its
/// text for the client (a slow reader never holds the engine). Disposing it cancels it: a client that leaves frees
/// its place in line or takes its row out of the batch at the next step.
/// </summary>
public sealed class QueuedGeneration : IDisposable
{
    private readonly BatchTicket _ticket;
    private readonly ChannelReader<TokenChunk> _output;
    internal QueuedGeneration(BatchTicket ticket)
    {
        _ticket = ticket;
        _output = ticket.Outputs[0];
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
}
