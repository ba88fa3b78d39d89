using RelayNovel.Web.Rooms;

namespace RelayNovel.Web.Stories;

/// <summary>The sampler settings an AI turn was written with (kept with the turn for replay).</summary>
public sealed class SamplerRecord
{
    public float Temperature { get; set; }
    public int TopK { get; set; }
    public float TopP { get; set; }
    public float RepetitionPenalty { get; set; }
    public int MaxTokens { get; set; }
    public bool EndAtSentence { get; set; }

    public static SamplerRecord From(AiSettings ai) => new()
    {
        Temperature = ai.Temperature, TopK = ai.TopK, TopP = ai.TopP,
        RepetitionPenalty = ai.RepetitionPenalty, MaxTokens = ai.MaxTokens, EndAtSentence = ai.EndAtSentence,
    };

    public AiSettings ToAiSettings(AiPace pace) =>
        new(Temperature, TopK, TopP, RepetitionPenalty, MaxTokens, EndAtSentence, pace);
}
