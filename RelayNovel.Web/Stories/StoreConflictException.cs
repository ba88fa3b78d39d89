namespace RelayNovel.Web.Stories;

/// <summary>A save was made against a version the store no longer holds: another owner changed the room. Nothing was written.</summary>
public sealed class StoreConflictException(string roomId, long expected, long actual)
    : Exception($"Room {roomId} is at version {actual}, not {expected}: it was changed by another owner.")
{
    public string RoomId { get; } = roomId;
    public long Expected { get; } = expected;
    public long Actual { get; } = actual;
}
