using System.Text.Json;
using System.Threading.Channels;
using RelayNovel.Web.Rooms;

namespace RelayNovel.Web.Api;

/// <summary>
/// One subscription to a room's events, stamped and mapped to <see cref="RoomEventMessage"/>s in publish order,
/// buffered for a reader that writes them to the network. The broadcaster's handler only enqueues, so a slow
/// client never holds up the room. A reader that falls <see cref="Capacity"/> events behind is cut off (SSE: the
/// client reconnects and starts from a fresh snapshot) or, when <c>closeWhenFull</c> is false, misses events.
/// </summary>
public sealed class RoomEventFeed : IDisposable
{
    public const int Capacity = 1024;

    private readonly Channel<RoomEventMessage> _channel = Channel.CreateBounded<RoomEventMessage>(
        new BoundedChannelOptions(Capacity) { SingleReader = true, FullMode = BoundedChannelFullMode.Wait });
    private readonly Lock _gate = new();
    private readonly RoomEventJson _json;
    private readonly TimeProvider _time;
    private readonly bool _closeWhenFull;
    private readonly IDisposable _subscription;

    public RoomEventFeed(RoomBroadcaster broadcaster, string roomId, TimeProvider time, JsonSerializerOptions options, bool closeWhenFull)
    {
        _json = new RoomEventJson(options);
        _time = time;
        _closeWhenFull = closeWhenFull;
        _subscription = broadcaster.Subscribe(roomId, OnEvent);
    }

    public ChannelReader<RoomEventMessage> Reader => _channel.Reader;

    /// <summary>Events this feed could not buffer.</summary>
    public int Dropped { get; private set; }

    /// <summary>Server time now in Unix milliseconds, the <see cref="RoomEventMessage.At"/> clock.</summary>
    public long Now() => _time.GetUtcNow().ToUnixTimeMilliseconds();

    public void Dispose()
    {
        _subscription.Dispose();
        _channel.Writer.TryComplete();
    }

    private ValueTask OnEvent(RoomEvent e)
    {
        // Publishers run on several threads; the lock keeps stamps, deltas and queue order in step.
        lock (_gate)
        {
            if (!_channel.Writer.TryWrite(_json.Map(e, Now())))
            {
                Dropped++;
                if (_closeWhenFull)
                {
                    _channel.Writer.TryComplete();
                }
            }
        }
        return ValueTask.CompletedTask;
    }
}
