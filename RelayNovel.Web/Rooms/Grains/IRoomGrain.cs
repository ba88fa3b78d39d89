using RelayNovel.Web.Replay;
using RelayNovel.Web.Rooms.Machine;

namespace RelayNovel.Web.Rooms.Grains;

/// <summary>
/// One room's owner, on whichever node the cluster placed it: the only place its rules run. Calls are taken one at
/// a time by the runtime. A refused action comes back as a <see cref="RoomCallResult"/> carrying the refusal
/// (<see cref="RoomClient"/> throws it as a <see cref="RoomException"/> again).
/// </summary>
public interface IRoomGrain : IGrainWithStringKey
{
    /// <summary>Stores a new room (<see cref="CreateRoom"/>, <see cref="ImportRoom"/> or <see cref="ForkRoom"/>) under this grain's id.</summary>
    Task<RoomCallResult> Create(RoomCommand command, long storeAdding);

    /// <summary>One command of the rules; <paramref name="storeQuota"/>: it may add to the store (the total quota is checked).</summary>
    Task<RoomCallResult> Run(RoomCommand command, bool storeQuota);

    /// <summary>
    /// The room as <paramref name="viewerKey"/> sees it (null: a reader), with what that viewer may do, the owner's
    /// rights too when the page also holds <paramref name="ownerKey"/>; null for an unknown room.
    /// </summary>
    Task<RoomSnapshot?> Snapshot(string? viewerKey, string? ownerKey);

    /// <summary>The room and its full stored history (replay, export); null for an unknown room.</summary>
    Task<RoomHistory?> History();

    Task<Participant?> Identify(string participantKey);

    Task<bool> IsOwner(string ownerKey);

    /// <summary>The owner's "show prompt" (null before the first AI turn since the room was loaded).</summary>
    Task<RoomCallResult> PromptText(string ownerKey);

    /// <summary>The longest draft the room takes; 0 for an unknown room.</summary>
    Task<int> DraftLimit();

    /// <summary>A page opened: counted in the room's presence (wakes the room, lets the AI write while someone watches); null for an unknown room.</summary>
    Task<PageTicket?> OpenPage(string? participantKey);

    /// <summary>A page's browser came back after a pause; false when this activation did not count the ticket (open again).</summary>
    Task<bool> ReopenPage(PageTicket ticket);

    /// <summary>A page closed or paused; a ticket from an earlier activation changes nothing.</summary>
    Task ClosePage(PageTicket ticket);

    /// <summary>
    /// A node follows the room's events from now on (a follow lapses unless renewed within
    /// <see cref="RoomGrain.FollowerLease"/>); returns the sequence number of the last event, -1 for an unknown room.
    /// </summary>
    Task<long> Follow(IRoomFollower follower);

    Task Unfollow(IRoomFollower follower);

    /// <summary>
    /// Work the room asked for (a fitted prompt, the engine's progress) coming back as a command, tagged with the
    /// activation that asked, so an answer meant for an earlier activation is dropped.
    /// </summary>
    Task Deliver(Guid activation, RoomCommand command);

    /// <summary>One beat of the room's clock now (the grain timer does this every beat; tests on a fake clock call it).</summary>
    Task Tick();
}
