using Microsoft.AspNetCore.SignalR;
using RelayNovel.Web.Rooms;

namespace RelayNovel.Web.Api;

/// <summary>
/// <c>/hubs/room</c> for programs: <see cref="JoinRoom"/> follows a room read-only (the server calls the client's
/// <c>roomEvent</c> with the same JSON as the SSE stream), <see cref="UpdateDraft"/> and <see cref="SubmitTurn"/> write with a participant key.
/// Writes share the caller's per-client write budget with the HTTP API (<see cref="HubWriteLimitFilter"/>); browsers may
/// connect only from allowed origins (<see cref="HubOriginCheck"/>).
/// </summary>
public sealed class RoomHub(RoomService rooms, RoomHubFeeds feeds) : Hub
{
    public const string Path = "/hubs/room";
    public const string EventMethod = "roomEvent";

    /// <summary>Starts sending the room's events to this connection and returns the room as it is now.</summary>
    public async Task<RoomResponse> JoinRoom(string roomId)
    {
        if (rooms.Get(roomId ?? "") is null)
        {
            throw new HubException("NotFound: There is no room with this id.");
        }
        // The room's feed exists before this connection joins the group, and the state is read after: no gap.
        feeds.Join(Context.ConnectionId, roomId!);
        await Groups.AddToGroupAsync(Context.ConnectionId, RoomHubFeeds.Group(roomId!), Context.ConnectionAborted);
        var snapshot = rooms.Get(roomId!) ?? throw new HubException("NotFound: There is no room with this id.");
        return RoomResponse.From(snapshot);
    }

    public async Task LeaveRoom(string roomId)
    {
        await Groups.RemoveFromGroupAsync(Context.ConnectionId, RoomHubFeeds.Group(roomId ?? ""), Context.ConnectionAborted);
        feeds.Leave(Context.ConnectionId, roomId ?? "");
    }

    /// <summary>Commits a turn for the baton holder; a refusal comes back as an error "Code: message".</summary>
    [RoomWrite]
    public async Task<TurnView> SubmitTurn(string roomId, string participantKey, string text)
    {
        try
        {
            return await rooms.SubmitTurnAsync(roomId ?? "", participantKey ?? "", text ?? "", submissionId: null, Context.ConnectionAborted);
        }
        catch (RoomException ex)
        {
            throw new HubException($"{ex.Code}: {ex.Message}");
        }
    }

    /// <summary>The baton holder's draft as typed so far (ignored from anyone else, as from a page).</summary>
    [RoomWrite]
    public void UpdateDraft(string roomId, string participantKey, string text) =>
        rooms.UpdateDraft(roomId ?? "", participantKey ?? "", text ?? "");

    public override Task OnDisconnectedAsync(Exception? exception)
    {
        feeds.LeaveAll(Context.ConnectionId);
        return base.OnDisconnectedAsync(exception);
    }
}
