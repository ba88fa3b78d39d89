using System.Threading.Channels;
using RelayNovel.Tests.Infrastructure;
using RelayNovel.Web.Rooms;
using RelayNovel.Web.Rooms.Feeds;
using RelayNovel.Web.Rooms.Grains;
using RelayNovel.Web.Stories;

namespace RelayNovel.Tests.Cluster;

/// <summary>Room events reaching every node that shows the room, pushed by the room's grain to one follow per node.</summary>
public sealed class RoomEventRelayTests : IAsyncLifetime
{
    private static readonly RoomSettings OneWriter = new("중계", SeatPlan: [SeatKind.Human], TurnTimerSeconds: 0);

    private RoomTestCluster _cluster = null!;

    public async Task InitializeAsync() => _cluster = await RoomTestCluster.StartAsync(silos: 2);

    public async Task DisposeAsync() => await _cluster.DisposeAsync();

    [Fact]
    public async Task Events_RoomShownOnBothNodes_EverySubscriberOfEachNodeGetsThemOnceInOrder()
    {
        var room = await RoomSetup.CreateAsync(_cluster.Rooms(0), OneWriter, "민지");
        var received = Enumerable.Range(0, 3).Select(_ => Channel.CreateUnbounded<RoomEvent>()).ToArray();
        using var a = Subscribe(0, room.Id, received[0]);
        using var b = Subscribe(1, room.Id, received[1]);
        using var c = Subscribe(1, room.Id, received[2]);   // a second page on node 1: still one follow
        await Task.WhenAll(_cluster.Service<RoomBroadcaster>(0).FollowingAsync(room.Id), _cluster.Service<RoomBroadcaster>(1).FollowingAsync(room.Id));

        await _cluster.Rooms(1).SubmitTurnAsync(room.Id, room.KeyOf(0), "비가 온다.");
        await _cluster.Rooms(0).SubmitTurnAsync(room.Id, room.KeyOf(0), "눈이 온다.");

        var stored = await _cluster.Store.ReadEventsAsync(room.Id, 0, 1_000);
        foreach (var channel in received)
        {
            var seen = await UntilCommittedAsync(channel, "눈이 온다.");
            Assert.Equal(stored.Select(e => e.Seq).Where(s => s >= seen[0].Seq && s <= seen[^1].Seq), seen.Select(e => e.Seq));
        }
    }

    [Fact]
    public async Task OnEvents_NumberSkipped_ReadsTheMissingOnesFromTheStoreFirstAndDropsRepeats()
    {
        var room = await RoomSetup.CreateAsync(_cluster.Rooms(0), OneWriter, "민지");
        var received = Channel.CreateUnbounded<RoomEvent>();
        using var page = Subscribe(1, room.Id, received);
        await _cluster.Service<RoomBroadcaster>(1).FollowingAsync(room.Id);
        var before = (await _cluster.Store.LoadAsync(room.Id))!;
        var codec = new RoomEventCodec();
        var events = Enumerable.Range(1, 3)
            .Select(i => codec.Encode(new DraftChanged(room.Id, 0, $"초안 {i}") { Seq = before.LastEventSeq + i }, 1_000)).ToList();
        await _cluster.Store.SaveAsync(new RoomChange(room.Id, before.Version) { AppendEvents = events });   // stored, never pushed
        var relay = _cluster.Service<RoomEventRelay>(1);

        await relay.OnEvents([codec.Decode(events[2])]);    // the third arrives alone: the first two are read first
        await relay.OnEvents([codec.Decode(events[1])]);    // a late repeat: dropped

        var seen = new List<RoomEvent>();
        while (seen.Count < 3)
        {
            seen.Add(await received.Reader.ReadAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(30)));
        }
        Assert.Equal(events.Select(e => e.Seq), seen.Select(e => e.Seq));
        Assert.Equal(["초안 1", "초안 2", "초안 3"], seen.Cast<DraftChanged>().Select(d => d.Text));
        Assert.False(received.Reader.TryRead(out _));
    }

    [Fact]
    public async Task Subscribe_LastLocalSubscriberLeaves_NodeStopsFollowingTheRoom()
    {
        var room = await RoomSetup.CreateAsync(_cluster.Rooms(0), OneWriter, "민지");
        var page = Subscribe(1, room.Id, Channel.CreateUnbounded<RoomEvent>());
        await _cluster.Service<RoomBroadcaster>(1).FollowingAsync(room.Id);
        Assert.True(_cluster.Service<RoomEventRelay>(1).IsRelaying(room.Id));
        Assert.False(_cluster.Service<RoomEventRelay>(0).IsRelaying(room.Id));   // node 0 shows no page of it

        page.Dispose();

        await Deadline.UntilAsync(() => !_cluster.Service<RoomEventRelay>(1).IsRelaying(room.Id), "node 1 to stop following the room");
    }

    private IDisposable Subscribe(int node, string roomId, Channel<RoomEvent> into) =>
        _cluster.Service<RoomBroadcaster>(node).Subscribe(roomId, e =>
        {
            into.Writer.TryWrite(e);
            return ValueTask.CompletedTask;
        });

    private static async Task<List<RoomEvent>> UntilCommittedAsync(Channel<RoomEvent> channel, string text)
    {
        var seen = new List<RoomEvent>();
        while (true)
        {
            var e = await channel.Reader.ReadAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(30));
            seen.Add(e);
            if (e is TurnCommitted committed && committed.Turn.Text == text)
            {
                return seen;
            }
        }
    }
}
