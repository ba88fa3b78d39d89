using Microsoft.Extensions.DependencyInjection;
using RelayNovel.Inference.Scheduling;
using RelayNovel.Tests.Infrastructure;

namespace RelayNovel.Tests.Rooms;

/// <summary>
/// Holds the app's batch engine at its next step boundary (<see cref="BatchScheduler.Pause"/>), so an AI request waits
/// in line (a state a test can act on) until <see cref="Release"/> or disposal.
/// </summary>
public sealed class QueueBlocker : IDisposable
{
    private readonly IDisposable _pause;

    private QueueBlocker(IDisposable pause)
    {
        _pause = pause;
    }

    public static Task<QueueBlocker> HoldAsync(RelayNovelAppFactory app) =>
        Task.FromResult(new QueueBlocker(app.Services.GetRequiredService<BatchScheduler>().Pause()));

    public void Release() => _pause.Dispose();

    public void Dispose() => Release();
}
