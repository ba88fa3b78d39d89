namespace RelayNovel.Web.Rooms.Feeds;

/// <summary>An event as a feed delivers it, with when it was published (Unix ms: on arrival when live, as stored when replayed).</summary>
public readonly record struct FedEvent(RoomEvent Event, long AtMs);
