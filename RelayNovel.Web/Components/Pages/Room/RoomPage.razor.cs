using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Http;
using Microsoft.JSInterop;
using RelayNovel.Web.Components.Shared;
using RelayNovel.Web.Hosting;
using RelayNovel.Web.Rooms;
using RelayNovel.Web.Rooms.Grains;
using RelayNovel.Web.Rooms.Machine;

namespace RelayNovel.Web.Components.Pages.Room;

/// <summary>
/// The room: one page per open tab. Room events only mark the page dirty; a 50 ms timer renders from a fresh
/// snapshot when something changed, so a fast AI stream costs one render per tick per circuit, not one per token.
/// </summary>
public sealed partial class RoomPage : IAsyncDisposable
{
    private static readonly TimeSpan RenderInterval = TimeSpan.FromMilliseconds(50);
    private static readonly TimeSpan UnavailableRetry = TimeSpan.FromSeconds(1);

    private readonly CancellationTokenSource _stop = new();
    private RoomSnapshot? _snapshot;
    private string? _loadedRoomId;
    private string? _unavailable;   // why the room could not be loaded just now (its server or store away), else null
    private bool _loading = true;
    private bool _identifying;
    private Participant? _participant;
    private string? _participantKey;
    private string? _ownerKey;
    private bool _isOwner;
    private bool _ready;
    private string? _rememberedName;
    private bool _muted;
    private string _notificationPermission = "unsupported";
    private bool _busy;
    private string? _joinError;
    private string? _ownerError;
    private string? _aiError;
    private string? _seatError;
    private string? _submissionId;
    private bool _wasMyTurn;
    private IDisposable? _subscription;
    private IAsyncDisposable? _presence;
    private PeriodicTimer? _timer;
    private Task? _renderLoop;
    private int _dirty;
    private long _renderedSecond;

    [Parameter] public string RoomId { get; set; } = "";

    [CascadingParameter] private HttpContext? HttpContext { get; set; }

    [Inject] private RoomClient Rooms { get; set; } = default!;
    [Inject] private RoomBroadcaster Broadcaster { get; set; } = default!;
    [Inject] private CircuitRoomPresence Presence { get; set; } = default!;
    [Inject] private IJSRuntime JS { get; set; } = default!;

    private bool IsMyTurn =>
        _snapshot is { } room && _participant?.SeatIndex is { } seat && room.BatonSeatIndex == seat
        && room.Seats.Any(s => s.Index == seat && s.Kind == SeatKind.Human);

    private bool HasAiSeat => _snapshot?.Seats.Any(s => s.Kind == SeatKind.Ai) == true;

    /// <summary>What this page's viewer may do, by the room's rules (the snapshot carries it).</summary>
    private RoomPermissions Can => _snapshot?.Permissions ?? RoomPermissions.Reader;

    private bool CanStop => Can.CanStopAi;

    /// <summary>The room's one retry rule (the writer before the AI, withdrawn turns not counted, or the owner).</summary>
    private bool CanRetry => Can.CanRetryAi;

    private string PageTitleText => _snapshot is null
        ? L["Room.NotFoundTitle"]
        : IsMyTurn ? $"✍ {L["Turn.Yours"]} · {_snapshot.Settings.Title}" : $"{_snapshot.Settings.Title} · {L["App.Name"]}";

    protected override async Task OnParametersSetAsync()
    {
        if (_loadedRoomId == RoomId)
        {
            return;
        }
        await StopWatchingAsync();
        _loadedRoomId = RoomId;
        _loading = true;
        // Prerendering produces static HTML only; the live subscription belongs to the interactive circuit. It starts
        // before the snapshot is read, once this node follows the room: no change falls between the two.
        if (RendererInfo.IsInteractive)
        {
            _subscription = Broadcaster.Subscribe(RoomId, OnRoomEvent);
            await Broadcaster.FollowingAsync(RoomId);
        }
        try
        {
            _snapshot = await Rooms.GetAsync(RoomId, _participantKey, _ownerKey);
            _unavailable = null;
        }
        catch (RoomException ex) when (ex.Code == RoomErrorCode.StoreUnavailable)
        {
            // The room's server or store is away for a moment (a node was lost): say so and offer to load it again.
            _loading = false;
            _loadedRoomId = null;
            _unavailable = RoomErrorText.For(L, ex);
            await StopWatchingAsync();
            if (HttpContext is { Response.HasStarted: false })
            {
                HttpContext.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
            }
            return;
        }
        _loading = false;
        if (_snapshot is null)
        {
            await StopWatchingAsync();
            if (HttpContext is { Response.HasStarted: false })
            {
                HttpContext.Response.StatusCode = StatusCodes.Status404NotFound;
            }
            return;
        }
        if (RendererInfo.IsInteractive)
        {
            _presence = await Presence.TrackAsync(await Rooms.ConnectAsync(RoomId, null));
            _timer = new PeriodicTimer(RenderInterval);
            _renderLoop = RenderLoopAsync(_timer, _stop.Token);
        }
    }

