namespace RelayNovel.Web.Rooms;

/// <summary>
/// The AI's last turn (at <paramref name="Index"/>) was taken out of the story to be written again (a retry after
/// commit); its text is kept as an alternative of the turn that replaces it.
/// </summary>
public sealed record TurnReopened(string RoomId, int Index) : RoomEvent(RoomId);
