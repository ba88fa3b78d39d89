using System.Text.Json;

namespace RelayNovel.Web.OpenAi;

/// <summary><c>POST /v1/completions</c>: the legacy text completion, streamed as <c>text_completion</c> chunks or answered whole.</summary>
public static class CompletionEndpoint
{
    /// <summary>OpenAI's default for the legacy completions route.</summary>
    public const int DefaultMaxTokens = 16;

    public static async Task HandleAsync(HttpContext context)
    {
        var request = await OpenAiRequest.ReadAsync<CompletionRequest>(context);
        var prompt = PromptOf(request);
        RejectUnsupported(request);
        var completions = context.RequestServices.GetRequiredService<OpenAiCompletions>();
        var job = completions.Prepare(request, prompt, "prompt", request.MaxTokens, DefaultMaxTokens, context.RequestAborted);
        var ct = context.RequestAborted;
        using var generation = completions.Enqueue(OpenAiRequest.ClientKey(context), job);
        var id = $"cmpl-{Guid.NewGuid():N}";
        var created = OpenAiRequest.Now(context);
        object Chunk(string text, string? finish) =>
            new { Id = id, Object = "text_completion", Created = created, job.Model, Choices = new[] { Choice(text, finish) } };

        if (request.Stream != true)
        {
            var (text, last) = await generation.ReadAllAsync(ct);
            await OpenAiJson.WriteAsync(context.Response, StatusCodes.Status200OK, new
            {
                Id = id, Object = "text_completion", Created = created, job.Model,
                Choices = new[] { Choice(text, last?.FinishReason) },
                Usage = Usage(job, last),
            }, ct);
            return;
        }

        OpenAiJson.StartStream(context.Response);
        GenerationPiece? end = null;
        await foreach (var piece in generation.ReadAsync(ct))
        {
            if (piece.Text.Length > 0)
            {
                await OpenAiJson.WriteEventAsync(context.Response, Chunk(piece.Text, null), ct);
            }
            end = piece;
        }
        await OpenAiJson.WriteEventAsync(context.Response, Chunk("", end?.FinishReason), ct);
        if (request.StreamOptions?.IncludeUsage == true)
        {
            await OpenAiJson.WriteEventAsync(context.Response,
                new { Id = id, Object = "text_completion", Created = created, job.Model, Choices = Array.Empty<object>(), Usage = Usage(job, end) }, ct);
        }
        await OpenAiJson.WriteDoneAsync(context.Response, ct);
    }

    public static object Usage(GenerationJob job, GenerationPiece? last)
    {
        var completion = last?.CompletionTokens ?? 0;
        return new { PromptTokens = job.PromptTokens, CompletionTokens = completion, TotalTokens = job.PromptTokens + completion };
    }

    private static object Choice(string text, string? finish) => new { Text = text, Index = 0, Logprobs = (object?)null, FinishReason = finish };

    private static string PromptOf(CompletionRequest request)
    {
        if (request.Prompt is not { } prompt || prompt.ValueKind == JsonValueKind.Null)
        {
            throw OpenAiException.Invalid("prompt is required: the text to continue.", "prompt");
        }
        if (prompt.ValueKind == JsonValueKind.String)
        {
            return prompt.GetString()!;
        }
        if (prompt.ValueKind == JsonValueKind.Array && prompt.GetArrayLength() > 1)
        {
            throw OpenAiException.Invalid(
                $"Only one prompt per request is supported (got {prompt.GetArrayLength()}); send each prompt as its own request.", "prompt");
        }
        if (prompt.ValueKind == JsonValueKind.Array && prompt.GetArrayLength() == 1 && prompt[0].ValueKind == JsonValueKind.String)
        {
            return prompt[0].GetString()!;
        }
        throw OpenAiException.Invalid("prompt must be a string (or an array holding one string); token arrays are not supported.", "prompt");
    }

    private static void RejectUnsupported(CompletionRequest request)
    {
        if (request.Echo == true)
        {
            throw OpenAiException.Invalid("echo is not supported; the prompt is not repeated in the answer.", "echo");
        }
        if (request.Logprobs is > 0)
        {
            throw OpenAiException.Invalid("logprobs are not supported.", "logprobs");
        }
        if (!string.IsNullOrEmpty(request.Suffix))
        {
            throw OpenAiException.Invalid("suffix (insertion) is not supported by this model.", "suffix");
        }
        if (request.BestOf is { } bestOf && bestOf != 1)
        {
            throw OpenAiException.Invalid($"Only best_of=1 is supported (got {bestOf}).", "best_of");
        }
    }
}
