using System.Runtime.CompilerServices;
using RelayNovel.Web.Stories;

namespace RelayNovel.Web.Rooms.Feeds;

/// <summary>
/// The node's feed of a room's events in sequence order: live from the node's <see cref="RoomBroadcaster"/>, and
/// resumable after any sequence number by reading what was missed from the store's event log first. SSE streams,
/// hub connections and pages read it; each reader gets its own bounded buffer, so a slow one never holds up the room.
/// </summary>
public sealed class RoomFeed(RoomBroadcaster broadcaster, RoomEventCodec codec, TimeProvider time, IStoryStore store)
{
    /// <summary>Events read from the store per call when catching up.</summary>
    public const int PageSize = 256;

    /// <summary>
    /// Subscribes now (events from here on are buffered); read it with <see cref="RoomWatch.ReadAsync"/>. Take a
    /// <see cref="RoomWatch.Mark"/> before reading a snapshot to start after what the snapshot holds.
    /// </summary>
    public RoomWatch Open(string roomId) => new(broadcaster, codec, time, store, roomId);

    /// <summary>
    /// <see cref="Open"/>, returned once this node follows the room: a snapshot read afterwards misses no event
    /// between itself and the live ones.
    /// </summary>
    public async Task<RoomWatch> OpenFollowingAsync(string roomId)
    {
        var watch = Open(roomId);
        await broadcaster.FollowingAsync(roomId).ConfigureAwait(false);
        return watch;
    }

    /// <summary>The room's events after <paramref name="afterSeq"/> (null: from now on), each once, in order, then live until cancelled.</summary>
    public async IAsyncEnumerable<RoomEvent> WatchAsync(string roomId, long? afterSeq,
        [EnumeratorCancellation] CancellationToken ct = default)
    {
        using var watch = Open(roomId);
        await foreach (var fed in watch.ReadAsync(afterSeq, ct).ConfigureAwait(false))
        {
            yield return fed.Event;
        }
    }
}
