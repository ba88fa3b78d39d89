using Microsoft.Extensions.DependencyInjection;
using RelayNovel.Inference.Scheduling;
using RelayNovel.Tests.Infrastructure;

namespace RelayNovel.Tests.Rooms;

/// <summary>The app's one generation queue (served by its hosted worker), driven with work items the test controls.</summary>
public sealed class GenerationQueueTests(RelayNovelAppFactory app) : IClassFixture<RelayNovelAppFactory>
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    private GenerationQueue Queue => app.Services.GetRequiredService<GenerationQueue>();

    [Fact]
    public async Task Queue_RoomWithManyRequestsAndRoomWithOne_ServesThemRoundRobin()
    {
        var order = new List<string>();
        var blocker = new TaskCompletionSource();
        var running = new TaskCompletionSource();
        Enqueue("blocker", async _ =>
        {
            running.SetResult();
            await blocker.Task;
        });
        await running.Task.WaitAsync(Patience);   // the worker is busy: everything below waits in line

        var a1 = Enqueue("room-a", Record("A1"));
        var a2 = Enqueue("room-a", Record("A2"));
        var a3 = Enqueue("room-a", Record("A3"));
        var b1 = Enqueue("room-b", Record("B1"));
        var positions = (a1.Position, b1.Position, a2.Position, a3.Position);
        blocker.SetResult();
        await Task.WhenAll(a1.Completion, a2.Completion, a3.Completion, b1.Completion).WaitAsync(Patience);

        Assert.Equal((1, 2, 3, 4), positions);
        Assert.Equal(["A1", "B1", "A2", "A3"], order);

        Func<CancellationToken, Task> Record(string name) => _ =>
        {
            lock (order)
            {
                order.Add(name);
            }
            return Task.CompletedTask;
        };
    }

    [Fact]
    public async Task Queue_CancelWaitingRequest_ItNeverRunsAndOthersMoveUp()
    {
        var blocker = new TaskCompletionSource();
        var running = new TaskCompletionSource();
        Enqueue("blocker-2", async _ =>
        {
            running.SetResult();
            await blocker.Task;
        });
        await running.Task.WaitAsync(Patience);
        var ran = new List<string>();
        var reported = new List<int>();
        var first = Enqueue("room-c", _ => Add("first"));
        Assert.True(Queue.TryEnqueue("room-d", _ => Add("second"), p => { lock (reported) { reported.Add(p); } }, out var second));

        first.Cancel();
        blocker.SetResult();
        await Task.WhenAll(first.Completion, second.Completion).WaitAsync(Patience);

        Assert.Equal(["second"], ran);
        Assert.Equal([2, 1, 0], reported);   // behind "first", then next, then running

        Task Add(string name)
        {
            lock (ran)
            {
                ran.Add(name);
            }
            return Task.CompletedTask;
        }
    }

    [Fact]
    public async Task Queue_CancelRunningRequest_StopsItsWorkAndFreesTheWorker()
    {
        var started = new TaskCompletionSource();
        var sawCancel = new TaskCompletionSource();
        var running = Enqueue("room-e", async ct =>
        {
            started.SetResult();
            try
            {
                await Task.Delay(Timeout.Infinite, ct);
            }
            catch (OperationCanceledException)
            {
                sawCancel.SetResult();
                throw;
            }
        });
        await started.Task.WaitAsync(Patience);
        var next = Enqueue("room-f", _ => Task.CompletedTask);

        running.Cancel();

        await sawCancel.Task.WaitAsync(Patience);
        await next.Completion.WaitAsync(Patience);
    }

    [Fact]
    public async Task Queue_Full_RefusesUntilASlotFrees()
    {
        var queue = new GenerationQueue(capacity: 2);
        using var stop = new CancellationTokenSource();
        var gate = new TaskCompletionSource();
        var started = new TaskCompletionSource();
        Assert.True(queue.TryEnqueue("x", async _ => { started.TrySetResult(); await gate.Task; }, null, out _));
        var consumer = queue.RunAsync(stop.Token);
        await started.Task.WaitAsync(Patience);

        Assert.True(queue.TryEnqueue("y", _ => Task.CompletedTask, null, out var y));
        Assert.True(queue.TryEnqueue("z", _ => Task.CompletedTask, null, out _));
        var refused = !queue.TryEnqueue("w", _ => Task.CompletedTask, null, out _);
        y.Cancel();
        var admittedAfterCancel = queue.TryEnqueue("w", _ => Task.CompletedTask, null, out var w);
        gate.SetResult();
        await w.Completion.WaitAsync(Patience);
        await stop.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => consumer);

        Assert.True(refused);
        Assert.True(admittedAfterCancel);
    }

    private GenerationTicket Enqueue(string key, Func<CancellationToken, Task> work)
    {
        Assert.True(Queue.TryEnqueue(key, work, null, out var ticket));
        return ticket;
    }
}
