namespace RelayNovel.Web.Rooms;

/// <summary>A forked room's source: the room it was forked from and the turn (0-based) it holds the history up to.</summary>
public sealed record ForkOrigin(string RoomId, int TurnIndex);
