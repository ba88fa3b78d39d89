namespace RelayNovel.Inference.Generation;

/// <summary>How one generation samples and when it stops. <see cref="Validate"/> checks every range.</summary>
public sealed record GenerationOptions
{
    public const int MaxAllowedNewTokens = 4096;

    public int MaxNewTokens { get; init; } = 120;

    /// <summary>End-of-text is suppressed until this many tokens exist.</summary>
    public int MinNewTokens { get; init; }

    /// <summary>0 means greedy decoding (always the most likely token).</summary>
    public float Temperature { get; init; } = 0.8f;

    /// <summary>0 turns top-k filtering off.</summary>
    public int TopK { get; init; } = 50;

    /// <summary>1 turns nucleus filtering off.</summary>
    public float TopP { get; init; } = 0.95f;

    /// <summary>1 turns it off; above 1 makes tokens already in the prompt or output less likely.</summary>
    public float RepetitionPenalty { get; init; } = 1.1f;

    /// <summary>0 turns it off; n forbids any n-gram from occurring twice.</summary>
    public int NoRepeatNgramSize { get; init; }

    /// <summary>Same seed, same model, same prompt: same text. Null draws a fresh seed.</summary>
    public int? Seed { get; init; }

    /// <summary>Generation ends before the first occurrence of any of these in the generated text.</summary>
    public IReadOnlyList<string> StopStrings { get; init; } = [];

    /// <summary>When set, generation ends at the first sentence end once this many new tokens exist.</summary>
    public int? EndAtSentenceAfter { get; init; }

    /// <summary>Throws <see cref="ArgumentException"/> naming the first out-of-range setting.</summary>
    public void Validate()
    {
        if (MaxNewTokens is < 1 or > MaxAllowedNewTokens)
        {
            throw new ArgumentException($"MaxNewTokens must be between 1 and {MaxAllowedNewTokens}, got {MaxNewTokens}.", nameof(MaxNewTokens));
        }

        if (MinNewTokens < 0 || MinNewTokens > MaxNewTokens)
        {
            throw new ArgumentException($"MinNewTokens must be between 0 and MaxNewTokens ({MaxNewTokens}), got {MinNewTokens}.", nameof(MinNewTokens));
        }

        if (!float.IsFinite(Temperature) || Temperature is < 0f or > 10f)
        {
            throw new ArgumentException($"Temperature must be between 0 (greedy) and 10, got {Temperature}.", nameof(Temperature));
        }

        if (TopK < 0)
        {
            throw new ArgumentException($"TopK must be 0 (off) or positive, got {TopK}.", nameof(TopK));
        }

        if (!float.IsFinite(TopP) || TopP is <= 0f or > 1f)
        {
            throw new ArgumentException($"TopP must be greater than 0 and at most 1, got {TopP}.", nameof(TopP));
        }

        if (!float.IsFinite(RepetitionPenalty) || RepetitionPenalty is <= 0f or > 10f)
        {
            throw new ArgumentException($"RepetitionPenalty must be greater than 0 and at most 10 (1 = off), got {RepetitionPenalty}.", nameof(RepetitionPenalty));
        }

        if (NoRepeatNgramSize < 0)
        {
            throw new ArgumentException($"NoRepeatNgramSize must be 0 (off) or positive, got {NoRepeatNgramSize}.", nameof(NoRepeatNgramSize));
        }

        if (StopStrings is null || StopStrings.Any(string.IsNullOrEmpty))
        {
            throw new ArgumentException("StopStrings must not be null or contain empty strings.", nameof(StopStrings));
        }

        if (EndAtSentenceAfter is < 0)
        {
            throw new ArgumentException($"EndAtSentenceAfter must be null or at least 0, got {EndAtSentenceAfter}.", nameof(EndAtSentenceAfter));
        }
    }
}
