namespace RelayNovel.Web.Rooms;

/// <summary>Something that changed in a room; pages re-read the room's snapshot on their next render tick.</summary>
public abstract record RoomEvent(string RoomId)
{
    /// <summary>
    /// The room's own event number, given by the room's owner when it publishes (1, 2, 3... with no gaps); a feed
    /// resumes after the last number it delivered. 0 until published.
    /// </summary>
    public long Seq { get; init; }
}