    protected override async Task OnAfterRenderAsync(bool firstRender)
    {
        // The first render that shows the room (the very first one may still show the loading bar).
        if (_identifying || !RendererInfo.IsInteractive || _snapshot is null)
        {
            return;
        }
        _identifying = true;
        var storage = new BrowserStorage(JS);
        var remembered = await storage.GetRoomAsync(RoomId);
        _rememberedName = await storage.GetAsync(BrowserStorage.DisplayNameKey);
        _muted = await storage.GetAsync(BrowserStorage.MutedKey) == "1";
        _notificationPermission = await JS.InvokeAsync<string>("relayNovel.notifications.permission") ?? "unsupported";
        if (remembered?.OwnerKey is { } ownerKey && await Rooms.IsOwnerAsync(RoomId, ownerKey))
        {
            _ownerKey = ownerKey;
            _isOwner = true;
        }
        if (remembered?.ParticipantKey is { } key && await Rooms.IdentifyAsync(RoomId, key) is { } participant)
        {
            await UseIdentityAsync(key, participant);
        }
        _snapshot = await Rooms.GetAsync(RoomId, _participantKey, _ownerKey) ?? _snapshot;   // with this viewer's permissions
        if (remembered is not null)
        {
            await storage.SaveRoomAsync(remembered with { Title = _snapshot.Settings.Title });
        }
        _ready = true;
        await SignalTurnAsync();
        StateHasChanged();
    }

    private ValueTask OnRoomEvent(RoomEvent roomEvent)
    {
        Interlocked.Exchange(ref _dirty, 1);
        return ValueTask.CompletedTask;
    }

    private async Task RenderLoopAsync(PeriodicTimer timer, CancellationToken ct)
    {
        try
        {
            while (await timer.WaitForNextTickAsync(ct))
            {
                // The countdown needs one render a second even when nothing else happens.
                var second = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
                var countdownTick = _snapshot?.TurnDeadline is not null && second != _renderedSecond;
                if (Interlocked.Exchange(ref _dirty, 0) == 1 || countdownTick)
                {
                    _renderedSecond = second;
                    try
                    {
                        await InvokeAsync(RefreshAsync);
                    }
                    catch (RoomException ex) when (ex.Code == RoomErrorCode.StoreUnavailable)
                    {
                        // The room's server or store is away for a moment (a node was lost and the room is loading on
                        // another): the page keeps what it shows and reads the room again shortly, rather than stop.
                        Interlocked.Exchange(ref _dirty, 1);
                        await Task.Delay(UnavailableRetry, ct);
                    }
                }
            }
        }
        catch (OperationCanceledException)
        {
            // Page closed.
        }
        catch (ObjectDisposedException)
        {
            // Circuit torn down between the tick and the render.
        }
    }

    private async Task RefreshAsync()
    {
        _snapshot = await Rooms.GetAsync(RoomId, _participantKey, _ownerKey);
        if (_participantKey is not null)
        {
            // A kicked participant loses the seat; the join panel comes back.
            _participant = await Rooms.IdentifyAsync(RoomId, _participantKey);
        }
        await SignalTurnAsync();
        StateHasChanged();
    }

    private async Task SignalTurnAsync()
    {
        var mine = IsMyTurn;
        if (!_ready || mine == _wasMyTurn)
        {
            return;
        }
        _wasMyTurn = mine;
        try
        {
            if (mine)
            {
                await JS.InvokeVoidAsync("relayNovel.turn.announce", $"✍ {L["Turn.Yours"]}", _snapshot?.Settings.Title ?? "", _muted);
            }
            else
            {
                await JS.InvokeVoidAsync("relayNovel.turn.reset");
            }
        }
        catch (JSDisconnectedException)
        {
            // Tab closed while the baton moved.
        }
    }

    private async Task UseIdentityAsync(string participantKey, Participant participant)
    {
        _participantKey = participantKey;
        _participant = participant;
        if (_presence is { } previous)
        {
            _presence = null;
            await previous.DisposeAsync();
        }
        _presence = await Presence.TrackAsync(await Rooms.ConnectAsync(RoomId, participantKey));
    }

    private async Task SetMutedAsync(bool muted)
    {
        _muted = muted;
        await new BrowserStorage(JS).SetAsync(BrowserStorage.MutedKey, muted ? "1" : "0");
    }

    private async Task AskNotificationPermissionAsync() =>
        _notificationPermission = await JS.InvokeAsync<string>("relayNovel.notifications.request") ?? "unsupported";

    private string SeatLabel(SeatView? seat) => seat switch
    {
        null => "",
        { Kind: SeatKind.Ai } => seat.Name ?? L["Seat.Ai"],
        { Name: { Length: > 0 } name } => name,
        _ => string.Format(L["Seats.Empty"], seat.Index + 1),
    };

    private async Task StopWatchingAsync()
    {
        _subscription?.Dispose();
        _subscription = null;
        _timer?.Dispose();
        _timer = null;
        if (_presence is { } presence)
        {
            _presence = null;
            await presence.DisposeAsync();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await StopWatchingAsync();
        if (_renderLoop is not null)
        {
            await _renderLoop;
        }
        _stop.Dispose();
    }
}
