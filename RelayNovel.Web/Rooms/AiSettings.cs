namespace RelayNovel.Web.Rooms;

/// <summary>Sampler and pacing settings the room's AI seats write with.</summary>
public sealed record AiSettings(float Temperature = 0.8f, int TopK = 50, float TopP = 0.95f,
    float RepetitionPenalty = 1.1f, int MaxTokens = 120, bool EndAtSentence = true, AiPace Pace = AiPace.Natural);
