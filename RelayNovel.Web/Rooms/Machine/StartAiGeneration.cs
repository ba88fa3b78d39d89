namespace RelayNovel.Web.Rooms.Machine;

/// <summary>Admit one generation (a row per seed: one for an attempt, K for a vote) and send AiGenerationQueued or AiGenerationRefused at once, then its progress.</summary>
public sealed record StartAiGeneration(long GenerationId, AiPrompt Prompt, AiSettings Settings, IReadOnlyList<int> Seeds) : RoomEffect;
