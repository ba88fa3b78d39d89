namespace RelayNovel.Web.Rooms.Grains;

/// <summary>Where a room's events travel between nodes: one Orleans stream per room on the cluster's room provider.</summary>
public static class RoomStreams
{
    /// <summary>The stream provider (memory streams: queues held by the silos, no server needed).</summary>
    public const string Provider = "RoomEvents";

    /// <summary>The grain storage the stream provider keeps its subscriptions in.</summary>
    public const string PubSubStore = "PubSubStore";

    private const string Namespace = "room";

    public static StreamId Of(string roomId) => StreamId.Create(Namespace, roomId);
}
