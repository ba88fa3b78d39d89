using System.Runtime.CompilerServices;
using RelayNovel.Inference.Generation;
using RelayNovel.Inference.Scheduling;

namespace RelayNovel.Web.Rooms;

/// <summary>
/// One admitted AI request, one or more alternatives of one prompt: its place in line, its chunk streams and a way
/// to stop it. A local request runs in the batch engine; a remote one starts at once and never takes the engine's rows.
/// </summary>
public sealed class AiJob
{
    private readonly TaskCompletionSource _started = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly BatchTicket? _ticket;
    private readonly CancellationTokenSource? _remoteCancel;
    private readonly Func<int, CancellationToken, IAsyncEnumerable<AiChunk>>? _remote;
    private readonly Func<int>? _relayedPosition;
    private readonly Action? _relayedCancel;

    private AiJob(BatchTicket? ticket, Func<int, CancellationToken, IAsyncEnumerable<AiChunk>>? remote, int alternatives,
        Task? relayedStart = null, Func<int>? relayedPosition = null, Action? relayedCancel = null)
    {
        _ticket = ticket;
        _remote = remote;
        _relayedPosition = relayedPosition;
        _relayedCancel = relayedCancel;
        Alternatives = alternatives;
        if (remote is not null)
        {
            _remoteCancel = new CancellationTokenSource();
            if (relayedStart is null)
            {
                _started.TrySetResult();
            }
            else
            {
                _ = relayedStart.ContinueWith(_ => _started.TrySetResult(), CancellationToken.None,
                    TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
            }
        }
    }

    public int Alternatives { get; }

    /// <summary>1 = starts next; 0 = running or done.</summary>
    public int Position => _ticket?.Position ?? _relayedPosition?.Invoke() ?? 0;

    /// <summary>Completes when the request starts, or when it was cancelled before it could.</summary>
    public Task Started => _started.Task;

    /// <summary>Completes when every alternative has ended.</summary>
    public Task Completion => _ticket?.Completion ?? Task.CompletedTask;

    /// <summary>Frees a waiting request's place, or stops a running one (the engine within one step).</summary>
    public void Cancel()
    {
        _ticket?.Cancel();
        _relayedCancel?.Invoke();
        try
        {
            _remoteCancel?.Cancel();
        }
        catch (ObjectDisposedException)
        {
            // Already over.
        }
    }

    /// <summary>An engine request: <paramref name="positionChanged"/> hears its place, and 0 when it starts.</summary>
    internal static AiJob? TryEnqueue(BatchScheduler engine, string key, GenerationLane lane, IReadOnlyList<int> promptIds,
        IReadOnlyList<GenerationOptions> alternatives, Action<int>? positionChanged)
    {
        AiJob? job = null;
        var request = new GenerationRequest(key, lane, promptIds, alternatives)
        {
            PositionChanged = position =>
            {
                positionChanged?.Invoke(position);
                if (position == 0)
                {
                    job?._started.TrySetResult();
                }
            },
        };
        if (!engine.TryEnqueue(request, out var ticket))
        {
            return null;
        }
        job = new AiJob(ticket, null, alternatives.Count);
        if (ticket.Position == 0 && ticket.IsRunning)
        {
            job._started.TrySetResult();   // it started before the job existed
        }
        _ = ticket.Completion.ContinueWith(_ => job._started.TrySetResult(), CancellationToken.None,
            TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        return job;
    }

    /// <summary>A remote request: it runs at once, each alternative a request of its own.</summary>
    internal static AiJob Remote(Func<int, CancellationToken, IAsyncEnumerable<AiChunk>> write, int alternatives) =>
        new(null, write, alternatives);

    /// <summary>
    /// A request another node's engine runs (the inference service): it waits in that engine's line, so its place and
    /// its start come from there; <see cref="Cancel"/> calls <paramref name="cancel"/> (the request may still be waiting there).
    /// </summary>
    internal static AiJob Relayed(Func<int, CancellationToken, IAsyncEnumerable<AiChunk>> read, int alternatives,
        Task started, Func<int> position, Action cancel) =>
        new(null, read, alternatives, started, position, cancel);

    /// <summary>
    /// One alternative's chunks. The engine ends a cancelled request with a "Cancelled" chunk; a remote one throws
    /// <see cref="OperationCanceledException"/>.
    /// </summary>
    public IAsyncEnumerable<AiChunk> ReadAsync(int alternative) =>
        _remote is not null ? _remote(alternative, _remoteCancel!.Token) : ReadEngineAsync(alternative);

    private async IAsyncEnumerable<AiChunk> ReadEngineAsync(int alternative, [EnumeratorCancellation] CancellationToken ct = default)
    {
        await foreach (var chunk in _ticket!.Outputs[alternative].ReadAllAsync(ct).ConfigureAwait(false))
        {
            yield return new AiChunk(chunk.Text, chunk.TokenIds.Count, chunk.Elapsed,
                chunk.Finish == FinishReason.None ? null : chunk.Finish.ToString());
        }
    }
}
