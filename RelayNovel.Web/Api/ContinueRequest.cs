using RelayNovel.Inference.Generation;
using RelayNovel.Web.Rooms;

namespace RelayNovel.Web.Api;

/// <summary>
/// <c>POST /api/continue</c>: text to continue and optional sampler settings (defaults: the rooms' AI defaults).
/// <see cref="Stop"/>: generation ends before the first occurrence of any of these strings.
/// </summary>
public sealed record ContinueRequest(string? Text, int? MaxTokens = null, float? Temperature = null, int? TopK = null,
    float? TopP = null, float? RepetitionPenalty = null, int? Seed = null, IReadOnlyList<string>? Stop = null)
{
    public const int MaxTextChars = 20_000;
    public const int MaxStopStrings = 4;
    public const int MaxStopChars = 64;

    /// <summary>What is wrong with the request, in words for the caller; null when it can run.</summary>
    public string? Problem(int? contextLength)
    {
        var maxTokens = Math.Min(GenerationOptions.MaxAllowedNewTokens, contextLength is int c and > 1 ? c - 1 : int.MaxValue);
        return string.IsNullOrWhiteSpace(Text) ? "text is required: the story to continue."
            : Text.Length > MaxTextChars ? $"text is {Text.Length} characters; at most {MaxTextChars} are accepted."
            : MaxTokens is int m && (m < 1 || m > maxTokens) ? $"maxTokens must be between 1 and {maxTokens}, got {m}."
            : Temperature is float t && !(t >= 0 && t <= 10) ? $"temperature must be between 0 (greedy) and 10, got {t}."
            : TopK is int k && (k < 0 || k > 100_000) ? $"topK must be 0 (off) or a positive number of tokens, got {k}."
            : TopP is float p && !(p > 0 && p <= 1) ? $"topP must be greater than 0 and at most 1, got {p}."
            : RepetitionPenalty is float r && !(r > 0 && r <= 10) ? $"repetitionPenalty must be greater than 0 and at most 10 (1 = off), got {r}."
            : Stop is { Count: > MaxStopStrings } ? $"stop takes at most {MaxStopStrings} strings."
            : Stop?.Any(s => string.IsNullOrEmpty(s) || s.Length > MaxStopChars) == true ? $"each stop string must be 1 to {MaxStopChars} characters."
            : null;
    }

    /// <summary>The sampler settings; a continuation runs to its token budget (no sentence-end cut, no pacing).</summary>
    public AiSettings ToSettings()
    {
        var defaults = new AiSettings();
        return defaults with
        {
            MaxTokens = MaxTokens ?? defaults.MaxTokens,
            Temperature = Temperature ?? defaults.Temperature,
            TopK = TopK ?? defaults.TopK,
            TopP = TopP ?? defaults.TopP,
            RepetitionPenalty = RepetitionPenalty ?? defaults.RepetitionPenalty,
            EndAtSentence = false,
            Pace = AiPace.AsGenerated,
        };
    }
}
