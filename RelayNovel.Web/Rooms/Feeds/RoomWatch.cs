using System.Runtime.CompilerServices;
using System.Threading.Channels;
using RelayNovel.Web.Stories;

namespace RelayNovel.Web.Rooms.Feeds;

/// <summary>
/// One reader's subscription to a room (see <see cref="RoomFeed"/>). The broadcaster's handler only enqueues into a
/// bounded buffer; when the buffer is full the event is dropped and the reader reads what it lost from the store.
/// Numbered events come out once each, in order: anything at or below the last delivered number is dropped, and a
/// jump past the next number is filled from the store. Unnumbered events (Seq 0, from a publisher that does not
/// number them) pass through live as they come.
/// </summary>
public sealed class RoomWatch : IDisposable
{
    public const int Capacity = 1024;

    private readonly Channel<FedEvent> _live = Channel.CreateBounded<FedEvent>(
        new BoundedChannelOptions(Capacity) { SingleReader = true, FullMode = BoundedChannelFullMode.Wait });
    private readonly Lock _gate = new();
    private readonly RoomEventCodec _codec;
    private readonly TimeProvider _time;
    private readonly IStoryStore _store;
    private readonly string _roomId;
    private readonly IDisposable _subscription;
    private int _overflowed;

    internal RoomWatch(RoomBroadcaster broadcaster, RoomEventCodec codec, TimeProvider time, IStoryStore store, string roomId)
    {
        _codec = codec;
        _time = time;
        _store = store;
        _roomId = roomId;
        _subscription = broadcaster.Subscribe(roomId, OnEvent);
    }

    /// <summary>Live events this watch could not buffer (read back from the store when numbered).</summary>
    public long Dropped { get; private set; }

    /// <summary>Server time now in Unix milliseconds, the clock live events are stamped with.</summary>
    public long Now() => _time.GetUtcNow().ToUnixTimeMilliseconds();

    /// <summary>
    /// Events after <paramref name="afterSeq"/> (read from the store first; a snapshot's <see cref="RoomSnapshot.Seq"/>
    /// continues right after the snapshot), or (null) from the subscription on; then live until cancelled or disposed.
    /// Read once.
    /// </summary>
    public async IAsyncEnumerable<FedEvent> ReadAsync(long? afterSeq, [EnumeratorCancellation] CancellationToken ct = default)
    {
        long? last = afterSeq;
        if (afterSeq is not null)
        {
            await foreach (var stored in CatchUpAsync(afterSeq.Value, long.MaxValue, ct).ConfigureAwait(false))
            {
                last = stored.Event.Seq;
                yield return stored;
            }
        }
        var reader = _live.Reader;
        while (true)
        {
            if (!reader.TryRead(out var item))
            {
                if (Interlocked.Exchange(ref _overflowed, 0) == 1 && last is { } lost)
                {
                    // Events were dropped after everything buffered: they are in the store.
                    await foreach (var stored in CatchUpAsync(lost, long.MaxValue, ct).ConfigureAwait(false))
                    {
                        last = stored.Event.Seq;
                        yield return stored;
                    }
                    continue;
                }
                if (!await reader.WaitToReadAsync(ct).ConfigureAwait(false))
                {
                    yield break;
                }
                continue;
            }
            var seq = item.Event.Seq;
            if (seq == 0)
            {
                yield return item;
                continue;
            }
            if (last is { } before && seq > before + 1)
            {
                await foreach (var stored in CatchUpAsync(before, seq - 1, ct).ConfigureAwait(false))
                {
                    last = stored.Event.Seq;
                    yield return stored;
                }
            }
            if (last is { } delivered && seq <= delivered)
            {
                continue;   // a duplicate, or already read from the store
            }
            last = seq;
            yield return item;
        }
    }

    public void Dispose()
    {
        _subscription.Dispose();
        _live.Writer.TryComplete();
    }

    /// <summary>Stored events after <paramref name="after"/>, page by page, until <paramref name="until"/> or the end of the log.</summary>
    private async IAsyncEnumerable<FedEvent> CatchUpAsync(long after, long until, [EnumeratorCancellation] CancellationToken ct)
    {
        while (after < until)
        {
            var page = await _store.ReadEventsAsync(_roomId, after, RoomFeed.PageSize, ct).ConfigureAwait(false);
            foreach (var stored in page)
            {
                after = stored.Seq;
                yield return new FedEvent(_codec.Decode(stored), stored.AtMs);
            }
            if (page.Count < RoomFeed.PageSize)
            {
                yield break;
            }
        }
    }

    private ValueTask OnEvent(RoomEvent e)
    {
        // Publishers may run on several threads; the lock keeps the drop count and queue order in step.
        lock (_gate)
        {
            if (!_live.Writer.TryWrite(new FedEvent(e, Now())))
            {
                Dropped++;
                Volatile.Write(ref _overflowed, 1);
            }
        }
        return ValueTask.CompletedTask;
    }
}
