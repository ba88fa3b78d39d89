using Microsoft.AspNetCore.Components.Server.Circuits;
using RelayNovel.Web.Rooms.Grains;

namespace RelayNovel.Web.Hosting;

/// <summary>
/// One per circuit, and the circuit's only handler of its connection: it follows the room presences the circuit's
/// pages hold (one per open room page, from <see cref="RoomClient.ConnectAsync"/>) and reports the circuit and those pages
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

    /// <summary>Follows a presence from <see cref="RoomClient.ConnectAsync"/>; disposing the result disposes it.</summary>
    public async Task<IAsyncDisposable> TrackAsync(RoomPresence presence)
    {
        var page = new Page(this, presence);
        bool down;
        lock (_gate)
        {
            _pages.Add(page);
            down = _down;
            if (!down)
            {
                Show(page);
            }
        }
        if (down)
        {
            await presence.PauseAsync();   // opened while the browser was away: shown disconnected
        }
        return page;
    }

    public override async Task OnConnectionDownAsync(Circuit circuit, CancellationToken cancellationToken) => await GoDownAsync();

    public override async Task OnConnectionUpAsync(Circuit circuit, CancellationToken cancellationToken)
    {
        List<Page> pages;
        lock (_gate)
        {
            if (!_up)
            {
                _up = true;
                activity.CircuitUp();
            }
            _down = false;
            pages = [.. _pages];
            foreach (var page in pages)
            {
                Show(page);
            }
        }
        foreach (var page in pages)
        {
            await page.Presence.ResumeAsync();
        }
    }

    public override async Task OnCircuitClosedAsync(Circuit circuit, CancellationToken cancellationToken) => await GoDownAsync();

    private async Task GoDownAsync()
    {
        List<Page> pages;
        lock (_gate)
        {
            if (_up)
            {
                _up = false;
                activity.CircuitDown();
            }
            _down = true;
            pages = [.. _pages];
            foreach (var page in pages)
            {
                Hide(page);
            }
        }
        foreach (var page in pages)
        {
            await page.Presence.PauseAsync();
        }
    }

    private async ValueTask ReleaseAsync(Page page)
    {
        lock (_gate)
        {
            if (!_pages.Remove(page))
            {
                return;
            }
            Hide(page);
        }
        await page.Presence.DisposeAsync();
    }

    // The caller holds _gate; Shown keeps each page counted at most once however the events interleave.
    private void Show(Page page)
    {
        if (!page.Shown)
        {
            page.Shown = true;
            activity.PageShown(page.Presence.RoomId);
        }
    }

    private void Hide(Page page)
    {
        if (page.Shown)
        {
            page.Shown = false;
            activity.PageHidden(page.Presence.RoomId);
        }
    }

    /// <summary>An open room page's presence, as its page holds it.</summary>
    private sealed class Page(CircuitRoomPresence owner, RoomPresence presence) : IAsyncDisposable
    {
        public RoomPresence Presence { get; } = presence;

        public bool Shown { get; set; }

        public ValueTask DisposeAsync() => owner.ReleaseAsync(this);
    }
}
