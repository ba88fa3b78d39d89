using System.Text;
using System.Text.Json;

namespace RelayNovel.Web.OpenAi;

/// <summary>
/// <c>POST /v1/chat/completions</c>, which the official SDKs and Microsoft.Extensions.AI speak. Our model is a plain
/// language model, not a chat model: the messages' text, in order, is the prompt it continues.
/// </summary>
public static class ChatEndpoint
{
    /// <summary>Chat clients usually leave the length open; a relay turn is a few sentences (cut to the context left).</summary>
    public const int DefaultMaxTokens = 128;

    public static async Task HandleAsync(HttpContext context)
    {
        var request = await OpenAiRequest.ReadAsync<ChatRequest>(context);
        var prompt = PromptOf(request);
        var completions = context.RequestServices.GetRequiredService<OpenAiCompletions>();
        var job = completions.Prepare(request, prompt, "messages", request.MaxCompletionTokens ?? request.MaxTokens, DefaultMaxTokens, context.RequestAborted);
        var ct = context.RequestAborted;
        using var generation = completions.Enqueue(OpenAiRequest.ClientKey(context), job);
        var id = $"chatcmpl-{Guid.NewGuid():N}";
        var created = OpenAiRequest.Now(context);

        if (request.Stream != true)
        {
            var (text, last) = await generation.ReadAllAsync(ct);
            var message = new { Role = "assistant", Content = text };
            await OpenAiJson.WriteAsync(context.Response, StatusCodes.Status200OK, new
            {
                Id = id, Object = "chat.completion", Created = created, job.Model,
                Choices = new[] { new { Index = 0, Message = message, Logprobs = (object?)null, FinishReason = last?.FinishReason } },
                Usage = CompletionEndpoint.Usage(job, last),
            }, ct);
            return;
        }

        object Chunk(object delta, string? finish) => new
        {
            Id = id, Object = "chat.completion.chunk", Created = created, job.Model,
            Choices = new[] { new { Index = 0, Delta = delta, Logprobs = (object?)null, FinishReason = finish } },
        };
        OpenAiJson.StartStream(context.Response);
        await OpenAiJson.WriteEventAsync(context.Response, Chunk(new { Role = "assistant", Content = "" }, null), ct);
        GenerationPiece? end = null;
        await foreach (var piece in generation.ReadAsync(ct))
        {
            if (piece.Text.Length > 0)
            {
                await OpenAiJson.WriteEventAsync(context.Response, Chunk(new { Content = piece.Text }, null), ct);
            }
            end = piece;
        }
        await OpenAiJson.WriteEventAsync(context.Response, Chunk(new { }, end?.FinishReason), ct);
        if (request.StreamOptions?.IncludeUsage == true)
        {
            await OpenAiJson.WriteEventAsync(context.Response, new
            {
                Id = id, Object = "chat.completion.chunk", Created = created, job.Model,
                Choices = Array.Empty<object>(), Usage = CompletionEndpoint.Usage(job, end),
            }, ct);
        }
        await OpenAiJson.WriteDoneAsync(context.Response, ct);
    }

    private static string PromptOf(ChatRequest request)
    {
        if (request.Messages is not { Count: > 0 } messages)
        {
            throw OpenAiException.Invalid("messages is required: at least one message whose text the model continues.", "messages");
        }
        var parts = new List<string>();
        for (var i = 0; i < messages.Count; i++)
        {
            var text = TextOf(messages[i]?.Content, i);
            if (text.Length > 0)
            {
                parts.Add(text);
            }
        }
        return string.Join("\n", parts);
    }

    private static string TextOf(JsonElement? content, int index)
    {
        if (content is not { } value || value.ValueKind == JsonValueKind.Null)
        {
            return "";
        }
        if (value.ValueKind == JsonValueKind.String)
        {
            return value.GetString()!;
        }
        if (value.ValueKind == JsonValueKind.Array)
        {
            var text = new StringBuilder();
            foreach (var part in value.EnumerateArray())
            {
                if (part.ValueKind != JsonValueKind.Object || !part.TryGetProperty("type", out var type) || type.GetString() != "text"
                    || !part.TryGetProperty("text", out var partText) || partText.ValueKind != JsonValueKind.String)
                {
                    throw OpenAiException.Invalid($"messages[{index}].content: only text parts are supported by this model.", $"messages[{index}].content");
                }
                text.Append(partText.GetString());
            }
            return text.ToString();
        }
        throw OpenAiException.Invalid($"messages[{index}].content must be a string or an array of text parts.", $"messages[{index}].content");
    }
}
