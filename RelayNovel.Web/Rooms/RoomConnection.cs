namespace RelayNovel.Web.Rooms;

/// <summary>
/// An open page's presence in a room; disposing it (once) marks the page gone. A page whose browser connection
/// drops is <see cref="Pause">paused</see> (shown disconnected at once, not when Blazor finally gives up on the
/// circuit minutes later) and <see cref="Resume">resumed</see> if the browser reconnects.
/// </summary>
internal sealed class RoomConnection(RoomService service, Room room, string? bucket) : IDisposable
{
    private readonly Lock _gate = new();
    private State _state = State.Present;

    private enum State { Present, Paused, Gone }

    public string RoomId => room.Id;

    public void Pause()
    {
        lock (_gate)
        {
            if (_state != State.Present)
            {
                return;
            }
            _state = State.Paused;
            service.Disconnect(room, bucket);
        }
    }

    public void Resume()
    {
        lock (_gate)
        {
            if (_state == State.Paused && service.Reconnect(room, bucket))
            {
                _state = State.Present;
            }
        }
    }

    public void Dispose()
    {
        lock (_gate)
        {
            if (_state == State.Present)
            {
                service.Disconnect(room, bucket);
            }
            _state = State.Gone;
        }
    }
}
