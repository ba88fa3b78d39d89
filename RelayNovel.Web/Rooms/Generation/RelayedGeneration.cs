using System.Threading.Channels;
using RelayNovel.Web.Rooms.Backends;

namespace RelayNovel.Web.Rooms.Generation;

/// <summary>
/// One request running on an inference node, as a web node sees it: a single reader takes the grain's stream apart
/// into the request's place in line and each alternative's chunks. When the stream breaks (the node died, the call timed
/// out) every alternative ends with an <see cref="AiBackendException"/>, which the room records as a failed AI turn it
/// can retry; nothing waits for a node that is gone.
/// </summary>
internal sealed partial class RelayedGeneration
{
    public const string NodeLostMessage = "the inference node stopped answering";
    public const string BusyMessage = "the inference node's queue is full";

    private readonly Channel<AiChunk>[] _alternatives;
    private readonly TaskCompletionSource _started = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Action<int>? _positionChanged;
    private readonly CancellationTokenSource _cancel = new();
    private readonly bool[] _finished;
    private int _position = 1;
    private bool _anyChunk;
    private string? _node;
    private readonly Func<string, bool> _nodeListed;

    /// <summary>How long a retry waits for the cluster to drop the node it lost (placement must not pick it again).</summary>
    private static readonly TimeSpan NodeDropWait = TimeSpan.FromSeconds(30);

    /// <summary>A request is opened at most this often: once, and once more when its node went before it wrote anything.</summary>
    private const int MaxAttempts = 2;

    private RelayedGeneration(int alternatives, Action<int>? positionChanged, Func<string, bool> nodeListed)
    {
        _nodeListed = nodeListed;
        _alternatives = [.. Enumerable.Range(0, alternatives).Select(_ => Channel.CreateUnbounded<AiChunk>(
            new UnboundedChannelOptions { SingleReader = true, SingleWriter = true }))];
        _positionChanged = positionChanged;
        _finished = new bool[alternatives];
    }

    /// <summary>
    /// Starts a request through <paramref name="open"/> (a fresh grain each time), owned by the returned job: it ends with
    /// the stream or the job's cancel. A stream that breaks before any text came is opened once more: placement then
    /// picks a live inference node, and nothing was shown that could be shown twice. Once the request runs, a gap of
    /// <paramref name="stallLimit"/> between chunks ends it as failed (a node that hangs; one that died fails the call
    /// sooner, through the cluster's membership). While it waits in line there is no limit.
    /// </summary>
    public static AiJob Start(Func<IAsyncEnumerable<InferenceUpdate>> open, int alternatives, Action<int>? positionChanged,
        TimeSpan stallLimit, Func<string, bool> nodeListed, ILogger logger)
    {
        var relayed = new RelayedGeneration(alternatives, positionChanged, nodeListed);
        var job = AiJob.Relayed(relayed.ReadAsync, alternatives, relayed._started.Task,
            () => Volatile.Read(ref relayed._position), relayed.Cancel);
        _ = relayed.RunAsync(open, stallLimit, logger);
        return job;
    }

    private async Task RunAsync(Func<IAsyncEnumerable<InferenceUpdate>> open, TimeSpan stallLimit, ILogger logger)
    {
        AiBackendException? failure = null;
        try
        {
            for (var attempt = 1; ; attempt++)
            {
                failure = await PumpAsync(open(), stallLimit, logger).ConfigureAwait(false);
                if (failure?.PublicMessage != NodeLostMessage || _anyChunk || _cancel.IsCancellationRequested || attempt == MaxAttempts
                    || !await NodeDroppedAsync().ConfigureAwait(false))
                {
                    break;
                }
                LogRetrying(logger);
            }
        }
        finally
        {
            foreach (var alternative in _alternatives)
            {
                alternative.Writer.TryComplete(failure);
            }
            _started.TrySetResult();
            Cancel();
            _cancel.Dispose();
        }
    }

