using Microsoft.Extensions.DependencyInjection;
using RelayNovel.Inference.Scheduling;
using RelayNovel.Tests.Infrastructure;

namespace RelayNovel.Tests.Rooms;

/// <summary>
/// Holds the app's one generation slot with a request of another room, so an AI request waits in the queue (a
/// state a test can act on) until <see cref="Release"/> or disposal.
/// </summary>
public sealed class QueueBlocker : IDisposable
{
    private readonly TaskCompletionSource _release = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private QueueBlocker()
    {
    }

    public static async Task<QueueBlocker> HoldAsync(RelayNovelAppFactory app)
    {
        var blocker = new QueueBlocker();
        var busy = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var queue = app.Services.GetRequiredService<GenerationQueue>();
        Assert.True(queue.TryEnqueue("queue-blocker", async _ =>
        {
            busy.SetResult();
            await blocker._release.Task;
        }, null, out _));
        await busy.Task.WaitAsync(TimeSpan.FromSeconds(30));
        return blocker;
    }

    public void Release() => _release.TrySetResult();

    public void Dispose() => Release();
}
