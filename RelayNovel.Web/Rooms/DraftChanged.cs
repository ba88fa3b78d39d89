namespace RelayNovel.Web.Rooms;

/// <summary>The baton holder's draft changed (fanned out at most ~10 times a second).</summary>
public sealed record DraftChanged(string RoomId, int SeatIndex, string Text) : RoomEvent(RoomId);
