using System.Collections.Concurrent;
using System.Threading.Channels;

namespace RelayNovel.Web.Rooms.Grains;

/// <summary>
/// Which rooms this node shows. <see cref="RoomBroadcaster"/> reports a room's first local subscriber and its last
/// one leaving; <see cref="RoomEventRelay"/> reads the changes in order, follows each room shown, and says when it
/// does (<see cref="FollowingAsync"/>). A queue rather than a callback, so subscribing never waits for the cluster;
/// a reader that must not miss an event (a feed about to read a snapshot) awaits <see cref="FollowingAsync"/>.
/// </summary>
public sealed class RoomInterest
{
    private readonly Channel<RoomInterestChange> _changes =
        Channel.CreateUnbounded<RoomInterestChange>(new UnboundedChannelOptions { SingleReader = true });
    private readonly ConcurrentDictionary<string, Stretch> _shown = new(StringComparer.Ordinal);
    private long _generation;

    public ChannelReader<RoomInterestChange> Changes => _changes.Reader;

    public void Opened(string roomId)
    {
        var stretch = new Stretch(Interlocked.Increment(ref _generation));
        _shown[roomId] = stretch;
        _changes.Writer.TryWrite(new RoomInterestChange(roomId, +1, stretch.Generation));
    }

    public void Closed(string roomId)
    {
        if (_shown.TryRemove(roomId, out var stretch))
        {
            stretch.Followed.TrySetResult();   // nobody waits for a room no longer shown
            _changes.Writer.TryWrite(new RoomInterestChange(roomId, -1, stretch.Generation));
        }
    }

    /// <summary>
    /// Completes once the room's events published from now on reach this node's subscribers (at once for a room this
    /// node does not show, and when following failed: the feeds then catch up from the store).
    /// </summary>
    public Task FollowingAsync(string roomId) => _shown.TryGetValue(roomId, out var stretch) ? stretch.Followed.Task : Task.CompletedTask;

    /// <summary>The relay followed the room for the stretch of interest <paramref name="generation"/> (or gave up trying).</summary>
    public void Followed(string roomId, long generation)
    {
        if (_shown.TryGetValue(roomId, out var stretch) && stretch.Generation == generation)
        {
            stretch.Followed.TrySetResult();
        }
    }

    private sealed class Stretch(long generation)
    {
        public long Generation { get; } = generation;

        public TaskCompletionSource Followed { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
