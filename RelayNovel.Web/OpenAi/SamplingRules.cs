using System.Text.Json;
using RelayNovel.Inference.Generation;

namespace RelayNovel.Web.OpenAi;

/// <summary>Checks OpenAI sampling parameters (OpenAI's defaults and ranges) and turns them into <see cref="GenerationOptions"/>.</summary>
public static class SamplingRules
{
    /// <summary>OpenAI allows 4; text-completion front ends such as SillyTavern send more, as vLLM accepts.</summary>
    public const int MaxStopSequences = 16;

    public static GenerationOptions ToOptions(SamplingRequest request, int maxTokens)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.N is { } n && n != 1)
        {
            throw OpenAiException.Invalid($"Only n=1 is supported (got {n}); send one request per completion.", "n");
        }
        if (maxTokens < 1)
        {
            throw OpenAiException.Invalid($"max_tokens must be at least 1 (got {maxTokens}).", "max_tokens");
        }
        var temperature = request.Temperature ?? 1f;
        if (!float.IsFinite(temperature) || temperature is < 0f or > 2f)
        {
            throw OpenAiException.Invalid($"temperature must be between 0 and 2 (got {temperature}).", "temperature");
        }
        var topP = request.TopP ?? 1f;
        if (!float.IsFinite(topP) || topP is <= 0f or > 1f)
        {
            throw OpenAiException.Invalid($"top_p must be greater than 0 and at most 1 (got {topP}).", "top_p");
        }
        var topK = request.TopK ?? 0;
        if (topK < 0)
        {
            throw OpenAiException.Invalid($"top_k must be 0 (off) or positive (got {topK}).", "top_k");
        }
        var penalty = request.RepetitionPenalty ?? 1f;
        if (!float.IsFinite(penalty) || penalty is <= 0f or > 10f)
        {
            throw OpenAiException.Invalid($"repetition_penalty must be greater than 0 and at most 10 (got {penalty}).", "repetition_penalty");
        }
        return new GenerationOptions
        {
            MaxNewTokens = Math.Min(maxTokens, GenerationOptions.MaxAllowedNewTokens),
            Temperature = temperature,
            TopP = topP,
            TopK = topK,
            RepetitionPenalty = penalty,
            StopStrings = Stops(request.Stop),
            // -1 asks for a fresh seed, as llama.cpp and text-generation-webui read it (SillyTavern sends it by default).
            Seed = request.Seed is { } seed and not -1 ? Fold(seed) : null,
        };
    }

    /// <summary>OpenAI seeds are 64-bit, ours 32: an int seed is kept as it is, a larger one folded.</summary>
    private static int Fold(long seed) => seed is >= int.MinValue and <= int.MaxValue ? (int)seed : (int)(seed ^ (seed >> 32));

    private static string[] Stops(JsonElement? stop)
    {
        if (stop is not { } value || value.ValueKind == JsonValueKind.Null)
        {
            return [];
        }
        string[] stops = value.ValueKind switch
        {
            JsonValueKind.String => [value.GetString()!],
            JsonValueKind.Array when value.EnumerateArray().All(e => e.ValueKind == JsonValueKind.String) =>
                [.. value.EnumerateArray().Select(e => e.GetString()!)],
            _ => throw OpenAiException.Invalid("stop must be a string or an array of strings.", "stop"),
        };
        if (stops.Length > MaxStopSequences)
        {
            throw OpenAiException.Invalid($"stop takes at most {MaxStopSequences} sequences (got {stops.Length}).", "stop");
        }
        if (stops.Any(string.IsNullOrEmpty))
        {
            throw OpenAiException.Invalid("stop sequences must not be empty.", "stop");
        }
        return stops;
    }
}
