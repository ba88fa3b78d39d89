namespace RelayNovel.Web.Rooms;

/// <summary>An open page's presence in a room; disposing it (once) marks the page gone.</summary>
internal sealed class RoomConnection(RoomService service, Room room, string? bucket) : IDisposable
{
    private int _disposed;

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 0)
        {
            service.Disconnect(room, bucket);
        }
    }
}
