using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using RelayNovel.Inference.Scheduling;
using RelayNovel.Tests.Infrastructure;
using RelayNovel.Web.Rooms;
using RelayNovel.Web.Rooms.Grains;
using Xunit.Abstractions;

namespace RelayNovel.Tests.Faults;

/// <summary>
/// People vanishing mid-turn. A page's presence is <see cref="RoomClient.ConnectAsync"/>, held by the Blazor circuit and
/// released when it ends; these tests release it the same way.
/// </summary>
public sealed class DisconnectTests(ITestOutputHelper output) : IAsyncLifetime
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);
    private readonly RelayNovelAppFactory _app = RelayNovelAppFactory.WithModel(SlowModel.FolderPath);

    private RoomClient Rooms => _app.Rooms;

    private BatchScheduler Queue => _app.Services.GetRequiredService<BatchScheduler>();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task LastPersonLeaves_WhileTheAiIsGenerating_GenerationStopsAndItsEngineRowIsFreed()
    {
        var room = await CreateAiRoomAsync();
        var page = await Rooms.ConnectAsync(room.Id, room.KeyOf(0));
        using var log = await RoomEventLog.StartAsync(_app.Broadcaster, room.Id);
        await Rooms.SubmitTurnAsync(room.Id, room.KeyOf(0), "등불이 꺼졌다.", null);
        await log.WaitForAsync<AiProgress>(p => p.Stream.VisibleText.Length > 0, Patience);
        var rowsWhileWriting = Queue.RowsInUse;

        var clock = Stopwatch.StartNew();
        await page.DisposeAsync();
        await Deadline.UntilAsync(() => Queue.RowsInUse == 0, "the AI's row to leave the batch");
        var freedAfter = clock.Elapsed;

        Assert.Equal(1, rowsWhileWriting);   // the AI was still generating when the last page closed
        var snapshot = (await Rooms.GetAsync(room.Id))!;
        Assert.Null(snapshot.AiStream);
        Assert.Single(snapshot.Turns);   // nothing of the cancelled attempt was committed
        output.WriteLine($"last page closed while the AI was generating: its engine row was free {freedAfter.TotalMilliseconds:F1} ms later");
    }

    [Fact]
    public async Task LastPersonLeaves_WhileTheAiTurnIsQueued_ItsQueueSlotIsFreed()
    {
        var blocker = Queue.Pause();
        var room = await CreateAiRoomAsync();
        var page = await Rooms.ConnectAsync(room.Id, room.KeyOf(0));
        await Rooms.SubmitTurnAsync(room.Id, room.KeyOf(0), "등불이 꺼졌다.", null);
        await AiWaits.QueuedAsync(Rooms, Queue, room.Id);
        var waitingBefore = Queue.Waiting;

        var clock = Stopwatch.StartNew();
        await page.DisposeAsync();
        await Deadline.UntilAsync(() => Queue.Waiting == 0, "the queued AI request to leave the queue");
        var freedAfter = clock.Elapsed;
        blocker.Dispose();

        Assert.Equal(1, waitingBefore);
        Assert.Null((await Rooms.GetAsync(room.Id))!.AiStream);
        output.WriteLine($"last page closed while the AI turn was queued: its slot was free {freedAfter.TotalMilliseconds:F2} ms later");
    }

    [Fact]
    public async Task BatonHolderDisappears_PresenceShowsDisconnectedAndTheTurnTimerStillSkipsThem()
    {
        var settings = new RoomSettings("사라진 사람", SeatPlan: [SeatKind.Human, SeatKind.Human], TurnTimerSeconds: 2);
        var room = await RoomSetup.CreateAsync(Rooms, settings, "민지", "서준");
        var holderPage = await Rooms.ConnectAsync(room.Id, room.KeyOf(0));
        await using var otherPage = await Rooms.ConnectAsync(room.Id, room.KeyOf(1));
        using var log = await RoomEventLog.StartAsync(_app.Broadcaster, room.Id);

        await holderPage.DisposeAsync();
        var presence = await log.WaitForAsync<PresenceChanged>(p => p.Seats[0].Presence == PresenceState.Disconnected, Patience);
        var deadline = (await Rooms.GetAsync(room.Id))!.TurnDeadline;
        var skipped = await log.WaitForAsync<TurnCommitted>(t => t.Turn.SeatIndex == 0, Patience);

        Assert.Equal(PresenceState.Seated, presence.Seats[1].Presence);
        Assert.NotNull(deadline);
        Assert.Equal(TurnKind.Skipped, skipped.Turn.Kind);
        Assert.Equal(1, (await Rooms.GetAsync(room.Id))!.BatonSeatIndex);
        output.WriteLine($"holder gone: shown Disconnected; their turn was skipped {(skipped.Turn.EndedAt - deadline!.Value).TotalMilliseconds:F0} ms after the deadline");
    }

    /// <summary>민지 then the AI, with a long greedy turn (1000 tokens, no sentence end) on the slow model.</summary>
    private Task<RoomSetup> CreateAiRoomAsync()
    {
        var ai = new AiSettings(Temperature: 1f, TopK: 1, RepetitionPenalty: 1f, MaxTokens: 1000, EndAtSentence: false, Pace: AiPace.Natural);
        return RoomSetup.CreateAsync(Rooms, new RoomSettings("떠난 방", "어두운 밤", SeatPlan: [SeatKind.Human, SeatKind.Ai], TurnTimerSeconds: 0, Ai: ai), "민지");
    }
}
