namespace RelayNovel.Web.Rooms;

/// <summary>An author took back their last turn: it stays in the history marked withdrawn and the baton is theirs again.</summary>
public sealed record TurnWithdrawn(string RoomId, TurnView Turn) : RoomEvent(RoomId);
