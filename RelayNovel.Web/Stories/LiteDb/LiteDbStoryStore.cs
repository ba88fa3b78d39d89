namespace RelayNovel.Web.Stories.LiteDb;

/// <summary>
/// <see cref="IStoryStore"/> on one LiteDB file. Rows map to records this way: a room is one document in "rooms"
/// (the <see cref="RoomRecord"/> without its draft snapshots, plus its version and last event number:
/// <see cref="RoomRow"/>); each committed turn is one <see cref="TurnRecord"/> document in "turns", keyed
/// room/index; the current turn's draft snapshots are <see cref="DraftSnapshotRow"/>s in "draftSnapshots", appended
/// per keystroke batch and folded back into <see cref="RoomRecord.DraftSnapshots"/> on load; published events are
/// <see cref="EventRow"/>s in "events", keyed room/number. Files written before this store (rooms without a version,
/// snapshots embedded in the room) load as version 0 and move their snapshots to rows on the first save.
/// LiteDB transactions belong to a thread, so each call takes an async gate and then runs its one short
/// transaction synchronously: nothing awaits while a transaction is open.
/// </summary>
public sealed class LiteDbStoryStore : IStoryStore, IDisposable
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly TaskCompletionSource _closed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly StoryFile _file;
    private bool _disposed;

    public LiteDbStoryStore(string filePath) => _file = new StoryFile(filePath);

    public string FilePath => _file.FilePath;

    /// <summary>Completes once <see cref="Dispose"/> has closed the file (a host may dispose its services after its own stop returns).</summary>
    public Task Closed => _closed.Task;

    public Task<StoredRoom?> LoadAsync(string roomId, CancellationToken ct = default) => UnderGate(() =>
    {
        var row = _file.FindRoom(roomId);
        if (row is null)
        {
            return null;
        }
        row.Room.DraftSnapshots = DraftSnapshotMerge.Current([.. row.EmbeddedSnapshots, .. _file.SnapshotRows(roomId)]);
        return new StoredRoom(row.Room, _file.Turns(roomId), row.Version, row.LastEventSeq);
    }, ct);

    public Task CreateAsync(RoomRecord room, IReadOnlyList<TurnRecord> turns, CancellationToken ct = default)
    {
        StoredRoomRules.CheckRoom(room.Id, room);
        StoredRoomRules.CheckTurns(room.Id, turns);
        return UnderGate(() =>
        {
            _file.InTransaction(() =>
            {
                if (_file.FindRoom(room.Id) is not null)
                {
                    throw new InvalidOperationException($"Room {room.Id} is already stored.");
                }
                var row = new RoomRow { Room = room, Version = 1 };
                if (room.DraftSnapshots.Count > 0)
                {
                    _file.InsertSnapshots(room.Id, room.DraftSnapshots);
                    RoomChangeWriter.Count(row, room.DraftSnapshots);
                }
                _file.InsertRoom(row);
                if (turns.Count > 0)
                {
                    _file.InsertTurns(turns);
                }
            });
            return true;
        }, ct);
    }

    public Task<long> SaveAsync(RoomChange change, CancellationToken ct = default) => UnderGate(() =>
    {
        long version = 0;
        _file.InTransaction(() => version = RoomChangeWriter.Apply(_file, change));
        return version;
    }, ct);

    public Task<IReadOnlyList<StoredRoomEvent>> ReadEventsAsync(string roomId, long afterSeq, int max, CancellationToken ct = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(max);
        ArgumentOutOfRangeException.ThrowIfNegative(afterSeq);
        return afterSeq == long.MaxValue
            ? Task.FromResult<IReadOnlyList<StoredRoomEvent>>([])
            : UnderGate<IReadOnlyList<StoredRoomEvent>>(() => _file.Events(roomId, afterSeq, max), ct);
    }

    /// <summary>The file's size on disk with its write-ahead log (what a total quota is measured against).</summary>
    public Task<long> SizeAsync(CancellationToken ct = default) => UnderGate(() => _file.Bytes, ct);

    /// <summary>What a turn takes as a stored document (its BSON size), for the per-room quota.</summary>
    public long SizeOf(TurnRecord turn) => _file.SizeOf(turn);

    /// <summary>How many rooms the file holds (an import that failed must not have added one).</summary>
    public int RoomCount()
    {
        _gate.Wait();
        try
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            return _file.RoomCount();
        }
        finally
        {
            _gate.Release();
        }
    }

    public void Dispose()
    {
        _gate.Wait();
        try
        {
            if (!_disposed)
            {
                _disposed = true;
                _file.Dispose();
            }
        }
        finally
        {
            _gate.Release();
            _closed.TrySetResult();
        }
    }

    private async Task<T> UnderGate<T>(Func<T> work, CancellationToken ct)
    {
        await _gate.WaitAsync(ct).ConfigureAwait(false);
        try
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            return work();
        }
        finally
        {
            _gate.Release();
        }
    }
}
