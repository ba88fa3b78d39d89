using System.Collections.Concurrent;
using Orleans.Streams;

namespace RelayNovel.Web.Rooms.Grains;

/// <summary>
/// This node's end of the room streams: while a room has local subscribers (pages, SSE clients, hub groups) the node
/// holds exactly one subscription to the room's stream and hands each event to <see cref="RoomBroadcaster"/>, which
/// fans it out locally. Subscriptions are opened and closed by one loop, in the order the interest changed.
/// </summary>
public sealed partial class RoomStreamRelay(RoomInterest interest, RoomBroadcaster broadcaster, IClusterClient cluster,
    IHostApplicationLifetime lifetime, ILogger<RoomStreamRelay> logger) : BackgroundService
{
    private readonly ConcurrentDictionary<string, Entry> _rooms = new(StringComparer.Ordinal);

    /// <summary>Whether the node currently holds a stream subscription for the room (tests wait for it).</summary>
    public bool IsRelaying(string roomId) => _rooms.TryGetValue(roomId, out var entry) && entry.Handle is not null;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // The silo's client works once the host has started; interest noted before then waits in the queue.
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using (lifetime.ApplicationStarted.Register(() => started.TrySetResult()))
        using (stoppingToken.Register(() => started.TrySetCanceled(stoppingToken)))
        {
            try
            {
                await started.Task.ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
        try
        {
            await foreach (var change in interest.Changes.ReadAllAsync(stoppingToken).ConfigureAwait(false))
            {
                await ApplyAsync(change).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutting down: the silo drops its subscriptions with it.
        }
    }

    private async Task ApplyAsync(RoomInterestChange change)
    {
        var entry = _rooms.GetOrAdd(change.RoomId, static _ => new Entry());
        entry.Count += change.Delta;
        try
        {
            if (entry.Count > 0 && entry.Handle is null)
            {
                var stream = cluster.GetStreamProvider(RoomStreams.Provider).GetStream<RoomEvent>(RoomStreams.Of(change.RoomId));
                entry.Handle = await stream.SubscribeAsync(OnEventAsync).ConfigureAwait(false);
                LogSubscribed(logger, change.RoomId);
            }
            else if (entry.Count <= 0)
            {
                _rooms.TryRemove(change.RoomId, out _);
                if (entry.Handle is { } handle)
                {
                    await handle.UnsubscribeAsync().ConfigureAwait(false);
                    LogUnsubscribed(logger, change.RoomId);
                }
            }
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // The pages still read the room's snapshot; the next interest change tries again.
            LogSubscriptionFailed(logger, ex, change.RoomId);
        }
    }

    private Task OnEventAsync(RoomEvent e, StreamSequenceToken? token)
    {
        broadcaster.Publish(e);
        return Task.CompletedTask;
    }

    private sealed class Entry
    {
        public int Count { get; set; }

        public StreamSubscriptionHandle<RoomEvent>? Handle { get; set; }
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Room {RoomId}: this node follows the room's stream")]
    private static partial void LogSubscribed(ILogger logger, string roomId);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Room {RoomId}: this node stopped following the room's stream")]
    private static partial void LogUnsubscribed(ILogger logger, string roomId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Room {RoomId}: the room's stream could not be followed or left")]
    private static partial void LogSubscriptionFailed(ILogger logger, Exception ex, string roomId);
}
