using System.Threading.Channels;
using RelayNovel.Tests.Infrastructure;
using RelayNovel.Web.Rooms;
using RelayNovel.Web.Rooms.Grains;

namespace RelayNovel.Tests.Cluster;

/// <summary>Room events reaching every node that shows the room, through one stream subscription per node.</summary>
public sealed class RoomStreamRelayTests : IAsyncLifetime
{
    private RoomTestCluster _cluster = null!;

    public async Task InitializeAsync() => _cluster = await RoomTestCluster.StartAsync(silos: 2);

    public async Task DisposeAsync() => await _cluster.DisposeAsync();

    [Fact]
    public async Task Publish_RoomShownOnBothNodes_EverySubscriberOfEachNodeGetsTheEventsInOrder()
    {
        var received = Enumerable.Range(0, 3).Select(_ => Channel.CreateUnbounded<RoomEvent>()).ToArray();
        using var a = Subscribe(0, "room-1", received[0]);
        using var b = Subscribe(1, "room-1", received[1]);
        using var c = Subscribe(1, "room-1", received[2]);   // a second page on node 1: still one stream subscription
        await WaitRelayingAsync("room-1", nodes: [0, 1]);

        await PublishAsync(node: 0, new DraftChanged("room-1", 0, "비가") { Seq = 1 }, new DraftChanged("room-1", 0, "비가 온다") { Seq = 2 });

        foreach (var channel in received)
        {
            var first = await channel.Reader.ReadAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(30));
            var second = await channel.Reader.ReadAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(30));
            Assert.Equal([1L, 2L], [first.Seq, second.Seq]);
            Assert.Equal("비가 온다", Assert.IsType<DraftChanged>(second).Text);
        }
    }

    [Fact]
    public async Task Subscribe_LastLocalSubscriberLeaves_NodeStopsFollowingTheRoom()
    {
        var received = Channel.CreateUnbounded<RoomEvent>();
        var page = Subscribe(1, "room-2", received);
        await WaitRelayingAsync("room-2", nodes: [1]);
        Assert.False(_cluster.Service<RoomStreamRelay>(0).IsRelaying("room-2"));   // node 0 shows no page of it

        page.Dispose();

        await Deadline.UntilAsync(() => !_cluster.Service<RoomStreamRelay>(1).IsRelaying("room-2"), "node 1 to leave the room's stream");
    }

    private IDisposable Subscribe(int node, string roomId, Channel<RoomEvent> into) =>
        _cluster.Service<RoomBroadcaster>(node).Subscribe(roomId, e =>
        {
            into.Writer.TryWrite(e);
            return ValueTask.CompletedTask;
        });

    private Task WaitRelayingAsync(string roomId, int[] nodes) =>
        Deadline.UntilAsync(() => nodes.All(n => _cluster.Service<RoomStreamRelay>(n).IsRelaying(roomId)),
            $"nodes {string.Join(", ", nodes)} to follow {roomId}'s stream");

    private async Task PublishAsync(int node, params RoomEvent[] events)
    {
        var stream = _cluster.Service<IClusterClient>(node).GetStreamProvider(RoomStreams.Provider)
            .GetStream<RoomEvent>(RoomStreams.Of(events[0].RoomId));
        foreach (var e in events)
        {
            await stream.OnNextAsync(e);
        }
    }
}
