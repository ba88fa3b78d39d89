using Microsoft.AspNetCore.Components.Server.Circuits;
using RelayNovel.Web.Rooms;

namespace RelayNovel.Web.Hosting;

/// <summary>
/// One per circuit, and the circuit's only handler of its connection: it follows the room presences the circuit's
/// pages hold (one per open room page, from <see cref="RoomService.Connect"/>) and reports the circuit and those pages
/// to <see cref="CircuitActivity"/> for /metrics. When the browser's connection drops (a closed laptop, a killed tab),
/// Blazor keeps the circuit for minutes in case it comes back; the room should not wait that long to show the person
/// as disconnected (and to stop writing for nobody), so their presences pause now and resume if the circuit reconnects.
/// </summary>
public sealed class CircuitRoomPresence(CircuitActivity activity) : CircuitHandler
{
    private readonly Lock _gate = new();
    private readonly List<Page> _pages = [];
    private bool _down;
    private bool _up;

    /// <summary>Follows a presence from <see cref="RoomService.Connect"/>; disposing the result disposes it.</summary>
    public IDisposable Track(IDisposable presence)
    {
        if (presence is not RoomConnection connection)
        {
            return presence;
        }
        var page = new Page(this, connection);
        lock (_gate)
        {
            _pages.Add(page);
            if (_down)
            {
                connection.Pause();
            }
            else
            {
                Show(page);
            }
        }
        return page;
    }

    public override Task OnConnectionDownAsync(Circuit circuit, CancellationToken cancellationToken)
    {
        GoDown();
        return Task.CompletedTask;
    }

    public override Task OnConnectionUpAsync(Circuit circuit, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            if (!_up)
            {
                _up = true;
                activity.CircuitUp();
            }
            _down = false;
            foreach (var page in _pages)
            {
                page.Connection.Resume();
                Show(page);
            }
        }
        return Task.CompletedTask;
    }

    public override Task OnCircuitClosedAsync(Circuit circuit, CancellationToken cancellationToken)
    {
        GoDown();
        return Task.CompletedTask;
    }

    private void GoDown()
    {
        lock (_gate)
        {
            if (_up)
            {
                _up = false;
                activity.CircuitDown();
            }
            _down = true;
            foreach (var page in _pages)
            {
                page.Connection.Pause();
                Hide(page);
            }
        }
    }

    private void Release(Page page)
    {
        lock (_gate)
        {
            if (!_pages.Remove(page))
            {
                return;
            }
            Hide(page);
        }
        page.Connection.Dispose();
    }

    // The caller holds _gate; Shown keeps each page counted at most once however the events interleave.
    private void Show(Page page)
    {
        if (!page.Shown)
        {
            page.Shown = true;
            activity.PageShown(page.Connection.RoomId);
        }
    }

    private void Hide(Page page)
    {
        if (page.Shown)
        {
            page.Shown = false;
            activity.PageHidden(page.Connection.RoomId);
        }
    }

    /// <summary>An open room page's presence, as its page holds it.</summary>
    private sealed class Page(CircuitRoomPresence owner, RoomConnection connection) : IDisposable
    {
        public RoomConnection Connection { get; } = connection;

        public bool Shown { get; set; }

        public void Dispose() => owner.Release(this);
    }
}
