namespace RelayNovel.Web.Rooms.Machine;

/// <summary>The seat taken.</summary>
public sealed record SeatReply(int SeatIndex) : RoomReply;
