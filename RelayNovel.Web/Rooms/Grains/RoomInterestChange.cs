namespace RelayNovel.Web.Rooms.Grains;

/// <summary>
/// A room gained its first local subscriber (+1) or lost its last (-1); <paramref name="Generation"/> tells one
/// stretch of interest in the room from the next, so following an earlier one never counts for a later one.
/// </summary>
public readonly record struct RoomInterestChange(string RoomId, int Delta, long Generation);