    /// <summary>Whether the node that was lost has left the cluster's manifest (polled: the manifest has no event per silo).</summary>
    private async Task<bool> NodeDroppedAsync()
    {
        if (_node is not { } node)
        {
            return true;   // it never answered: whatever placement picks next is as good
        }
        var end = DateTime.UtcNow + NodeDropWait;
        while (_nodeListed(node))
        {
            if (DateTime.UtcNow > end || _cancel.IsCancellationRequested)
            {
                return false;
            }
            await Task.Delay(100).ConfigureAwait(false);
        }
        _node = null;
        return true;
    }

    private void Cancel()
    {
        try
        {
            _cancel.Cancel();
        }
        catch (ObjectDisposedException)
        {
            // Already over.
        }
    }

    private async IAsyncEnumerable<AiChunk> ReadAsync(int alternative,
        [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken ct = default)
    {
        await foreach (var chunk in _alternatives[alternative].Reader.ReadAllAsync(ct).ConfigureAwait(false))
        {
            yield return chunk;
        }
    }

    /// <returns>Why the stream failed; null when it ended well or was stopped.</returns>
    private async Task<AiBackendException?> PumpAsync(IAsyncEnumerable<InferenceUpdate> stream, TimeSpan stallLimit, ILogger logger)
    {
        AiBackendException? failure = null;
        using var attempt = CancellationTokenSource.CreateLinkedTokenSource(_cancel.Token);
        var updates = stream.GetAsyncEnumerator(attempt.Token);
        try
        {
            while (await NextAsync(updates, _anyChunk ? stallLimit : Timeout.InfiniteTimeSpan).ConfigureAwait(false))
            {
                var update = updates.Current;
                switch (update.Stage)
                {
                    case InferenceStage.Refused:
                        failure = new AiBackendException(BusyMessage, "The inference node refused the request: its queue is full.");
                        break;
                    case InferenceStage.Waiting:
                        _node = update.Node ?? _node;
                        Volatile.Write(ref _position, update.Position);
                        _positionChanged?.Invoke(update.Position);
                        if (update.Position == 0)
                        {
                            _started.TrySetResult();
                        }
                        break;
                    case InferenceStage.Chunk when update.Chunk is { } chunk && update.Alternative < _alternatives.Length:
                        _anyChunk = true;
                        _started.TrySetResult();
                        _finished[update.Alternative] |= chunk.Finish is not null;
                        _alternatives[update.Alternative].Writer.TryWrite(chunk);
                        break;
                }
            }
            if (failure is null && !_cancel.IsCancellationRequested && _finished.Contains(false))
            {
                failure = new AiBackendException(NodeLostMessage, "The inference stream ended before every alternative finished.");
            }
        }
        catch (OperationCanceledException) when (_cancel.IsCancellationRequested)
        {
            // The room stopped it: its readers were cancelled too.
        }
        catch (Exception ex)
        {
            LogStreamBroke(logger, ex);
            failure = new AiBackendException(NodeLostMessage, $"The inference stream broke: {ex.Message}", ex);
        }
        finally
        {
            try
            {
                await attempt.CancelAsync().ConfigureAwait(false);   // a pending read ends, and the node hears it when it is still there
                await updates.DisposeAsync().ConfigureAwait(false);
            }
            catch (Exception ex)
            {
                LogDisposeFailed(logger, ex);   // the node is gone; nothing is left to free there
            }
        }
        return failure;
    }

    private static async Task<bool> NextAsync(IAsyncEnumerator<InferenceUpdate> updates, TimeSpan limit)
    {
        var next = updates.MoveNextAsync();
        return next.IsCompleted || limit == Timeout.InfiniteTimeSpan
            ? await next.ConfigureAwait(false)
            : await next.AsTask().WaitAsync(limit).ConfigureAwait(false);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "An inference node went before the AI request wrote anything; asking another")]
    private static partial void LogRetrying(ILogger logger);

    [LoggerMessage(Level = LogLevel.Debug, Message = "An inference stream could not be closed")]
    private static partial void LogDisposeFailed(ILogger logger, Exception ex);

    [LoggerMessage(Level = LogLevel.Warning, Message = "An AI stream from an inference node broke")]
    private static partial void LogStreamBroke(ILogger logger, Exception ex);
}
