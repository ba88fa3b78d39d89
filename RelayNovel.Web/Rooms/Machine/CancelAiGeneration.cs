namespace RelayNovel.Web.Rooms.Machine;

/// <summary>Stop a generation (free its place in line, or end it within a step); its late chunks are ignored.</summary>
public sealed record CancelAiGeneration(long GenerationId) : RoomEffect;
