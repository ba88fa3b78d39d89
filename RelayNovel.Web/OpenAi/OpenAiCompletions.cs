using System.Text;
using RelayNovel.Inference.Generation;
using RelayNovel.Inference.Scheduling;
using RelayNovel.Web.Rooms.Backends;

namespace RelayNovel.Web.OpenAi;

/// <summary>
/// Serves the local ONNX model to OpenAI clients: checks a request against the model, then runs it in the same
/// <see cref="BatchScheduler"/> as the rooms' AI seats, in the open API's lane (fair between clients, rooms first, and
/// never in the rows kept for rooms).
/// </summary>
public sealed class OpenAiCompletions(LocalOnnxBackend model, BatchScheduler queue)
{
    private long _generatedTokens;

    /// <summary>Seconds a refused client is told to wait: one turn of the queue is typically a second or two.</summary>
    public const int RetryAfterSeconds = 2;

    /// <summary>The model's id on <c>/v1</c>: its name as a slug, e.g. "relaynovel-mini-korean-fiction-gpt-2-4.3m".</summary>
    public string? ModelId => model.Generator is null ? null : Slug(model.ModelName);

    public string ModelName => model.ModelName;

    /// <summary>Tokens generated for <c>/v1</c> clients since start, counted as each request ends (a figure for monitoring; a client that leaves stops its count).</summary>
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
        Require();
        var request = GenerationRequest.Single(clientKey, GenerationLane.Api, job.PromptIds, job.Options);
        if (!queue.TryEnqueue(request, out var ticket))
        {
            throw new OpenAiException(StatusCodes.Status429TooManyRequests,
                $"All {queue.Capacity} places in the generation queue are taken; try again in a few seconds.", "requests", "rate_limit_exceeded")
            {
                RetryAfterSeconds = RetryAfterSeconds,
            };
        }
        // Counted when the engine is done with it: a client that leaves stops its generation, and the count with it.
        _ = ticket.Completion.ContinueWith(_ => CountTokens(ticket.Generated), CancellationToken.None,
            TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        return new QueuedGeneration(ticket);
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
