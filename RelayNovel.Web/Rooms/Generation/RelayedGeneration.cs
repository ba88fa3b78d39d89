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
    private int _position = 1;

    private RelayedGeneration(int alternatives, Action<int>? positionChanged)
    {
        _alternatives = [.. Enumerable.Range(0, alternatives).Select(_ => Channel.CreateUnbounded<AiChunk>(
            new UnboundedChannelOptions { SingleReader = true, SingleWriter = true }))];
        _positionChanged = positionChanged;
    }

    /// <summary>
    /// Starts reading <paramref name="stream"/>, owned by the returned job: it ends with the stream or the job's cancel.
    /// Once the request runs, a gap of <paramref name="stallLimit"/> between chunks ends it as failed (a node that hangs;
    /// one that died fails the call sooner, through the cluster's membership). While it waits in line there is no limit.
    /// </summary>
    public static AiJob Start(IAsyncEnumerable<InferenceUpdate> stream, int alternatives, Action<int>? positionChanged,
        TimeSpan stallLimit, ILogger logger)
    {
        var relayed = new RelayedGeneration(alternatives, positionChanged);
        var job = AiJob.Relayed(relayed.ReadAsync, alternatives, relayed._started.Task,
            () => Volatile.Read(ref relayed._position), relayed.Cancel);
        _ = relayed.PumpAsync(stream, stallLimit, logger);
        return job;
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

    private async Task PumpAsync(IAsyncEnumerable<InferenceUpdate> stream, TimeSpan stallLimit, ILogger logger)
    {
        Exception? failure = null;
        var finished = new bool[_alternatives.Length];
        var updates = stream.GetAsyncEnumerator(_cancel.Token);
        try
        {
            while (await NextAsync(updates, _started.Task.IsCompleted ? stallLimit : Timeout.InfiniteTimeSpan).ConfigureAwait(false))
            {
                var update = updates.Current;
                switch (update.Stage)
                {
                    case InferenceStage.Refused:
                        failure = new AiBackendException(BusyMessage, "The inference node refused the request: its queue is full.");
                        break;
                    case InferenceStage.Waiting:
                        Volatile.Write(ref _position, update.Position);
                        _positionChanged?.Invoke(update.Position);
                        if (update.Position == 0)
                        {
                            _started.TrySetResult();
                        }
                        break;
                    case InferenceStage.Chunk when update.Chunk is { } chunk && update.Alternative < _alternatives.Length:
                        _started.TrySetResult();
                        finished[update.Alternative] |= chunk.Finish is not null;
                        _alternatives[update.Alternative].Writer.TryWrite(chunk);
                        break;
                }
            }
            if (failure is null && !_cancel.IsCancellationRequested && finished.Contains(false))
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
            Cancel();   // tells the node, when the stream did not end there
            try
            {
                await updates.DisposeAsync().ConfigureAwait(false);
            }
            catch (Exception ex)
            {
                LogDisposeFailed(logger, ex);   // the node is gone; nothing is left to free there
            }
            foreach (var alternative in _alternatives)
            {
                alternative.Writer.TryComplete(failure);
            }
            _started.TrySetResult();
            _cancel.Dispose();
        }
    }

    private static async Task<bool> NextAsync(IAsyncEnumerator<InferenceUpdate> updates, TimeSpan limit)
    {
        var next = updates.MoveNextAsync();
        return next.IsCompleted || limit == Timeout.InfiniteTimeSpan
            ? await next.ConfigureAwait(false)
            : await next.AsTask().WaitAsync(limit).ConfigureAwait(false);
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "An inference stream could not be closed")]
    private static partial void LogDisposeFailed(ILogger logger, Exception ex);

    [LoggerMessage(Level = LogLevel.Warning, Message = "An AI stream from an inference node broke")]
    private static partial void LogStreamBroke(ILogger logger, Exception ex);
}
