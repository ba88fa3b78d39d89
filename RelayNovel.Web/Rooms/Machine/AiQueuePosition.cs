namespace RelayNovel.Web.Rooms.Machine;

/// <summary>The generation's place in the engine's line changed.</summary>
public sealed record AiQueuePosition(long GenerationId, int Position) : RoomCommand;
