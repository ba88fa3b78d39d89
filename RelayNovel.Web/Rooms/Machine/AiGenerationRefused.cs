namespace RelayNovel.Web.Rooms.Machine;

/// <summary>The engine's waiting line was full: the room asks again on a later beat.</summary>
public sealed record AiGenerationRefused(long GenerationId) : RoomCommand;
