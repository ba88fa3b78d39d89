using Microsoft.AspNetCore.SignalR;
using RelayNovel.Web.Rooms;
using RelayNovel.Web.Rooms.Grains;

namespace RelayNovel.Web.Api;

/// <summary>
/// <c>/hubs/room</c> for programs: <see cref="JoinRoom"/> follows a room read-only (the server calls the client's
/// <c>roomEvent</c> with the same JSON as the SSE stream;
/// <see cref="JoinRoomAfter"/> resumes after a last <c>seq</c>), <see cref="UpdateDraft"/> and <see cref="SubmitTurn"/> write with a participant key.
/// Writes share the caller's per-client write budget with the HTTP API (<see cref="HubWriteLimitFilter"/>); browsers may
/// connect only from allowed origins (<see cref="HubOriginCheck"/>).
/// </summary>
public sealed class RoomHub(RoomClient rooms, RoomHubFeeds feeds) : Hub
{
    public const string Path = "/hubs/room";
    public const string EventMethod = "roomEvent";

    /// <summary>Starts sending the room's events to this connection and returns the room as it is now.</summary>
    public Task<RoomResponse> JoinRoom(string roomId) => JoinAsync(roomId, lastSeq: null);

    /// <summary>
    /// <see cref="JoinRoom"/> for a client that already followed the room: the events after <paramref name="lastSeq"/>
    /// (the <c>seq</c> of the last event it received) are sent first, replayed from the store, then live ones, none
    /// twice and none missing. A separate method because SignalR binds arguments by count: an optional parameter on
    /// <see cref="JoinRoom"/> would break every client that calls it with the room id alone.
    /// </summary>
    public Task<RoomResponse> JoinRoomAfter(string roomId, long lastSeq) =>
        lastSeq < 0
            ? throw new HubException("BadRequest: lastSeq must be the seq of an event this room sent (0 or more).")
            : JoinAsync(roomId, lastSeq);

    public async Task LeaveRoom(string roomId)
    {
        await Groups.RemoveFromGroupAsync(Context.ConnectionId, feeds.Group(roomId ?? ""), Context.ConnectionAborted);
        await feeds.LeaveAsync(Context.ConnectionId, roomId ?? "");
    }

    private async Task<RoomResponse> JoinAsync(string? roomId, long? lastSeq)
    {
        if (await rooms.GetAsync(roomId ?? "") is null)
        {
            throw new HubException("NotFound: There is no room with this id.");
        }
        // The room's feed exists (and this node follows the room) before this connection joins the group, and the
        // state is read after: no gap.
        await feeds.JoinAsync(Context.ConnectionId, roomId!, lastSeq);
        if (lastSeq is null)
        {
            await Groups.AddToGroupAsync(Context.ConnectionId, feeds.Group(roomId!), Context.ConnectionAborted);
        }
        var snapshot = await rooms.GetAsync(roomId!) ?? throw new HubException("NotFound: There is no room with this id.");
        return RoomResponse.From(snapshot);
    }

    /// <summary>Commits a turn for the baton holder; a refusal comes back as an error "Code: message".</summary>
    [RoomWrite]
    public async Task<TurnView> SubmitTurn(string roomId, string participantKey, string text)
    {
        try
        {
            return await rooms.SubmitTurnAsync(roomId ?? "", participantKey ?? "", text ?? "", submissionId: null);
        }
        catch (RoomException ex)
        {
            throw new HubException($"{ex.Code}: {ex.Message}");
        }
    }

    /// <summary>The baton holder's draft as typed so far (ignored from anyone else, as from a page).</summary>
    [RoomWrite]
    public async Task UpdateDraft(string roomId, string participantKey, string text)
    {
        try
        {
            await rooms.UpdateDraftAsync(roomId ?? "", participantKey ?? "", text ?? "");
        }
        catch (RoomException ex)
        {
            throw new HubException($"{ex.Code}: {ex.Message}");
        }
    }

    public override async Task OnDisconnectedAsync(Exception? exception)
    {
        await feeds.LeaveAllAsync(Context.ConnectionId);
        await base.OnDisconnectedAsync(exception);
    }
}
