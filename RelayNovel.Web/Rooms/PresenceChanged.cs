namespace RelayNovel.Web.Rooms;

/// <summary>Someone joined, left, connected, disconnected, was kicked, or started or stopped typing.</summary>
public sealed record PresenceChanged(string RoomId, IReadOnlyList<SeatView> Seats, int SpectatorCount) : RoomEvent(RoomId);
