using System.Collections.Concurrent;
using RelayNovel.Inference.Generation;
using RelayNovel.Inference.Scheduling;
using RelayNovel.Tests.Generation;

namespace RelayNovel.Tests.Scheduling;

public sealed class BatchSchedulerTests(TinyModelFixture model) : IClassFixture<TinyModelFixture>, IDisposable
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(30);
    private readonly CancellationTokenSource _stop = new();
    private readonly List<Task> _engines = [];

    [Fact]
    public async Task Run_SixteenSeededRequestsInOneBatch_GiveEachTheTextItGetsAlone()
    {
        var engine = Start(new BatchSchedulerOptions { MaxRows = 16, RoomReservedRows = 0 });
        using var pause = engine.Pause();   // all sixteen start at the same step boundary
        var tickets = Enumerable.Range(0, 16)
            .Select(i => Enqueue(engine, $"room-{i}", Prompt(i), Options(seed: 100 + i, maxNewTokens: 20 + i)))
            .ToArray();
        pause.Dispose();

        for (var i = 0; i < tickets.Length; i++)
        {
            var batched = await CollectAsync(tickets[i], 0);
            var alone = await GenerationRunner.CollectAsync(model.Generator.GenerateIdsAsync(Prompt(i), Options(100 + i, 20 + i)));
            Assert.Equal(alone.Ids, batched.Ids);
            Assert.Equal(alone.Text, batched.Text);
            Assert.Equal(alone.Finish, batched.Finish);
        }
    }

    [Fact]
    public async Task Run_RequestJoiningAndLeavingMidStream_ChangesNoOtherRowsText()
    {
        var engine = Start(new BatchSchedulerOptions { MaxRows = 4, RoomReservedRows = 0 });
        var longRun = Enqueue(engine, "a", Prompt(1), Options(seed: 7, maxNewTokens: 40));
        await longRun.Outputs[0].WaitToReadAsync().AsTask().WaitAsync(Deadline);   // streaming before the others join
        var shortRun = Enqueue(engine, "b", Prompt(2), Options(seed: 8, maxNewTokens: 3));
        var joiner = Enqueue(engine, "c", Prompt(3), Options(seed: 9, maxNewTokens: 25));

        Assert.Equal(await AloneAsync(Prompt(1), Options(7, 40)), (await CollectAsync(longRun, 0)).Ids);
        Assert.Equal(await AloneAsync(Prompt(2), Options(8, 3)), (await CollectAsync(shortRun, 0)).Ids);
        Assert.Equal(await AloneAsync(Prompt(3), Options(9, 25)), (await CollectAsync(joiner, 0)).Ids);
    }

    [Fact]
    public async Task Run_KAlternativesOfOnePrompt_EachGivesTheTextOfItsSeedAlone()
    {
        var engine = Start(new BatchSchedulerOptions { MaxRows = 4, RoomReservedRows = 0 });
        Assert.True(engine.TryEnqueue(new GenerationRequest("room", GenerationLane.Room, Prompt(4),
            [Options(1, 15), Options(2, 15), Options(3, 15)]), out var ticket));

        for (var a = 0; a < 3; a++)
        {
            Assert.Equal(await AloneAsync(Prompt(4), Options(a + 1, 15)), (await CollectAsync(ticket, a)).Ids);
        }
    }

    [Fact]
    public async Task Cancel_RunningRequest_FreesItsRowWithinOneStep()
    {
        var engine = Start(new BatchSchedulerOptions { MaxRows = 1, RoomReservedRows = 0 });
        IDisposable? pause = null;
        var paused = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        engine.StepObserver = steps =>
        {
            if (steps == 5)
            {
                pause = engine.Pause();   // holds the loop mid-stream, at a step boundary
                paused.SetResult();
            }
        };
        var running = Enqueue(engine, "a", [5, 6], Options(seed: 1, maxNewTokens: 50) with { MinNewTokens = 50 });
        var waiting = Enqueue(engine, "b", [7], Options(seed: 2, maxNewTokens: 5));
        await paused.Task.WaitAsync(Deadline);

        running.Cancel();
        pause!.Dispose();
        await running.Completion.WaitAsync(Deadline);

        var result = await CollectAsync(running, 0);
        Assert.Equal(FinishReason.Cancelled, result.Finish);
        Assert.InRange(result.Ids.Length, 6, 7);   // the prompt's token and five steps', at most one more
        Assert.Equal(FinishReason.MaxTokens, (await CollectAsync(waiting, 0)).Finish);   // the freed row served it
    }

    [Fact]
    public async Task Cancel_WaitingRequest_LeavesTheLineAndMovesTheOthersUp()
    {
        var engine = Start(new BatchSchedulerOptions { MaxRows = 1, RoomReservedRows = 0 });
        using var pause = engine.Pause();
        var first = Enqueue(engine, "a", [5], Options(1, 4));
        var second = Enqueue(engine, "b", [5], Options(1, 4));
        Assert.Equal(2, second.Position);

        first.Cancel();

        Assert.Equal(1, second.Position);
        Assert.Equal(1, engine.Waiting);
        await first.Completion.WaitAsync(Deadline);
        Assert.False(await first.Outputs[0].WaitToReadAsync());
    }

    [Fact]
    public async Task Run_RoomWithTenRequestsAndRoomWithOne_TheOneIsServedSecond()
    {
        var engine = Start(new BatchSchedulerOptions { MaxRows = 1, RoomReservedRows = 0 });
        var started = new ConcurrentQueue<string>();
        var pause = engine.Pause();
        var busy = Enumerable.Range(0, 10).Select(i => Enqueue(engine, "busy", [5, i], Options(i, 3), started, $"busy-{i}")).ToArray();
        var quiet = Enqueue(engine, "quiet", [9], Options(1, 3), started, "quiet");

        Assert.Equal(2, quiet.Position);
        pause.Dispose();
        await Task.WhenAll(busy.Select(t => t.Completion).Append(quiet.Completion)).WaitAsync(Deadline);

        Assert.Equal(["busy-0", "quiet", "busy-1"], started.Take(3));
    }

    [Fact]
    public async Task Run_ApiRequestsWaitingBeforeARoom_RoomGoesFirstAndApiNeverTakesTheReservedRow()
    {
        var engine = Start(new BatchSchedulerOptions { MaxRows = 2, RoomReservedRows = 1 });
        var pause = engine.Pause();
        var api1 = Enqueue(engine, "client-1", [5], Options(1, 20), lane: GenerationLane.Api);
        var api2 = Enqueue(engine, "client-2", [5], Options(2, 20), lane: GenerationLane.Api);
        var room = Enqueue(engine, "room", [6], Options(3, 20));
        Assert.Equal([1, 2, 3], new[] { room.Position, api1.Position, api2.Position });
        var firstStep = new TaskCompletionSource<(bool Room, bool Api1, bool Api2)>(TaskCreationOptions.RunContinuationsAsynchronously);
        engine.StepObserver = _ => firstStep.TrySetResult((room.IsRunning, api1.IsRunning, api2.IsRunning));

        pause.Dispose();

        Assert.Equal((true, true, false), await firstStep.Task.WaitAsync(Deadline));   // two rows: the room's and one API row
        await Task.WhenAll(room.Completion, api1.Completion, api2.Completion).WaitAsync(Deadline);
    }

    [Fact]
    public void TryEnqueue_WaitingLineFull_Refuses()
    {
        var engine = Start(new BatchSchedulerOptions { MaxRows = 1, RoomReservedRows = 0, WaitingCapacity = 2 });
        using var pause = engine.Pause();
        Enqueue(engine, "a", [5], Options(1, 4));
        Enqueue(engine, "b", [5], Options(1, 4));

        Assert.False(engine.TryEnqueue(GenerationRequest.Single("c", GenerationLane.Room, [5], Options(1, 4)), out _));
        Assert.Equal(2, engine.Waiting);
    }

    [Fact]
    public async Task Run_PromptLongerThanOnePiece_IsPrefilledInPiecesAndGivesTheTextItGetsAlone()
    {
        var engine = Start(new BatchSchedulerOptions { MaxRows = 2, RoomReservedRows = 0, PrefillChunkTokens = 4 });
        int[] prompt = [.. Enumerable.Range(10, 30)];
        var ticket = Enqueue(engine, "a", prompt, Options(5, 10));

        Assert.Equal(await AloneAsync(prompt, Options(5, 10)), (await CollectAsync(ticket, 0)).Ids);
    }

    public void Dispose()
    {
        _stop.Cancel();
        Task.WaitAll([.. _engines], Deadline);
        _stop.Dispose();
    }

    private BatchScheduler Start(BatchSchedulerOptions options)
    {
        var engine = new BatchScheduler(options);
        _engines.Add(engine.RunAsync(model.Generator, _stop.Token));
        return engine;
    }

    private static BatchTicket Enqueue(BatchScheduler engine, string key, int[] prompt, GenerationOptions options,
        ConcurrentQueue<string>? started = null, string? name = null, GenerationLane lane = GenerationLane.Room)
    {
        var request = GenerationRequest.Single(key, lane, prompt, options) with
        {
            PositionChanged = p =>
            {
                if (p == 0)
                {
                    started?.Enqueue(name ?? key);
                }
            },
        };
        Assert.True(engine.TryEnqueue(request, out var ticket));
        return ticket;
    }

    private async Task<int[]> AloneAsync(int[] prompt, GenerationOptions options) =>
        (await GenerationRunner.CollectAsync(model.Generator.GenerateIdsAsync(prompt, options))).Ids;

    private static async Task<GenerationRunner.Result> CollectAsync(BatchTicket ticket, int alternative) =>
        await GenerationRunner.CollectAsync(ticket.Outputs[alternative].ReadAllAsync()).WaitAsync(Deadline);

    private static int[] Prompt(int i) => [.. Enumerable.Range(0, 3 + (i % 5) * 3).Select(j => 5 + ((i * 31 + j * 7) % 390))];

    private static GenerationOptions Options(int seed, int maxNewTokens) =>
        new() { Seed = seed, MaxNewTokens = maxNewTokens, Temperature = 0.9f, TopK = 40, TopP = 0.95f };
}
