using RelayNovel.Tests.Infrastructure;
using RelayNovel.Web.Rooms;
using RelayNovel.Web.Rooms.Grains;

namespace RelayNovel.Tests.Cluster;

/// <summary>
/// The room core on two silos in one process (Orleans' TestingHost), each silo a node as the web app co-hosts one:
/// one grain owns a room wherever it lives, and every node showing the room hears the same numbered events.
/// </summary>
public sealed class RoomGrainClusterTests : IAsyncLifetime
{
    private static readonly RoomSettings Settings = new("두 노드", Premise: "비 오는 밤의 역",
        SeatPlan: [SeatKind.Human, SeatKind.Human, SeatKind.Ai], TurnTimerSeconds: 0,
        Ai: new AiSettings(MaxTokens: 24, EndAtSentence: false, Pace: AiPace.AsGenerated));

    private RoomTestCluster _cluster = null!;

    public async Task InitializeAsync() => _cluster = await RoomTestCluster.StartAsync(silos: 2, modelPath: TestModels.TinyModelPath);

    public async Task DisposeAsync() => await _cluster.DisposeAsync();

    [Fact]
    public async Task Room_ParticipantsOnDifferentSilos_SeeTheSameStoryDraftsAndAiStream()
    {
        var (roomId, _) = await _cluster.Rooms(0).CreateAsync(Settings);
        using var onNode0 = await RoomEventLog.StartAsync(_cluster.Service<RoomBroadcaster>(0), roomId);
        using var onNode1 = await RoomEventLog.StartAsync(_cluster.Service<RoomBroadcaster>(1), roomId);
        await Deadline.UntilAsync(() => Relaying(0, roomId) && Relaying(1, roomId), "both nodes to follow the room");
        var minji = await _cluster.Rooms(0).JoinAsync(roomId, "민지", seatIndex: null, spectate: false);
        var jun = await _cluster.Rooms(1).JoinAsync(roomId, "준", seatIndex: null, spectate: false);
        await using var minjiPage = await _cluster.Rooms(0).ConnectAsync(roomId, minji.ParticipantKey);
        await using var junPage = await _cluster.Rooms(1).ConnectAsync(roomId, jun.ParticipantKey);

        await _cluster.Rooms(0).UpdateDraftAsync(roomId, minji.ParticipantKey, "막차가 끊긴 역에서");
        var draftOnNode1 = await onNode1.WaitForAsync<DraftChanged>(d => d.Text == "막차가 끊긴 역에서");
        await _cluster.Rooms(0).SubmitTurnAsync(roomId, minji.ParticipantKey, "막차가 끊긴 역에서 그는 우산을 폈다.");
        await _cluster.Rooms(1).SubmitTurnAsync(roomId, jun.ParticipantKey, "빗소리가 멀어졌다.");
        var aiOnNode1 = await onNode1.WaitForAsync<TurnCommitted>(t => t.Turn.Kind == TurnKind.Ai, TimeSpan.FromSeconds(60));
        var aiOnNode0 = await onNode0.WaitForAsync<TurnCommitted>(t => t.Turn.Kind == TurnKind.Ai, TimeSpan.FromSeconds(60));

        Assert.Equal(0, draftOnNode1.SeatIndex);
        Assert.Equal(aiOnNode0.Turn, aiOnNode1.Turn);
        var streamed = onNode1.Seen.OfType<AiProgress>().Select(p => p.Stream.VisibleText).Where(t => t.Length > 0).ToList();
        Assert.NotEmpty(streamed);   // node 1 watched the AI write, token by token
        Assert.StartsWith(streamed[0].Trim(), aiOnNode1.Turn.Text);
        var story0 = (await _cluster.Rooms(0).GetAsync(roomId))!.Turns.Select(t => t.Text);
        var story1 = (await _cluster.Rooms(1).GetAsync(roomId))!.Turns.Select(t => t.Text);
        Assert.Equal(story0, story1);
        Assert.Equal(3, story0.Count());
        // Both nodes heard the same numbered events, in order, with no gaps: the ones the store logged.
        var seqs0 = onNode0.Seen.Select(e => e.Seq).ToList();
        var seqs1 = onNode1.Seen.Select(e => e.Seq).ToList();
        Assert.Equal(Enumerable.Range((int)seqs1[0], seqs1.Count).Select(s => (long)s), seqs1);
        Assert.Equal(seqs0.Intersect(seqs1), seqs0.Where(seqs1.Contains));
        var logged = await _cluster.Store.ReadEventsAsync(roomId, seqs1[0] - 1, seqs1.Count);
        Assert.Equal(seqs1, logged.Select(e => e.Seq));
    }

    [Fact]
    public async Task RoomGrain_DeactivatedMidAiTurn_ResumesFromTheStoreWithNoAcknowledgedTurnLost()
    {
        var settings = Settings with { SeatPlan = [SeatKind.Human, SeatKind.Ai], Ai = Settings.Ai! with { MaxTokens = 96, Pace = AiPace.Natural } };
        var (roomId, _) = await _cluster.Rooms(0).CreateAsync(settings);
        using var onNode1 = await RoomEventLog.StartAsync(_cluster.Service<RoomBroadcaster>(1), roomId);
        await Deadline.UntilAsync(() => Relaying(1, roomId), "node 1 to follow the room");
        var minji = await _cluster.Rooms(1).JoinAsync(roomId, "민지", seatIndex: null, spectate: false);
        await using var page = await _cluster.Rooms(1).ConnectAsync(roomId, minji.ParticipantKey);
        const string human = "막차가 끊긴 역에서 그는 우산을 폈다.";
        var acknowledged = await _cluster.Rooms(1).SubmitTurnAsync(roomId, minji.ParticipantKey, human);
        await onNode1.WaitForAsync<AiProgress>(p => p.Stream.VisibleText.Length > 0);   // the AI is writing (paced: seconds on screen)

        var grain = _cluster.Grains(0).GetGrain<IRoomGrain>(roomId);
        Assert.True(_cluster.Cluster.TryGetGrainContext(grain.GetGrainId(), out var before));
        await _cluster.Cluster.DeactivateAsync(grain);
        var afterDeactivation = await _cluster.Store.LoadAsync(roomId);
        await _cluster.Rooms(0).TouchAsync(roomId);   // someone still reads the room (its pages went with the activation)
        var resumed = await onNode1.WaitForAsync<TurnCommitted>(t => t.Turn.Kind == TurnKind.Ai, TimeSpan.FromSeconds(60));

        Assert.True(_cluster.Cluster.TryGetGrainContext(grain.GetGrainId(), out var after));
        Assert.NotSame(before, after);   // a new activation wrote the turn

        Assert.Equal(human, Assert.Single(afterDeactivation!.Turns).Text);   // acknowledged, and nothing half-written
        Assert.Equal(0, acknowledged.Index);
        Assert.Equal(1, resumed.Turn.Index);
        var stored = (await _cluster.Store.LoadAsync(roomId))!;
        Assert.Equal([TurnKind.Human, TurnKind.Ai], stored.Turns.Select(t => t.Kind));
        Assert.Equal(human, stored.Turns[0].Text);
        // The event numbers went on where the stored log stopped: one run with no gap across both activations.
        var log = await _cluster.Store.ReadEventsAsync(roomId, 0, 10_000);
        Assert.Equal(Enumerable.Range(1, log.Count).Select(s => (long)s), log.Select(e => e.Seq));
        Assert.Equal(stored.LastEventSeq, log[^1].Seq);
    }

    private bool Relaying(int node, string roomId) => _cluster.Service<RoomEventRelay>(node).IsRelaying(roomId);
}
