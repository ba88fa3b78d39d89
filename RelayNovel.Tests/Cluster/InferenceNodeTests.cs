using Microsoft.Extensions.DependencyInjection;
using Orleans.Metadata;
using Orleans.TestingHost;
using RelayNovel.Inference.Scheduling;
using RelayNovel.Tests.Infrastructure;
using RelayNovel.Web.Rooms;
using RelayNovel.Web.Rooms.Backends;
using RelayNovel.Web.Rooms.Generation;
using RelayNovel.Web.Rooms.Grains;

namespace RelayNovel.Tests.Cluster;

/// <summary>
/// Inference as a service, in one process: silo 0 is a web node (rooms, no model), silo 1 an inference node (the tiny
/// real ONNX model, no rooms). AI turns of rooms on the web node run in the inference node's engine and stream back
/// token by token with their timings; when the inference node goes, the AI turn fails cleanly and comes back with a new one.
/// </summary>
public sealed class InferenceNodeTests : IAsyncLifetime
{
    private static readonly RoomSettings Settings = new("추론 노드", Premise: "비 오는 밤의 역",
        SeatPlan: [SeatKind.Human, SeatKind.Ai], TurnTimerSeconds: 0,
        Ai: new AiSettings(MaxTokens: 24, EndAtSentence: false, Pace: AiPace.AsGenerated));

    private RoomTestCluster _cluster = null!;

    public async Task InitializeAsync() => _cluster = await RoomTestCluster.StartAsync(silos: 2, siloSettings: NodeSettings);

    public async Task DisposeAsync() => await _cluster.DisposeAsync();

    /// <summary>Silo 0 a web node without a model; every later silo an inference node with the tiny model.</summary>
    internal static IReadOnlyDictionary<string, string?> NodeSettings(int silo) => silo == 0
        ? new Dictionary<string, string?> { [NodeRoles.Key] = "web" }
        : new Dictionary<string, string?> { [NodeRoles.Key] = "inference", ["RelayNovel:ModelPath"] = TestModels.TinyModelPath };

    [Fact]
    public async Task AiTurn_RoomOnWebNode_StreamsTokensFromTheInferenceNodeAndCommitsWithTimings()
    {
        var web = _cluster.Cluster.Silos[0];
        var inference = _cluster.Cluster.Silos[1];
        await AvailableAsync(web);
        var room = await RoomSetup.CreateAsync(_cluster.Rooms(0), Settings, "민지");
        using var events = await RoomEventLog.StartAsync(_cluster.Service<RoomBroadcaster>(0), room.Id);
        await _cluster.Service<RoomBroadcaster>(0).FollowingAsync(room.Id);   // the web node follows the room (the log above subscribed)

        await _cluster.Rooms(0).SubmitTurnAsync(room.Id, room.KeyOf(0), "막차가 끊긴 역에서 그는 우산을 폈다.");
        var committed = await events.WaitForAsync<TurnCommitted>(t => t.Turn.Kind == TurnKind.Ai, TimeSpan.FromSeconds(60));

        // Placement: rooms only on the web node, inference only on the inference node.
        var manifest = web.ServiceProvider.GetRequiredService<IClusterManifestProvider>().Current;
        var roomType = _cluster.Grains(0).GetGrain<IRoomGrain>(room.Id).GetGrainId().Type;
        var inferenceType = InferenceGrain.Type;
        Assert.True(manifest.Silos[web.SiloAddress].Grains.ContainsKey(roomType));
        Assert.False(manifest.Silos[web.SiloAddress].Grains.ContainsKey(inferenceType));
        Assert.True(manifest.Silos[inference.SiloAddress].Grains.ContainsKey(inferenceType));
        Assert.False(manifest.Silos[inference.SiloAddress].Grains.ContainsKey(roomType));
        // The web node never loaded a model; the words came from the inference node's.
        Assert.False(web.ServiceProvider.GetRequiredService<LocalOnnxBackend>().IsLoaded);
        Assert.True(inference.ServiceProvider.GetRequiredService<LocalOnnxBackend>().IsLoaded);
        Assert.Equal(0, web.ServiceProvider.GetRequiredService<BatchScheduler>().Steps);
        Assert.True(inference.ServiceProvider.GetRequiredService<BatchScheduler>().Steps > 0);
        var streamed = events.Seen.OfType<AiProgress>().Select(p => p.Stream.VisibleText).Where(t => t.Length > 0).ToList();
        Assert.NotEmpty(streamed);
        // Committed with the token timings the engine measured there.
        var stored = (await _cluster.Store.LoadAsync(room.Id))!.Turns[committed.Turn.Index];
        Assert.NotEmpty(stored.TokenChunks);
        Assert.Equal(stored.Text, string.Concat(stored.TokenChunks.Select(c => c.Text)).Trim());
        Assert.True(stored.TokenChunks.Sum(c => c.Tokens) >= stored.TokenChunks.Count);
        Assert.Equal(stored.TokenChunks.Select(c => c.OffsetMs).Order(), stored.TokenChunks.Select(c => c.OffsetMs));
        var modelName = (await _cluster.Rooms(0).GetAsync(room.Id))!.ModelName;
        Assert.NotEqual(AiModel.NoModelName, modelName);   // the web node shows the inference node's model
        Assert.Equal(modelName, stored.Model);
        await Deadline.UntilAsync(() => inference.ServiceProvider.GetRequiredService<InferenceLoad>().Streams == 0,
            "the inference node to end the stream");
    }

