namespace RelayNovel.Web.Rooms.Machine;

/// <summary>A chunk of one candidate's text (0 for a single attempt).</summary>
public sealed record AiTokens(long GenerationId, int Candidate, AiChunk Chunk) : RoomCommand;
