namespace RelayNovel.Web.Rooms;

/// <summary>A turn is stored (durably, before this event) and part of the story.</summary>
public sealed record TurnCommitted(string RoomId, TurnView Turn) : RoomEvent(RoomId);
