using RelayNovel.Tests.Infrastructure;
using RelayNovel.Web.Rooms;
using RelayNovel.Web.Rooms.Feeds;
using RelayNovel.Web.Rooms.Grains;

namespace RelayNovel.Tests.Cluster;

/// <summary>
/// A feed resuming on another node than the room's owner: what it missed comes from the event log the grain wrote
/// (numbered by the grain), then live events from the room's stream, each once and in order.
/// </summary>
public sealed class RoomFeedClusterTests : IAsyncLifetime
{
    private RoomTestCluster _cluster = null!;

    public async Task InitializeAsync() => _cluster = await RoomTestCluster.StartAsync(silos: 2);

    public async Task DisposeAsync() => await _cluster.DisposeAsync();

    [Fact]
    public async Task Feed_ResumesAfterASeqOnAnotherNode_GetsExactlyTheMissedEventsThenLiveOnes()
    {
        var rooms = _cluster.Rooms(0);
        var (roomId, _) = await rooms.CreateAsync(new RoomSettings("이어 받기", SeatPlan: [SeatKind.Human, SeatKind.Human], TurnTimerSeconds: 0));
        var minji = await rooms.JoinAsync(roomId, "민지", seatIndex: null, spectate: false);
        var jun = await rooms.JoinAsync(roomId, "준", seatIndex: null, spectate: false);
        await rooms.SubmitTurnAsync(roomId, minji.ParticipantKey, "첫 문장.");
        var lastSeen = (await _cluster.Store.LoadAsync(roomId))!.LastEventSeq;   // the reader saw this much, then dropped
        await rooms.SubmitTurnAsync(roomId, jun.ParticipantKey, "둘째 문장.");
        var missedUpTo = (await _cluster.Store.LoadAsync(roomId))!.LastEventSeq;
        var feed = new RoomFeed(_cluster.Service<RoomBroadcaster>(1), _cluster.Service<RoomEventCodec>(1), TimeProvider.System, _cluster.Store);
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var received = new List<RoomEvent>();
        var liveTurn = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

        var reading = Task.Run(async () =>
        {
            await foreach (var e in feed.WatchAsync(roomId, lastSeen, stop.Token))
            {
                lock (received)
                {
                    received.Add(e);
                }
                if (e is TurnCommitted { Turn.Text: "셋째 문장." })
                {
                    liveTurn.TrySetResult();
                    return;
                }
            }
        });
        await Deadline.UntilAsync(() => _cluster.Service<RoomEventRelay>(1).IsRelaying(roomId), "node 1 to follow the room");
        await rooms.SubmitTurnAsync(roomId, minji.ParticipantKey, "셋째 문장.");
        await liveTurn.Task.WaitAsync(stop.Token);
        await reading;

        var seqs = received.Select(e => e.Seq).ToList();
        Assert.Equal(Enumerable.Range((int)lastSeen + 1, seqs.Count).Select(s => (long)s), seqs);   // no gap, no repeat
        Assert.True(seqs[^1] > missedUpTo);   // past what it missed, into live events
        Assert.Contains(received, e => e is TurnCommitted { Turn.Text: "둘째 문장." });
        Assert.DoesNotContain(received, e => e is TurnCommitted { Turn.Text: "첫 문장." });
    }
}
