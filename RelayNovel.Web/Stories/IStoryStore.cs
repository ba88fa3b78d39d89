namespace RelayNovel.Web.Stories;

/// <summary>
/// Where rooms live between activations: one room at a time, asynchronous, with optimistic concurrency on the
/// room's version. The owner of a room (its grain) loads it once, then saves each change as a <see cref="RoomChange"/>
/// carrying the version it read; a save against another version fails with <see cref="StoreConflictException"/>
/// and writes nothing. Turns, draft snapshots and events are appended, never written by rewriting the room.
/// </summary>
public interface IStoryStore
{
    /// <summary>The room with its turns (index order), version and last event sequence number; null when unknown.</summary>
    Task<StoredRoom?> LoadAsync(string roomId, CancellationToken ct = default);

    /// <summary>Stores a new room (version 1) with any turns it starts with (an import): all of it, or nothing.</summary>
    Task CreateAsync(RoomRecord room, IReadOnlyList<TurnRecord> turns, CancellationToken ct = default);

    /// <summary>Applies one change atomically when the stored version is <see cref="RoomChange.ExpectedVersion"/>; returns the new version.</summary>
    Task<long> SaveAsync(RoomChange change, CancellationToken ct = default);

    /// <summary>Stored events of a room with a sequence number above <paramref name="afterSeq"/>, in order, at most <paramref name="max"/>.</summary>
    Task<IReadOnlyList<StoredRoomEvent>> ReadEventsAsync(string roomId, long afterSeq, int max, CancellationToken ct = default);

    /// <summary>What the store takes on disk, for the total quota.</summary>
    Task<long> SizeAsync(CancellationToken ct = default);

    /// <summary>What a turn takes as stored, for the per-room quota.</summary>
    long SizeOf(TurnRecord turn);
}
