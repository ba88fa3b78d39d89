using System.Diagnostics;
using System.Globalization;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Routing;
using Microsoft.AspNetCore.Http;
using RelayNovel.Web.Replay;
using RelayNovel.Web.Rooms;
using RelayNovel.Web.Rooms.Grains;

namespace RelayNovel.Web.Components.Pages.Replay;

/// <summary>
/// Watch a story being written again. The history is read once into a <see cref="ReplayTimeline"/>; playing
/// moves a position on a 50 ms timer and every render asks the timeline for the state there (cheap at any
/// position), so seeking and playing are the same operation. Read-only: no join, no presence.
/// </summary>
public sealed partial class ReplayPage : IAsyncDisposable
{
    /// <summary>Committed turns render in blocks that only re-render when their own turns change.</summary>
    public const int BlockSize = 50;

    private static readonly TimeSpan TickInterval = TimeSpan.FromMilliseconds(50);

    private ReplayTimeline? _timeline;
    private string _title = "";
    private IReadOnlyList<ChapterMark> _chapters = [];
    private string? _loadedRoomId;
    private bool _loading = true;
    private long _position;
    private bool _playing;
    private bool _ready;
    private ReplaySpeed _speed = ReplaySpeed.Original;
    private CancellationTokenSource? _playCts;
    private Task? _playLoop;
    private ElementReference _storyEnd;
    private bool _scrollToEnd;

    [Parameter] public string RoomId { get; set; } = "";

    [CascadingParameter] private HttpContext? HttpContext { get; set; }

    [Inject] private RoomClient Rooms { get; set; } = default!;
    [Inject] private NavigationManager Navigation { get; set; } = default!;

    protected override async Task OnParametersSetAsync()
    {
        if (_loadedRoomId == RoomId)
        {
            return;
        }
        Pause();
        _loadedRoomId = RoomId;
        _position = 0;
        _loading = true;
        var history = await Rooms.HistoryAsync(RoomId);
        _loading = false;
        _timeline = history is null ? null : new ReplayTimeline(history.Turns);
        _title = history?.Room.Settings.Title ?? "";
        _chapters = history?.Room.Chapters ?? [];
        if (history is null && HttpContext is { Response.HasStarted: false })
        {
            HttpContext.Response.StatusCode = StatusCodes.Status404NotFound;
        }
    }

    protected override async Task OnAfterRenderAsync(bool firstRender)
    {
        // The first render after the history has loaded (the very first one may still show the loading bar).
        if (!_ready && !_loading && RendererInfo.IsInteractive)
        {
            Navigation.LocationChanged += OnLocationChanged;
            // The fragment never reaches the server on the first request; the circuit knows it.
            SeekToFragment(Navigation.Uri);
            _ready = true;
            StateHasChanged();
        }
        if (_scrollToEnd)
        {
            _scrollToEnd = false;
            await _storyEnd.FocusAsync(preventScroll: false);
        }
    }

    private void OnLocationChanged(object? sender, LocationChangedEventArgs e) =>
        _ = InvokeAsync(() =>
        {
            SeekToFragment(e.Location);
            StateHasChanged();
        });

    /// <summary>
    /// <c>#turn/N</c>: the story as it stood when the Nth turn was committed, counted as the page counts them (from 1:
    /// "N / total", "Nth turn"); <c>data-turn-index</c> stays the 0-based index.
    /// </summary>
    private void SeekToFragment(string uri)
    {
        var hash = uri.IndexOf('#', StringComparison.Ordinal);
        const string prefix = "turn/";
        if (_timeline is not { Turns.Count: > 0 } timeline || hash < 0
            || !uri.AsSpan(hash + 1).StartsWith(prefix, StringComparison.Ordinal)
            || !int.TryParse(uri.AsSpan(hash + 1 + prefix.Length), NumberStyles.None, CultureInfo.InvariantCulture, out var number))
        {
            return;
        }
        Pause();
        _position = timeline.EndOf(number - 1);
        _scrollToEnd = true;
    }

    /// <summary>The turn the side panel describes: the one being written, else the last one finished.</summary>
    private static int? FocusTurn(ReplayState state) =>
        state.CurrentTurn ?? (state.CommittedCount > 0 ? state.CommittedCount - 1 : null);

    private void Seek(long position)
    {
        _position = Math.Clamp(position, 0, _timeline?.TotalMs ?? 0);
    }

    private void SetSpeed(ReplaySpeed speed) => _speed = speed;

    private Task PlayPauseAsync()
    {
        if (_playing)
        {
            Pause();
            return Task.CompletedTask;
        }
        if (_timeline is not { Turns.Count: > 0 })
        {
            return Task.CompletedTask;
        }
        if (_position >= _timeline.TotalMs)
        {
            _position = 0;   // play at the end starts over
        }
        _playing = true;
        _playCts = new CancellationTokenSource();
        _playLoop = PlayAsync(_playCts.Token);
        return Task.CompletedTask;
    }

    private void Pause()
    {
        _playing = false;
        _playCts?.Cancel();
        _playCts?.Dispose();
        _playCts = null;
    }

    private async Task PlayAsync(CancellationToken ct)
    {
        using var timer = new PeriodicTimer(TickInterval);
        var last = Stopwatch.GetTimestamp();
        try
        {
            while (await timer.WaitForNextTickAsync(ct))
            {
                var now = Stopwatch.GetTimestamp();
                var elapsed = Stopwatch.GetElapsedTime(last, now);
                last = now;
                await InvokeAsync(() =>
                {
                    if (ct.IsCancellationRequested || _timeline is null)
                    {
                        return;
                    }
                    _position = _timeline.Advance(_position, elapsed, _speed);
                    if (_position >= _timeline.TotalMs)
                    {
                        Pause();
                    }
                    StateHasChanged();
                });
            }
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            // Paused, or the page closed.
        }
    }

    public async ValueTask DisposeAsync()
    {
        Navigation.LocationChanged -= OnLocationChanged;
        Pause();
        if (_playLoop is not null)
        {
            try
            {
                await _playLoop;
            }
            catch (ObjectDisposedException)
            {
                // The circuit went away while a tick was queued: nothing left to render.
            }
        }
    }
}
