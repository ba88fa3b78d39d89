namespace RelayNovel.Web.Rooms;

/// <summary>The room's AI request moved in the generation queue (1 = next; null = not queued any more).</summary>
public sealed record QueueChanged(string RoomId, int? Position) : RoomEvent(RoomId);
