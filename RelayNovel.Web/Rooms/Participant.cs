namespace RelayNovel.Web.Rooms;

/// <summary>Who a key belongs to in a room. The owner key on its own identifies as a seatless owner.</summary>
public sealed record Participant(string RoomId, int? SeatIndex, string Name, bool IsOwner);