    [Fact]
    public async Task InferenceNode_StoppedMidTurn_AiTurnFailsHumansGoOnAndANewNodeBringsTheAiBack()
    {
        var web = _cluster.Cluster.Silos[0];
        await AvailableAsync(web);
        var room = await RoomSetup.CreateAsync(_cluster.Rooms(0), Settings, "민지");
        using var events = await RoomEventLog.StartAsync(_cluster.Service<RoomBroadcaster>(0), room.Id);
        await _cluster.Service<RoomBroadcaster>(0).FollowingAsync(room.Id);   // the web node follows the room (the log above subscribed)
        var engine = _cluster.Cluster.Silos[1].ServiceProvider.GetRequiredService<BatchScheduler>();
        var hold = engine.Pause();   // the AI turn's request waits in the inference node's line when the node goes

        await _cluster.Rooms(0).SubmitTurnAsync(room.Id, room.KeyOf(0), "막차가 끊긴 역에서 그는 우산을 폈다.");
        await Deadline.UntilAsync(() => engine.Waiting == 1, "the AI request to wait in the inference node's line");
        await _cluster.Cluster.StopSiloAsync(_cluster.Cluster.Silos[1]);
        hold.Dispose();
        var failed = await events.WaitForAsync<TurnCommitted>(t => t.Turn.SeatIndex == 1, TimeSpan.FromSeconds(60));

        Assert.Equal(TurnKind.Skipped, failed.Turn.Kind);
        var stored = (await _cluster.Store.LoadAsync(room.Id))!.Turns[failed.Turn.Index];
        Assert.Contains(RelayedGeneration.NodeLostMessage, stored.Note);
        await Deadline.UntilAsync(async () => (await _cluster.Rooms(0).GetAsync(room.Id))!.AiUnavailableReason == InferenceCatalog.NoNodeReason,
            "the room to say the AI is unavailable");
        // People go on writing without the AI.
        var human = await _cluster.Rooms(0).SubmitTurnAsync(room.Id, room.KeyOf(0), "빗소리가 멀어졌다.");
        Assert.Equal(TurnKind.Human, human.Kind);

        await _cluster.Cluster.StartAdditionalSiloAsync();
        await AvailableAsync(web);
        await Deadline.UntilAsync(async () => (await _cluster.Rooms(0).GetAsync(room.Id))!.AiUnavailableReason is null,
            "the room to see the AI again");
        var baton = (await _cluster.Rooms(0).GetAsync(room.Id))!;
        if (baton.Seats[baton.BatonSeatIndex].Kind == SeatKind.Human)
        {
            await _cluster.Rooms(0).SubmitTurnAsync(room.Id, room.KeyOf(0), "그는 다시 걸었다.");
        }
        var written = await events.WaitForAsync<TurnCommitted>(t => t.Turn.Kind == TurnKind.Ai, TimeSpan.FromSeconds(60));
        Assert.True(written.Turn.Text.Length > 0);
    }

    [Fact]
    public async Task InferenceNode_KilledMidTurn_AiTurnFailsAndIsWrittenOnRetryOnceANodeIsBack()
    {
        var web = _cluster.Cluster.Silos[0];
        await AvailableAsync(web);
        var room = await RoomSetup.CreateAsync(_cluster.Rooms(0), Settings, "민지");
        using var events = await RoomEventLog.StartAsync(_cluster.Service<RoomBroadcaster>(0), room.Id);
        await _cluster.Service<RoomBroadcaster>(0).FollowingAsync(room.Id);   // the web node follows the room (the log above subscribed)
        var engine = _cluster.Cluster.Silos[1].ServiceProvider.GetRequiredService<BatchScheduler>();
        using var hold = engine.Pause();

        await _cluster.Rooms(0).SubmitTurnAsync(room.Id, room.KeyOf(0), "막차가 끊긴 역에서 그는 우산을 폈다.");
        await Deadline.UntilAsync(() => engine.Waiting == 1, "the AI request to wait in the inference node's line");
        await _cluster.Cluster.KillSiloAsync(_cluster.Cluster.Silos[1]);   // no goodbye: the web node learns it from the cluster
        var failed = await events.WaitForAsync<TurnCommitted>(t => t.Turn.SeatIndex == 1, TimeSpan.FromSeconds(90));

        Assert.Equal(TurnKind.Skipped, failed.Turn.Kind);
        Assert.Contains(RelayedGeneration.NodeLostMessage, (await _cluster.Store.LoadAsync(room.Id))!.Turns[failed.Turn.Index].Note);

        await _cluster.Cluster.StartAdditionalSiloAsync();
        await AvailableAsync(web);
        await _cluster.Rooms(0).RetryAiAsync(room.Id, room.KeyOf(0));   // the failed turn, written again
        var retried = await events.WaitForAsync<TurnCommitted>(t => t.Turn.Kind == TurnKind.Ai, TimeSpan.FromSeconds(60));
        Assert.Equal(failed.Turn.Index, retried.Turn.Index);
    }

