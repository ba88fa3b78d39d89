namespace RelayNovel.Web.Rooms.Machine;

/// <summary>A spectator sits down in a free seat (null: the first free one), keeping their key.</summary>
public sealed record TakeSeat(string ParticipantKey, int? SeatIndex) : RoomCommand;
