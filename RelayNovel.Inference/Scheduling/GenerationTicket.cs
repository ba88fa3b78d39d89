namespace RelayNovel.Inference.Scheduling;

/// <summary>A request's place in the <see cref="GenerationQueue"/>: its position while waiting, and a way to cancel it.</summary>
public sealed class GenerationTicket
{
    private readonly GenerationQueue _queue;
    private readonly CancellationTokenSource _cancel = new();
    private readonly TaskCompletionSource _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);

    internal GenerationTicket(GenerationQueue queue, string key, Func<CancellationToken, Task> work, Action<int>? positionChanged)
    {
        _queue = queue;
        Key = key;
        Work = work;
        PositionChanged = positionChanged;
    }

    /// <summary>The fairness key (the room).</summary>
    public string Key { get; }

    /// <summary>1 = runs next; 0 = running or done.</summary>
    public int Position { get; internal set; }

    public bool IsRunning { get; internal set; }

    public bool IsCancellationRequested => _cancel.IsCancellationRequested;

    /// <summary>Completes when the work has run (or was cancelled before it ran); never faults.</summary>
    public Task Completion => _completion.Task;

    internal Func<CancellationToken, Task> Work { get; }

    internal Action<int>? PositionChanged { get; }

    internal CancellationToken Token => _cancel.Token;

    /// <summary>Removes a waiting request (freeing its slot) or cancels a running one.</summary>
    public void Cancel() => _queue.Cancel(this);

    internal void SignalCancel()
    {
        try
        {
            _cancel.Cancel();
        }
        catch (ObjectDisposedException)
        {
            // Finished already: nothing left to cancel.
        }
    }

    internal void Complete()
    {
        _completion.TrySetResult();
        _cancel.Dispose();
    }
}
