using System.Collections.Concurrent;
using RelayNovel.Web.Rooms.Grains;

namespace RelayNovel.Web.Rooms;

/// <summary>
/// Room-keyed fan-out of <see cref="RoomEvent"/>s. Handlers are expected to be cheap (mark a page dirty);
/// a handler that throws or faults is logged and never stops the others. A room's first subscriber and its last one
/// leaving are told to <see cref="RoomInterest"/>, so the node follows the room only while it shows it.
/// </summary>
public sealed partial class RoomBroadcaster(ILogger<RoomBroadcaster> logger, RoomInterest? interest = null)
{
    private readonly ConcurrentDictionary<string, Subscribers> _rooms = new(StringComparer.Ordinal);

    public IDisposable Subscribe(string roomId, Func<RoomEvent, ValueTask> handler)
    {
        ArgumentNullException.ThrowIfNull(roomId);
        ArgumentNullException.ThrowIfNull(handler);
        while (true)
        {
            var subscribers = _rooms.GetOrAdd(roomId, static _ => new Subscribers());
            var subscription = new Subscription(this, roomId, subscribers, handler);
            if (subscribers.TryAdd(subscription, out var first))
            {
                if (first)
                {
                    interest?.Opened(roomId);
                }
                return subscription;
            }
            // The set emptied and was retired between GetOrAdd and TryAdd: take a fresh one.
        }
    }

    public void Publish(RoomEvent e)
    {
        ArgumentNullException.ThrowIfNull(e);
        if (!_rooms.TryGetValue(e.RoomId, out var subscribers))
        {
            return;
        }
        foreach (var subscription in subscribers.Snapshot())
        {
            try
            {
                var pending = subscription.Handler(e);
                if (!pending.IsCompletedSuccessfully)
                {
                    // The handler's own work belongs to its component; this only makes sure a fault is logged.
                    _ = ObserveAsync(pending, e);
                }
            }
            catch (Exception ex)
            {
                LogHandlerFailed(ex, e.RoomId, e.GetType().Name);
            }
        }
    }

    /// <summary>
    /// Completes once events the room publishes from now on reach this node's subscribers: a reader that must see every
    /// event after a snapshot subscribes, awaits this, then reads the snapshot.
    /// </summary>
    public Task FollowingAsync(string roomId) => interest?.FollowingAsync(roomId) ?? Task.CompletedTask;

    /// <summary>Subscribers currently listening to a room (tests and metrics).</summary>
    public int SubscriberCount(string roomId) => _rooms.TryGetValue(roomId, out var s) ? s.Count : 0;

    private async Task ObserveAsync(ValueTask pending, RoomEvent e)
    {
        try
        {
            await pending.ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            LogHandlerFailed(ex, e.RoomId, e.GetType().Name);
        }
    }

    private void Remove(string roomId, Subscribers subscribers, Subscription subscription)
    {
        if (subscribers.Remove(subscription))
        {
            _rooms.TryRemove(new KeyValuePair<string, Subscribers>(roomId, subscribers));
            interest?.Closed(roomId);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Room {RoomId}: a {EventType} handler failed")]
    private partial void LogHandlerFailed(Exception ex, string roomId, string eventType);

    private sealed class Subscribers
    {
        private readonly Lock _gate = new();
        private Subscription[] _items = [];
        private bool _retired;

        public int Count => Volatile.Read(ref _items).Length;

        public Subscription[] Snapshot() => Volatile.Read(ref _items);

        /// <summary>Adds one subscription unless the set was retired; <paramref name="first"/>: the set was empty.</summary>
        public bool TryAdd(Subscription subscription, out bool first)
        {
            lock (_gate)
            {
                first = _items.Length == 0;
                if (_retired)
                {
                    return false;
                }
                _items = [.. _items, subscription];
                return true;
            }
        }

        /// <summary>Removes one subscription; true when the set is now empty and retired.</summary>
        public bool Remove(Subscription subscription)
        {
            lock (_gate)
            {
                _items = Array.FindAll(_items, s => !ReferenceEquals(s, subscription));
                _retired = _items.Length == 0;
                return _retired;
            }
        }
    }

    private sealed class Subscription(RoomBroadcaster owner, string roomId, Subscribers subscribers,
        Func<RoomEvent, ValueTask> handler) : IDisposable
    {
        private int _disposed;

        public Func<RoomEvent, ValueTask> Handler { get; } = handler;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) == 0)
            {
                owner.Remove(roomId, subscribers, this);
            }
        }
    }
}
