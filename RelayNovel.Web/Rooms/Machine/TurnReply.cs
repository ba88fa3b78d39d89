namespace RelayNovel.Web.Rooms.Machine;

/// <summary>The turn a submit committed (or found already committed), or an undo withdrew.</summary>
public sealed record TurnReply(TurnView Turn) : RoomReply;
