namespace RelayNovel.Web.Rooms.Machine;

/// <summary>The owner empties a human seat.</summary>
public sealed record KickSeat(string OwnerKey, int SeatIndex) : RoomCommand;
