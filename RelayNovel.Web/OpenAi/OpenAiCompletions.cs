using System.Text;
using System.Threading.Channels;
using RelayNovel.Inference.Generation;
using RelayNovel.Inference.Scheduling;
using RelayNovel.Web.Rooms.Backends;

namespace RelayNovel.Web.OpenAi;

/// <summary>
/// Serves the local ONNX model to OpenAI clients: checks a request against the model, then runs it through the same
/// <see cref="GenerationQueue"/> as the rooms' AI seats, so API callers and rooms take fair turns.
/// </summary>
public sealed class OpenAiCompletions(LocalOnnxBackend model, GenerationQueue queue)
{
    private long _generatedTokens;

    /// <summary>Seconds a refused client is told to wait: one turn of the queue is typically a second or two.</summary>
    public const int RetryAfterSeconds = 2;

    /// <summary>The model's id on <c>/v1</c>: its name as a slug, e.g. "relaynovel-mini-korean-fiction-gpt-2-4.3m".</summary>
    public string? ModelId => model.Generator is null ? null : Slug(model.ModelName);

    public string ModelName => model.ModelName;

    /// <summary>Tokens generated for <c>/v1</c> clients since start (a figure for monitoring; it stops growing when a client leaves).</summary>
    public long GeneratedTokens => Interlocked.Read(ref _generatedTokens);

    public int ContextLength => model.ContextLength;

    /// <summary>
    /// Checks the request. The completion gets <paramref name="maxTokens"/> (or <paramref name="defaultMaxTokens"/>),
    /// cut to what the context has left after the prompt, as llama.cpp's server does: tools whose default exceeds our
    /// small context still work, and the answer says "length" when it was cut.
    /// </summary>
    public GenerationJob Prepare(SamplingRequest request, string prompt, string promptParam, int? maxTokens, int defaultMaxTokens,
        CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(prompt);
        OpenAiRequest.RequirePromptLength(prompt, promptParam);
        var generator = Require();
        var id = Slug(model.ModelName);
        if (!string.IsNullOrEmpty(request.Model) && !string.Equals(request.Model, id, StringComparison.OrdinalIgnoreCase)
            && !string.Equals(request.Model, model.ModelName, StringComparison.OrdinalIgnoreCase))
        {
            throw OpenAiException.NotFound($"The model '{request.Model}' does not exist here; this server has '{id}' (see GET /v1/models).",
                "model_not_found", "model");
        }
        var options = SamplingRules.ToOptions(request, maxTokens ?? defaultMaxTokens);
        var ids = generator.Tokenizer.Encode(prompt, ct);
        var promptTokens = Math.Max(1, ids.Count);
        var room = generator.ContextLength - promptTokens;
        if (room < 1)
        {
            throw OpenAiException.Invalid(
                $"This model's maximum context length is {generator.ContextLength} tokens, and the prompt alone is {promptTokens}; " +
                "shorten the prompt to leave room for the completion.", promptParam, "context_length_exceeded");
        }
        options = options with { MaxNewTokens = Math.Min(options.MaxNewTokens, room) };
        return new GenerationJob(ids, options, id);
    }

    /// <summary>Takes a place in the queue, or refuses with 429 and Retry-After when every place is taken.</summary>
    public QueuedGeneration Enqueue(string clientKey, GenerationJob job)
    {
        ArgumentNullException.ThrowIfNull(job);
        var generator = Require();
        var output = Channel.CreateUnbounded<TokenChunk>(new UnboundedChannelOptions { SingleReader = true, SingleWriter = true });
        if (!queue.TryEnqueue(clientKey, ct => QueuedGeneration.RunAsync(generator, job, output.Writer, CountTokens, ct), null, out var ticket))
        {
            throw new OpenAiException(StatusCodes.Status429TooManyRequests,
                $"All {queue.Capacity} places in the generation queue are taken; try again in a few seconds.", "requests", "rate_limit_exceeded")
            {
                RetryAfterSeconds = RetryAfterSeconds,
            };
        }
        // A request cancelled before its turn never runs: closing the channel here ends its reader too.
        _ = ticket.Completion.ContinueWith(_ => output.Writer.TryComplete(), CancellationToken.None,
            TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        return new QueuedGeneration(ticket, output.Reader);
    }

    private void CountTokens(int tokens) => Interlocked.Add(ref _generatedTokens, tokens);

    private Gpt2Generator Require() => model.Generator ?? throw new OpenAiException(StatusCodes.Status503ServiceUnavailable,
        $"No model is loaded, so nothing can be generated: {model.UnavailableReason}", "server_error", "model_not_loaded");

    private static string Slug(string name)
    {
        var slug = new StringBuilder(name.Length);
        foreach (var c in name.ToLowerInvariant())
        {
            if (char.IsAsciiLetterOrDigit(c) || c == '.' || c == '_')
            {
                slug.Append(c);
            }
            else if (slug.Length > 0 && slug[^1] != '-')
            {
                slug.Append('-');
            }
        }
        return slug.ToString().TrimEnd('-');
    }
}
