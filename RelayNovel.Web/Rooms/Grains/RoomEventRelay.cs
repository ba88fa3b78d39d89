using System.Collections.Concurrent;
using RelayNovel.Web.Rooms.Feeds;
using RelayNovel.Web.Stories;

namespace RelayNovel.Web.Rooms.Grains;

/// <summary>
/// This node's end of the room events: while a room has local subscribers (pages, SSE clients, hub groups) the node
/// follows the room's grain once, renews the follow, and hands each event to <see cref="RoomBroadcaster"/>, which fans
/// it out locally. Events reach subscribers once each and in sequence: a number skipped (a lost or late message, a
/// room loaded again elsewhere) is read from the store before the event after it. Follows are opened and closed by one
/// loop, in the order the interest changed.
/// </summary>
public sealed partial class RoomEventRelay(RoomInterest interest, RoomBroadcaster broadcaster, IGrainFactory grains,
    IStoryStore store, RoomEventCodec codec, IHostApplicationLifetime lifetime, ILogger<RoomEventRelay> logger)
    : BackgroundService, IRoomFollower
{
    /// <summary>How often each follow is renewed (well within the grain's lease); a renewal also finds missed events.</summary>
    public static readonly TimeSpan RenewEvery = RoomGrain.FollowerLease / 4;

    private readonly ConcurrentDictionary<string, Followed> _rooms = new(StringComparer.Ordinal);
    private IRoomFollower? _self;

    /// <summary>Whether the node currently follows the room (tests wait for it).</summary>
    public bool IsRelaying(string roomId) => _rooms.TryGetValue(roomId, out var room) && room.Following;

    public async Task OnEvents(RoomEvent[] events)
    {
        if (events.Length == 0 || !_rooms.TryGetValue(events[0].RoomId, out var room))
        {
            return;   // no longer shown here
        }
        await room.Gate.WaitAsync().ConfigureAwait(false);
        try
        {
            foreach (var e in events)
            {
                await DeliverAsync(room, e).ConfigureAwait(false);
            }
        }
        catch (Exception ex)
        {
            LogDeliveryFailed(logger, ex, room.RoomId);   // the next event or renewal reads what is missing
        }
        finally
        {
            room.Gate.Release();
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // The silo answers once the host has started; interest noted before then waits in the queue.
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
        _self = grains.CreateObjectReference<IRoomFollower>(this);
        var renewing = RenewAsync(stoppingToken);
        try
        {
            await foreach (var change in interest.Changes.ReadAllAsync(stoppingToken).ConfigureAwait(false))
            {
                await ApplyAsync(change).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutting down: the follows lapse with their lease.
        }
        await renewing.ConfigureAwait(false);
        grains.DeleteObjectReference<IRoomFollower>(_self);
    }

    private async Task ApplyAsync(RoomInterestChange change)
    {
        var room = _rooms.GetOrAdd(change.RoomId, static id => new Followed(id));
        room.Count += change.Delta;
        try
        {
            if (room.Count > 0 && !room.Following)
            {
                await FollowAsync(room).ConfigureAwait(false);
                LogFollowing(logger, change.RoomId);
            }
            else if (room.Count <= 0)
            {
                _rooms.TryRemove(change.RoomId, out _);
                if (room.Following)
                {
                    room.Following = false;
                    await Room(change.RoomId).Unfollow(_self!).ConfigureAwait(false);
                    LogUnfollowed(logger, change.RoomId);
                }
            }
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // The pages still read the room's snapshot, feeds the store; the renewal tries again.
            LogFollowFailed(logger, ex, change.RoomId);
        }
        finally
        {
            if (change.Delta > 0)
            {
                interest.Followed(change.RoomId, change.Generation);
            }
        }
    }

    /// <summary>Follows (or renews) the room; events the relay has not delivered yet are read from the store.</summary>
    private async Task FollowAsync(Followed room)
    {
        var last = await Room(room.RoomId).Follow(_self!).ConfigureAwait(false);
        await room.Gate.WaitAsync().ConfigureAwait(false);
        try
        {
            if (room.LastSeq is not { } delivered)
            {
                room.LastSeq = Math.Max(last, 0);   // a first follow: later events are the ones to deliver
            }
            else if (last > delivered)
            {
                await CatchUpAsync(room, last).ConfigureAwait(false);
            }
            room.Following = last >= 0;
        }
        finally
        {
            room.Gate.Release();
        }
    }

    private async Task RenewAsync(CancellationToken ct)
    {
        try
        {
            using var timer = new PeriodicTimer(RenewEvery);
            while (await timer.WaitForNextTickAsync(ct).ConfigureAwait(false))
            {
                foreach (var room in _rooms.Values)
                {
                    try
                    {
                        await FollowAsync(room).ConfigureAwait(false);
                    }
                    catch (Exception ex) when (ex is not OperationCanceledException)
                    {
                        LogFollowFailed(logger, ex, room.RoomId);
                    }
                }
            }
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            // Shutting down.
        }
    }

    // The caller holds the room's gate.
    private async Task DeliverAsync(Followed room, RoomEvent e)
    {
        if (e.Seq > 0 && room.LastSeq is { } last)
        {
            if (e.Seq <= last)
            {
                return;   // delivered already (read from the store, or a repeat)
            }
            if (e.Seq > last + 1)
            {
                await CatchUpAsync(room, e.Seq - 1).ConfigureAwait(false);
            }
        }
        broadcaster.Publish(e);
        if (e.Seq > 0)
        {
            room.LastSeq = e.Seq;
        }
    }

    // The caller holds the room's gate.
    private async Task CatchUpAsync(Followed room, long until)
    {
        while (room.LastSeq < until)
        {
            var page = await store.ReadEventsAsync(room.RoomId, room.LastSeq.Value, (int)Math.Min(until - room.LastSeq.Value, RoomFeed.PageSize))
                .ConfigureAwait(false);
            if (page.Count == 0)
            {
                room.LastSeq = until;   // not stored (cannot happen for a saved change): nothing to deliver
                return;
            }
            foreach (var stored in page)
            {
                broadcaster.Publish(codec.Decode(stored));
                room.LastSeq = stored.Seq;
            }
        }
    }

    private IRoomGrain Room(string roomId) => grains.GetGrain<IRoomGrain>(roomId);

    private sealed class Followed(string roomId)
    {
        public string RoomId { get; } = roomId;

        public SemaphoreSlim Gate { get; } = new(1, 1);

        /// <summary>Local subscriptions (the interest loop alone changes it).</summary>
        public int Count { get; set; }

        public bool Following { get; set; }

        /// <summary>The last sequence number handed to local subscribers (null before the first follow).</summary>
        public long? LastSeq { get; set; }
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Room {RoomId}: this node follows the room")]
    private static partial void LogFollowing(ILogger logger, string roomId);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Room {RoomId}: this node stopped following the room")]
    private static partial void LogUnfollowed(ILogger logger, string roomId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Room {RoomId}: the room could not be followed or left")]
    private static partial void LogFollowFailed(ILogger logger, Exception ex, string roomId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Room {RoomId}: delivering the room's events failed")]
    private static partial void LogDeliveryFailed(ILogger logger, Exception ex, string roomId);
}
