namespace RelayNovel.Web.Rooms.Grains;

/// <summary>
/// An open page's presence in a room, from <see cref="RoomClient.ConnectAsync"/>; disposing it (once) marks the page
/// gone. A page whose browser connection drops is <see cref="PauseAsync">paused</see> (shown disconnected at once,
/// not when Blazor gives up on the circuit minutes later) and <see cref="ResumeAsync">resumed</see> if the browser
/// comes back; a room loaded again meanwhile counts the page afresh.
/// </summary>
public sealed class RoomPresence : IAsyncDisposable
{
    private readonly IRoomGrain _room;
    private readonly string? _participantKey;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private PageTicket _ticket;
    private State _state = State.Present;

    internal RoomPresence(string roomId, IRoomGrain room, string? participantKey, PageTicket ticket)
    {
        (RoomId, _room, _participantKey, _ticket) = (roomId, room, participantKey, ticket);
    }

    private enum State { Present, Paused, Gone }

    public string RoomId { get; }

    public Task PauseAsync() => UnderGateAsync(async () =>
    {
        if (_state == State.Present)
        {
            _state = State.Paused;
            await CloseAsync();
        }
    });

    public Task ResumeAsync() => UnderGateAsync(async () =>
    {
        if (_state != State.Paused)
        {
            return;
        }
        if (!await RoomClient.Reach(_room.ReopenPage(_ticket)))
        {
            _ticket = await RoomClient.Reach(_room.OpenPage(_participantKey)) ?? _ticket;   // the room was loaded again: count the page there
        }
        _state = State.Present;
    });

    public async ValueTask DisposeAsync()
    {
        await UnderGateAsync(async () =>
        {
            if (_state == State.Present)
            {
                await CloseAsync();
            }
            _state = State.Gone;
        });
    }

    private async Task CloseAsync()
    {
        try
        {
            await RoomClient.Reach(_room.ClosePage(_ticket));
        }
        catch (RoomException ex) when (ex.Code == RoomErrorCode.StoreUnavailable)
        {
            // The room could not save the change and left memory: the activation that counted this page is gone.
        }
    }

    private async Task UnderGateAsync(Func<Task> action)
    {
        await _gate.WaitAsync();
        try
        {
            await action();
        }
        finally
        {
            _gate.Release();
        }
    }
}
