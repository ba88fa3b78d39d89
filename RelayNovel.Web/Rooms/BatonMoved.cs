namespace RelayNovel.Web.Rooms;

/// <summary>The baton is at a new seat (or its timer restarted).</summary>
public sealed record BatonMoved(string RoomId, int SeatIndex, DateTimeOffset? Deadline) : RoomEvent(RoomId);
