namespace RelayNovel.Web.Rooms.Grains;

/// <summary>A room gained its first local subscriber (+1) or lost its last (-1).</summary>
public readonly record struct RoomInterestChange(string RoomId, int Delta);
