using Microsoft.AspNetCore.Components;
using RelayNovel.Web.Api;
using RelayNovel.Web.Rooms;
using RelayNovel.Web.Rooms.Grains;

namespace RelayNovel.Web.Components.Pages.Read;

/// <summary>
/// Loads the story once, then (in the interactive circuit) follows the room: a change to the story itself (a turn
/// committed, withdrawn or reopened, the chapter marks, the title or premise) reads the room again and shows it.
/// Drafts, the AI's stream and presence do not: the reading view shows only what is written. Reads never go backwards:
/// a read that returns after a newer one is dropped by the room's event number.
/// </summary>
public sealed partial class ReadPage
{
    private RoomSnapshot? _room;
    private IReadOnlyList<StoryChapter> _chapters = [];
    private bool _loading = true;
    private string? _loadedRoomId;
    private IDisposable? _subscription;
    private int _stale;

    [Inject] private RoomClient Rooms { get; set; } = default!;

    [Inject] private RoomBroadcaster Broadcaster { get; set; } = default!;

    [Parameter] public string RoomId { get; set; } = "";

    [CascadingParameter] private HttpContext? HttpContext { get; set; }

    protected override async Task OnParametersSetAsync()
    {
        if (_loadedRoomId == RoomId)
        {
            return;
        }
        _subscription?.Dispose();
        _subscription = null;
        _loadedRoomId = RoomId;
        _loading = true;
        _room = null;
        // As the room page does: follow before reading, so no change falls between the read and the first event.
        if (RendererInfo.IsInteractive)
        {
            _subscription = Broadcaster.Subscribe(RoomId, OnRoomEvent);
            await Broadcaster.FollowingAsync(RoomId);
        }
        Show(await Rooms.GetAsync(RoomId));
        _loading = false;
        if (_room is null)
        {
            _subscription?.Dispose();
            _subscription = null;
            if (HttpContext is { Response.HasStarted: false })
            {
                HttpContext.Response.StatusCode = StatusCodes.Status404NotFound;
            }
        }
    }

    public void Dispose() => _subscription?.Dispose();

    private static bool ChangesTheStory(RoomEvent e) =>
        e is TurnCommitted or TurnWithdrawn or TurnReopened or ChaptersChanged or SettingsChanged;

    private ValueTask OnRoomEvent(RoomEvent roomEvent)
    {
        // Many changes in a row make one read (plus one for a change that lands while it runs).
        if (ChangesTheStory(roomEvent) && Interlocked.Exchange(ref _stale, 1) == 0)
        {
            _ = InvokeAsync(RefreshAsync);
        }
        return ValueTask.CompletedTask;
    }

    private async Task RefreshAsync()
    {
        while (Interlocked.Exchange(ref _stale, 0) == 1)
        {
            try
            {
                Show(await Rooms.GetAsync(RoomId));
            }
            catch (RoomException)
            {
                return;   // the room is away for a moment (its node was lost): the page keeps what it shows
            }
            StateHasChanged();
        }
    }

    private void Show(RoomSnapshot? room)
    {
        if (room is not null && _room is { } shown && room.Seq < shown.Seq)
        {
            return;   // a read that took longer than a later one
        }
        _room = room;
        _chapters = room is null ? [] : StoryChapters.Split(room.Turns, room.Chapters);
    }

    private string AuthorLabel(TurnView turn, SeatKind kind) =>
        string.Format(kind == SeatKind.Ai && !turn.AuthorName.StartsWith("AI", StringComparison.Ordinal) ? L["Read.AuthorMarkAi"] : L["Read.AuthorMark"],
            turn.AuthorName);
}
