namespace RelayNovel.Web.Rooms;

/// <summary>The AI turn's visible text or state moved on.</summary>
public sealed record AiProgress(string RoomId, AiStreamView Stream) : RoomEvent(RoomId);
