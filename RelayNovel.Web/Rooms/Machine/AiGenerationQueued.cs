namespace RelayNovel.Web.Rooms.Machine;

/// <summary>The engine took the generation; Position 1 = starts next, 0 = running.</summary>
public sealed record AiGenerationQueued(long GenerationId, int Position) : RoomCommand;
