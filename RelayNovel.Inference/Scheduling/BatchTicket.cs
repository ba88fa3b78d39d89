using System.Threading.Channels;
using RelayNovel.Inference.Generation;

namespace RelayNovel.Inference.Scheduling;

/// <summary>
/// A request's place in the <see cref="BatchScheduler"/>: its position while waiting, its alternatives' chunk
/// streams, and a way to cancel it. Each stream ends with a chunk whose <see cref="TokenChunk.Finish"/> is set
/// (<see cref="FinishReason.Cancelled"/> when cancelled after it started); a request cancelled while waiting
/// ends its streams without a chunk.
/// </summary>
public sealed class BatchTicket
{
    private readonly BatchScheduler _scheduler;
    private readonly Channel<TokenChunk>[] _outputs;
    private readonly TaskCompletionSource _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _open;
    private readonly CancellationTokenSource _cancel = new();

    internal BatchTicket(BatchScheduler scheduler, GenerationRequest request, int[] prompt)
    {
        _scheduler = scheduler;
        Request = request;
        Prompt = prompt;
        _outputs = new Channel<TokenChunk>[request.Alternatives.Count];
        for (var i = 0; i < _outputs.Length; i++)
        {
            _outputs[i] = Channel.CreateUnbounded<TokenChunk>(new UnboundedChannelOptions { SingleWriter = true });
        }

        _open = _outputs.Length;
        Outputs = [.. _outputs.Select(o => o.Reader)];
    }

    /// <summary>The fairness key (the room).</summary>
    public string Key => Request.Key;

    public GenerationLane Lane => Request.Lane;

    /// <summary>1 = runs next; 0 = running or done.</summary>
    public int Position { get; internal set; }

    public bool IsRunning { get => _running; internal set => _running = value; }

    private volatile bool _running;

    public bool IsCancellationRequested => _cancel.IsCancellationRequested;

    /// <summary>Tokens the engine has generated for this request so far (every alternative).</summary>
    public int Generated => Volatile.Read(ref _generated);

    private int _generated;

    internal void CountToken() => Interlocked.Increment(ref _generated);

    /// <summary>One chunk stream per alternative, in the request's order.</summary>
    public IReadOnlyList<ChannelReader<TokenChunk>> Outputs { get; }

    /// <summary>Completes when every alternative has ended (or the request was cancelled before it ran); never faults.</summary>
    public Task Completion => _completion.Task;

    internal GenerationRequest Request { get; }

    internal int[] Prompt { get; }

    internal CancellationTokenRegistration Registration { get; set; }

    /// <summary>Removes a waiting request (freeing its place) or stops a running one within one step.</summary>
    public void Cancel()
    {
        _cancel.Cancel();
        _scheduler.Cancel(this);
    }

    /// <summary>Fires on <see cref="Cancel"/>: stops this request's prompt run mid-way.</summary>
    internal CancellationToken Token => _cancel.Token;

    internal void Write(int alternative, TokenChunk chunk) => _outputs[alternative].Writer.TryWrite(chunk);

    /// <summary>Ends one alternative's stream; the ticket completes with the last one.</summary>
    internal void End(int alternative, Exception? error = null)
    {
        if (_outputs[alternative].Writer.TryComplete(error) && Interlocked.Decrement(ref _open) == 0)
        {
            IsRunning = false;
            Registration.Dispose();
            _completion.TrySetResult();
        }
    }

    internal void EndAll(Exception? error = null)
    {
        for (var i = 0; i < _outputs.Length; i++)
        {
            End(i, error);
        }
    }
}
