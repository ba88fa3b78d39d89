namespace RelayNovel.Web.Rooms.Machine;

/// <summary>The engine started the generation.</summary>
public sealed record AiGenerationStarted(long GenerationId) : RoomCommand;
