using Microsoft.Extensions.DependencyInjection;
using RelayNovel.Inference.Generation;
using RelayNovel.Inference.Scheduling;
using RelayNovel.Tests.Infrastructure;

namespace RelayNovel.Tests.Rooms;

/// <summary>The app's one batch engine (run by its hosted worker on the tiny model), driven with real requests.</summary>
public sealed class GenerationQueueTests : IAsyncLifetime
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);
    private readonly RelayNovelAppFactory _app = RelayNovelAppFactory.WithModel(TestModels.TinyModelPath);

    private BatchScheduler Queue => _app.Services.GetRequiredService<BatchScheduler>();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task Queue_RoomWithManyRequestsAndRoomWithOne_AdmitsThemRoundRobin()
    {
        var order = new List<string>();
        BatchTicket a1, a2, a3, b1;
        using (Queue.Pause())   // everything below waits in line
        {
            a1 = Enqueue("room-a", Record("A1"));
            a2 = Enqueue("room-a", Record("A2"));
            a3 = Enqueue("room-a", Record("A3"));
            b1 = Enqueue("room-b", Record("B1"));
            Assert.Equal((1, 2, 3, 4), (a1.Position, b1.Position, a2.Position, a3.Position));
        }

        await Task.WhenAll(a1.Completion, a2.Completion, a3.Completion, b1.Completion).WaitAsync(Patience);
        Assert.Equal(["A1", "B1", "A2", "A3"], order);

        Action<int> Record(string name) => position =>
        {
            if (position == 0)
            {
                lock (order)
                {
                    order.Add(name);
                }
            }
        };
    }

    [Fact]
    public async Task Queue_CancelWaitingRequest_ItNeverRunsAndOthersMoveUp()
    {
        var reported = new List<int>();
        BatchTicket first, second;
        using (Queue.Pause())
        {
            first = Enqueue("room-c", null);
            second = Enqueue("room-d", p => { lock (reported) { reported.Add(p); } });
            first.Cancel();
        }

        await Task.WhenAll(first.Completion, second.Completion).WaitAsync(Patience);

        Assert.Equal(0, first.Generated);
        Assert.False(await first.Outputs[0].WaitToReadAsync());
        Assert.True(second.Generated > 0);
        Assert.Equal([2, 1, 0], reported);   // behind "first", then next, then running
    }

    [Fact]
    public void Queue_Full_RefusesUntilAPlaceFrees()
    {
        var queue = new BatchScheduler(new BatchSchedulerOptions { WaitingCapacity = 2 });
        Assert.True(queue.TryEnqueue(Request("x", null), out _));
        Assert.True(queue.TryEnqueue(Request("y", null), out var y));

        var refused = !queue.TryEnqueue(Request("z", null), out _);
        y.Cancel();
        var admittedAfterCancel = queue.TryEnqueue(Request("z", null), out _);

        Assert.True(refused);
        Assert.True(admittedAfterCancel);
    }

    private BatchTicket Enqueue(string key, Action<int>? positionChanged)
    {
        Assert.True(Queue.TryEnqueue(Request(key, positionChanged), out var ticket));
        return ticket;
    }

    private static GenerationRequest Request(string key, Action<int>? positionChanged) =>
        GenerationRequest.Single(key, GenerationLane.Room, [5, 6, 7], new GenerationOptions { MaxNewTokens = 4, Seed = 1 })
            with { PositionChanged = positionChanged };
}
