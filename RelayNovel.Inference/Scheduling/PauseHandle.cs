namespace RelayNovel.Inference.Scheduling;

/// <summary>What <see cref="BatchScheduler.Pause"/> returns: disposing it resumes the engine, once however often it is disposed.</summary>
internal sealed class PauseHandle(Action resume) : IDisposable
{
    private int _disposed;

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 0)
        {
            resume();
        }
    }
}
