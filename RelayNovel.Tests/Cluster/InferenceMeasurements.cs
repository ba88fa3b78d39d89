using System.Diagnostics;
using RelayNovel.Tests.Infrastructure;
using RelayNovel.Web.Rooms;
using RelayNovel.Web.Rooms.Grains;
using Xunit.Abstractions;

namespace RelayNovel.Tests.Cluster;

/// <summary>
/// What the inference service costs an AI turn: the same turns (same seeds, same tiny real model) written by the
/// room's own node, and by an inference node for a room on a web node. Tokens per second from the human's submit to
/// the AI turn's commit as the room's node sees it (prompt fit, queue, generation and relay included).
/// </summary>
public sealed class InferenceMeasurements(ITestOutputHelper output)
{
    private const int Turns = 8;

    private static readonly RoomSettings Settings = new("측정", Premise: "비 오는 밤의 역",
        SeatPlan: [SeatKind.Human, SeatKind.Ai], TurnTimerSeconds: 0,
        Ai: new AiSettings(MaxTokens: 128, EndAtSentence: false, Pace: AiPace.AsGenerated));

    [MeasurementFact("RELAYNOVEL_INFERENCE_MEASURE", "time AI turns through an inference node against the same turns on the room's own node.")]
    public async Task AiTurn_ThroughInferenceNodeAndLocal_PrintsTokensPerSecond()
    {
        await using (var local = await RoomTestCluster.StartAsync(silos: 1, modelPath: TestModels.TinyModelPath))
        {
            output.WriteLine($"local (Role=all, one node): {await MeasureAsync(local)}");
        }
        await using var split = await RoomTestCluster.StartAsync(silos: 2, siloSettings: InferenceNodeTests.NodeSettings);
        await Deadline.UntilAsync(async () =>
        {
            var catalog = split.Service<Web.Rooms.Generation.InferenceCatalog>(0);
            await catalog.RefreshAsync();
            return catalog.Current.UnavailableReason is null;
        }, "the web node to see the inference node");
        output.WriteLine($"through the inference node (web + inference silos): {await MeasureAsync(split)}");
    }

    private static async Task<string> MeasureAsync(RoomTestCluster cluster)
    {
        var rates = new List<double>();
        var tokens = 0;
        for (var i = 0; i <= Turns; i++)
        {
            var room = await RoomSetup.CreateAsync(cluster.Rooms(0), Settings, "민지");
            using var events = await RoomEventLog.StartAsync(cluster.Service<RoomBroadcaster>(0), room.Id);
            await Deadline.UntilAsync(() => cluster.Service<RoomEventRelay>(0).IsRelaying(room.Id), "the node to follow the room");
            var clock = Stopwatch.StartNew();
            await cluster.Rooms(0).SubmitTurnAsync(room.Id, room.KeyOf(0), "막차가 끊긴 역에서 그는 우산을 폈다.");
            var ai = await events.WaitForAsync<TurnCommitted>(t => t.Turn.SeatIndex == 1, TimeSpan.FromSeconds(60));
            var elapsed = clock.Elapsed.TotalSeconds;
            var stored = (await cluster.Store.LoadAsync(room.Id))!.Turns[ai.Turn.Index];
            var count = stored.TokenChunks.Sum(c => c.Tokens);
            if (i > 0)   // the first turn warms the model and the connections
            {
                rates.Add(count / elapsed);
                tokens += count;
            }
        }
        rates.Sort();
        return $"{Turns} turns, {tokens} tokens: median {rates[Turns / 2]:F0} tokens/s (min {rates[0]:F0}, max {rates[^1]:F0}), submit to commit";
    }
}
