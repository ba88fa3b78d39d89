using System.Threading.Channels;

namespace RelayNovel.Web.Rooms.Grains;

/// <summary>
/// Which rooms this node shows. <see cref="RoomBroadcaster"/> reports a room's first local subscriber and its last
/// one leaving; <see cref="RoomStreamRelay"/> reads the changes in order and keeps one stream subscription per room
/// shown. A queue rather than a callback, so a page subscribing never waits for the cluster.
/// </summary>
public sealed class RoomInterest
{
    private readonly Channel<RoomInterestChange> _changes =
        Channel.CreateUnbounded<RoomInterestChange>(new UnboundedChannelOptions { SingleReader = true });

    public void Opened(string roomId) => _changes.Writer.TryWrite(new RoomInterestChange(roomId, +1));

    public void Closed(string roomId) => _changes.Writer.TryWrite(new RoomInterestChange(roomId, -1));

    public ChannelReader<RoomInterestChange> Changes => _changes.Reader;
}
