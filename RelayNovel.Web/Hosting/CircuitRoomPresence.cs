using Microsoft.AspNetCore.Components.Server.Circuits;
using RelayNovel.Web.Rooms;

namespace RelayNovel.Web.Hosting;

/// <summary>
/// One per circuit: the room presences its pages hold. When the browser's connection drops (a closed laptop, a
/// killed tab), Blazor keeps the circuit for minutes in case it comes back; the room should not wait that long to
/// show the person as disconnected (and to stop writing for nobody), so their presences pause now and resume if the
/// same circuit reconnects.
/// </summary>
public sealed class CircuitRoomPresence : CircuitHandler
{
    private readonly Lock _gate = new();
    private readonly List<RoomConnection> _connections = [];
    private bool _down;

    /// <summary>Follows a presence from <see cref="RoomService.Connect"/>; disposing the result disposes it.</summary>
    public IDisposable Track(IDisposable presence)
    {
        if (presence is not RoomConnection connection)
        {
            return presence;
        }
        lock (_gate)
        {
            _connections.Add(connection);
            if (_down)
            {
                connection.Pause();
            }
        }
        return new Tracked(this, connection);
    }

    public override Task OnConnectionDownAsync(Circuit circuit, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            _down = true;
            _connections.ForEach(c => c.Pause());
        }
        return Task.CompletedTask;
    }

    public override Task OnConnectionUpAsync(Circuit circuit, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            _down = false;
            _connections.ForEach(c => c.Resume());
        }
        return Task.CompletedTask;
    }

    private void Release(RoomConnection connection)
    {
        lock (_gate)
        {
            _connections.Remove(connection);
        }
        connection.Dispose();
    }

    private sealed class Tracked(CircuitRoomPresence owner, RoomConnection connection) : IDisposable
    {
        public void Dispose() => owner.Release(connection);
    }
}
