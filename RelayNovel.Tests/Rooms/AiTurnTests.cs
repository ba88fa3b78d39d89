using RelayNovel.Tests.Checkpoints;
using Microsoft.Extensions.DependencyInjection;
using RelayNovel.Inference.Scheduling;
using RelayNovel.Tests.Infrastructure;
using RelayNovel.Web.Rooms;
using RelayNovel.Web.Rooms.Grains;
using RelayNovel.Web.Stories.LiteDb;
using RelayNovel.Web.Stories;
using Xunit.Abstractions;

namespace RelayNovel.Tests.Rooms;

/// <summary>AI turns end to end on a tiny random-weight GPT-2 (a real ONNX model; it writes noise).</summary>
public sealed class AiTurnTests(ITestOutputHelper output) : IAsyncLifetime
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);
    private readonly RelayNovelAppFactory _app = RelayNovelAppFactory.WithModel(TestModels.TinyModelPath);

    private RoomClient Rooms => _app.Rooms;

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task AiTurn_AfterTheHuman_StreamsIntoTheRoomThenCommitsAsAnAiTurnWithItsTimeline()
    {
        // 96 tokens at the natural pace (18 a second) are shown over about 5 s: a machine that stalls for a second or
        // two still shows them in steps (the pace catches up after a stall, so 24 tokens could appear in one).
        var ai = new AiSettings(Temperature: 0.9f, TopK: 40, MaxTokens: 96, EndAtSentence: false, Pace: AiPace.Natural);
        var room = await RoomSetup.CreateAsync(Rooms, new RoomSettings("AI와 함께", "어느 봄날", TurnTimerSeconds: 0, Ai: ai), "민지");
        await using var page = await Rooms.ConnectAsync(room.Id, room.KeyOf(0));
        using var log = await RoomEventLog.StartAsync(_app.Broadcaster, room.Id);

        await Rooms.SubmitTurnAsync(room.Id, room.KeyOf(0), "꽃이 피었다.", null);
        var firstShown = await log.WaitForAsync<AiProgress>(p => p.Stream.VisibleText.Length > 0, Patience);
        var shownAt = DateTimeOffset.UtcNow;
        var committed = await log.WaitForAsync<TurnCommitted>(t => t.Turn.SeatIndex == 4, Patience);
        var shownFor = DateTimeOffset.UtcNow - shownAt;

        var shown = log.Seen.OfType<AiProgress>().Select(p => p.Stream.VisibleText).Where(t => t.Length > 0).Distinct().ToList();
        Assert.True(shown.Count >= 2, $"the AI text should appear in steps, saw {shown.Count}");
        Assert.All(shown, s => Assert.StartsWith(s, shown[^1]));
        Assert.Equal((TurnKind.Ai, "AI"), (committed.Turn.Kind, committed.Turn.AuthorName));
        Assert.Equal(shown[^1].Trim(), committed.Turn.Text);
        var snapshot = (await Rooms.GetAsync(room.Id))!;
        Assert.Equal(0, snapshot.BatonSeatIndex);
        Assert.Null(snapshot.AiStream);
        Assert.Null(snapshot.AiUnavailableReason);

        var stored = (await _app.Store.StoredTurnAsync(room.Id, committed.Turn.Index));
        Assert.Equal(snapshot.ModelName, stored.Model);
        Assert.NotNull(stored.Seed);
        Assert.Equal(0.9f, stored.Sampler!.Temperature);
        Assert.Equal(40, stored.Sampler.TopK);
        Assert.NotEmpty(stored.TokenChunks);
        Assert.Equal(committed.Turn.Text, string.Concat(stored.TokenChunks.Select(c => c.Text)).Trim());
        Assert.True(stored.TokenChunks.Zip(stored.TokenChunks.Skip(1)).All(p => p.First.OffsetMs <= p.Second.OffsetMs));
        Assert.InRange(stored.TokenChunks.Sum(c => c.Tokens), 1, 96);
        Assert.True(stored.ContextUsedTokens > 0);
        var tokens = stored.TokenChunks.Sum(c => c.Tokens);
        output.WriteLine($"{tokens} tokens generated in {stored.TokenChunks[^1].OffsetMs:F0} ms, shown over {shownFor.TotalMilliseconds:F0} ms " +
            $"(~{(tokens - 1) / Math.Max(0.001, shownFor.TotalSeconds):F1} tokens/s at the natural pace); first shown: {firstShown.Stream.VisibleText.Length} chars");
    }

    [Fact]
    public async Task AiStream_WhileWriting_ShowsTheModelAndTheContextMeter()
    {
        var room = await CreateSlowAiRoomAsync();
        await using var page = await Rooms.ConnectAsync(room.Id, room.KeyOf(0));
        using var log = await RoomEventLog.StartAsync(_app.Broadcaster, room.Id);

        await Rooms.SubmitTurnAsync(room.Id, room.KeyOf(0), "바람이 분다.", null);
        var progress = await log.WaitForAsync<AiProgress>(p => p.Stream.VisibleText.Length > 0, Patience);

        var stream = progress.Stream;
        Assert.Equal(1, stream.SeatIndex);
        Assert.Equal(AiStreamState.Streaming, stream.State);
        Assert.Equal(TestModels.TinyConfig.NPositions, stream.ContextWindowTokens);
        Assert.InRange(stream.ContextUsedTokens, 1, stream.ContextWindowTokens);
        Assert.Equal((await Rooms.GetAsync(room.Id))!.ModelName, stream.ModelName);
        Assert.NotEqual(AiModel.NoModelName, stream.ModelName);
        await Rooms.StopAiAsync(room.Id, room.KeyOf(0));
    }

    [Fact]
    public async Task StopAi_WhileStreaming_WhatWasShownBecomesTheTurn()
    {
        var room = await CreateSlowAiRoomAsync();
        await using var page = await Rooms.ConnectAsync(room.Id, room.KeyOf(0));
        using var log = await RoomEventLog.StartAsync(_app.Broadcaster, room.Id);
        await Rooms.SubmitTurnAsync(room.Id, room.KeyOf(0), "바람이 분다.", null);
        await log.WaitForAsync<AiProgress>(p => p.Stream.VisibleText.Length > 0, Patience);

        await Rooms.StopAiAsync(room.Id, room.KeyOf(1));

        var snapshotAfter = (await Rooms.GetAsync(room.Id))!;
        var turn = snapshotAfter.Turns[^1];
        var lastShown = log.Seen.OfType<AiProgress>().Last().Stream.VisibleText;
        Assert.Equal(TurnKind.Ai, turn.Kind);
        Assert.StartsWith(lastShown.Trim(), turn.Text);
        Assert.Null(snapshotAfter.AiStream);
        Assert.Equal(2, snapshotAfter.BatonSeatIndex);
        var stored = (await _app.Store.StoredTurnAsync(room.Id, turn.Index));
        Assert.Equal("Stopped", stored.FinishReason);
        Assert.True(stored.TokenChunks.Sum(c => c.Tokens) < 200, "only the shown part is kept");
    }

    [Fact]
    public async Task StopAi_BySpectator_IsForbidden()
    {
        var room = await CreateSlowAiRoomAsync();
        var watcher = await Rooms.JoinAsync(room.Id, "구경꾼", null, spectate: true);
        await using var page = await Rooms.ConnectAsync(room.Id, room.KeyOf(0));
        using var log = await RoomEventLog.StartAsync(_app.Broadcaster, room.Id);
        await Rooms.SubmitTurnAsync(room.Id, room.KeyOf(0), "바람이 분다.", null);
        await log.WaitForAsync<AiProgress>(p => p.Stream.VisibleText.Length > 0, Patience);

        var error = await Assert.ThrowsAsync<RoomException>(() => Rooms.StopAiAsync(room.Id, watcher.ParticipantKey));

        Assert.Equal(RoomErrorCode.Forbidden, error.Code);
        Assert.NotNull((await Rooms.GetAsync(room.Id))!.AiStream);
        await Rooms.StopAiAsync(room.Id, room.Room.OwnerKey);
    }

    [Fact]
    public async Task RetryAi_ByThePreviousWriter_ReplacesTheStreamWithANewAttempt()
    {
        var room = await CreateSlowAiRoomAsync();
        await using var page = await Rooms.ConnectAsync(room.Id, room.KeyOf(0));
        using var log = await RoomEventLog.StartAsync(_app.Broadcaster, room.Id);
        await Rooms.SubmitTurnAsync(room.Id, room.KeyOf(0), "바람이 분다.", null);
        var first = await log.WaitForAsync<AiProgress>(p => p.Stream.VisibleText.Length > 0, Patience);

        var notWriter = await Assert.ThrowsAsync<RoomException>(() => Rooms.RetryAiAsync(room.Id, room.KeyOf(1)));
        await Rooms.RetryAiAsync(room.Id, room.KeyOf(0));
        var restarted = (await log.WaitForAsync<AiProgress>(p => p.Stream.Seed != first.Stream.Seed, Patience)).Stream;
        var second = await log.WaitForAsync<AiProgress>(p => p.Stream.Seed != first.Stream.Seed && p.Stream.VisibleText.Length > 0, Patience);
        await Rooms.StopAiAsync(room.Id, room.KeyOf(0));

        Assert.Equal(RoomErrorCode.Forbidden, notWriter.Code);
        Assert.Equal("", restarted.VisibleText);
        Assert.NotEqual(first.Stream.Seed, restarted.Seed);
        var turns = (await Rooms.GetAsync(room.Id))!.Turns;
        Assert.Equal(2, turns.Count);   // the discarded attempt left nothing behind
        var stored = (await _app.Store.StoredTurnAsync(room.Id, 1));
        Assert.Equal(second.Stream.Seed, stored.Seed);
    }

    [Fact]
    public async Task AiRequest_WhenTheRoomEmptiesWhileQueued_IsCancelledAndStartsAgainWhenSomeoneReturns()
    {
        var queue = _app.Services.GetRequiredService<BatchScheduler>();
        var blocker = queue.Pause();
        var room = await CreateSlowAiRoomAsync();
        var page = await Rooms.ConnectAsync(room.Id, room.KeyOf(0));
        using var log = await RoomEventLog.StartAsync(_app.Broadcaster, room.Id);

        await Rooms.SubmitTurnAsync(room.Id, room.KeyOf(0), "바람이 분다.", null);
        var queued = await AiWaits.QueuedAsync(Rooms, queue, room.Id);
        await Deadline.UntilAsync(async () => (await Rooms.GetAsync(room.Id))!.AiStream?.QueuePosition == 1, "the queue position to show");
        queued = (await Rooms.GetAsync(room.Id))!.AiStream!;
        var waitingBefore = queue.Waiting;
        await page.DisposeAsync();
        await AiWaits.LeftTheQueueAsync(queue);
        var afterLeaving = ((await Rooms.GetAsync(room.Id))!.AiStream, queue.Waiting);
        await using var back = await Rooms.ConnectAsync(room.Id, room.KeyOf(0));
        var requeued = await AiWaits.QueuedAsync(Rooms, queue, room.Id);
        blocker.Dispose();
        var streaming = await log.WaitForAsync<AiProgress>(p => p.Stream.VisibleText.Length > 0, Patience);
        await Rooms.StopAiAsync(room.Id, room.KeyOf(0));

        Assert.Equal((AiStreamState.Queued, (int?)1), (queued.State, queued.QueuePosition));
        Assert.Equal(1, waitingBefore);
        Assert.Equal((null, 0), afterLeaving);
        Assert.Equal(AiStreamState.Queued, requeued?.State);
        Assert.Equal(AiStreamState.Streaming, streaming.Stream.State);
    }

    [Fact]
    public async Task AiTurn_AfterRestart_IsStillInTheStoryWithItsTimeline()
    {
        using var data = new TempDirectory();
        TurnView aiTurn;
        string roomId;
        await using (var first = RelayNovelAppFactory.On(data, TestModels.TinyModelPath))
        {
            var ai = new AiSettings(MaxTokens: 12, EndAtSentence: false, Pace: AiPace.AsGenerated);
            var room = await RoomSetup.CreateAsync(first.Rooms, new RoomSettings("재시작", TurnTimerSeconds: 0, Ai: ai), "민지");
            roomId = room.Id;
            await using var page = await first.Rooms.ConnectAsync(room.Id, room.KeyOf(0));
            using var log = await RoomEventLog.StartAsync(first.Broadcaster, room.Id);
            await first.Rooms.SubmitTurnAsync(room.Id, room.KeyOf(0), "눈이 온다.", null);
            aiTurn = (await log.WaitForAsync<TurnCommitted>(t => t.Turn.SeatIndex == 4, Patience)).Turn;
        }

        await using var second = RelayNovelAppFactory.On(data, TestModels.TinyModelPath);

        Assert.Equal(aiTurn, (await second.Rooms.GetAsync(roomId))!.Turns[^1]);
        Assert.NotEmpty((await second.Store.StoredTurnAsync(roomId, aiTurn.Index)).TokenChunks);
    }

    /// <summary>
    /// Seats 민지, AI, 서준, with an AI turn long enough to act on: 128 tokens (the most the 256-token test model serves) shown at the natural pace (~7 s).
    /// </summary>
    private async Task<RoomSetup> CreateSlowAiRoomAsync()
    {
        var ai = new AiSettings(MaxTokens: 128, EndAtSentence: false, Pace: AiPace.Natural);
        var settings = new RoomSettings("느린 AI", "어느 봄날", SeatPlan: [SeatKind.Human, SeatKind.Ai, SeatKind.Human], TurnTimerSeconds: 0, Ai: ai);
        return await RoomSetup.CreateAsync(Rooms, settings, "민지", "서준");
    }
}