    [Fact]
    public async Task InferenceNode_KilledBeforeItWrote_RequestIsRetriedOnAnotherInferenceNode()
    {
        await _cluster.Cluster.StartAdditionalSiloAsync();   // a second inference node
        var web = _cluster.Cluster.Silos[0];
        var nodes = _cluster.Cluster.Silos.Skip(1).ToList();
        await AvailableAsync(web);
        await Deadline.UntilAsync(() => web.ServiceProvider.GetRequiredService<InferenceCatalog>().Nodes().Count == 2,
            "the web node to see both inference nodes");
        var room = await RoomSetup.CreateAsync(_cluster.Rooms(0), Settings, "민지");
        using var events = await RoomEventLog.StartAsync(_cluster.Service<RoomBroadcaster>(0), room.Id);
        await _cluster.Service<RoomBroadcaster>(0).FollowingAsync(room.Id);   // the web node follows the room (the log above subscribed)
        var engines = nodes.Select(n => n.ServiceProvider.GetRequiredService<BatchScheduler>()).ToList();
        var holds = engines.Select(e => e.Pause()).ToList();

        await _cluster.Rooms(0).SubmitTurnAsync(room.Id, room.KeyOf(0), "막차가 끊긴 역에서 그는 우산을 폈다.");
        await Deadline.UntilAsync(() => engines.Any(e => e.Waiting == 1), "the AI request to wait in an inference node's line");
        var first = engines.FindIndex(e => e.Waiting == 1);
        await _cluster.Cluster.KillSiloAsync(nodes[first]);
        holds[1 - first].Dispose();
        var written = await events.WaitForAsync<TurnCommitted>(t => t.Turn.SeatIndex == 1, TimeSpan.FromSeconds(90));

        Assert.Equal(TurnKind.Ai, written.Turn.Kind);   // written by the node that is left, not failed
        Assert.True(engines[1 - first].Steps > 0);
        holds[first].Dispose();
    }

    [Fact]
    public async Task StopAi_RequestWaitingOnTheInferenceNode_LeavesThatNodesLine()
    {
        var web = _cluster.Cluster.Silos[0];
        var inference = _cluster.Cluster.Silos[1];
        await AvailableAsync(web);
        var room = await RoomSetup.CreateAsync(_cluster.Rooms(0), Settings, "민지");
        var engine = inference.ServiceProvider.GetRequiredService<BatchScheduler>();
        using var hold = engine.Pause();
        await _cluster.Rooms(0).SubmitTurnAsync(room.Id, room.KeyOf(0), "막차가 끊긴 역에서 그는 우산을 폈다.");
        await Deadline.UntilAsync(() => engine.Waiting == 1, "the AI request to wait in the inference node's line");
        Assert.Equal(1, inference.ServiceProvider.GetRequiredService<InferenceLoad>().Streams);   // the gauge /metrics shows there

        await _cluster.Rooms(0).StopAiAsync(room.Id, room.KeyOf(0));

        // The web node tells the inference node: the waiting request leaves its line and its stream ends.
        await Deadline.UntilAsync(() => engine.Waiting == 0, "the stopped request to leave the inference node's line");
        await Deadline.UntilAsync(() => inference.ServiceProvider.GetRequiredService<InferenceLoad>().Streams == 0,
            "the inference node to end the stopped stream");
    }

    private static async Task AvailableAsync(InProcessSiloHandle web)
    {
        var catalog = web.ServiceProvider.GetRequiredService<InferenceCatalog>();
        await Deadline.UntilAsync(async () =>
        {
            await catalog.RefreshAsync();   // at once, rather than at the catalog's next beat
            return catalog.Current.UnavailableReason is null;
        }, "the web node to see an inference node's model", TimeSpan.FromSeconds(60));
    }
}
