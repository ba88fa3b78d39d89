using LiteDB;

namespace RelayNovel.Web.Stories;

/// <summary>
/// The one LiteDB file of the process. LiteDB's engine is thread-safe, but its transactions belong to a thread,
/// so every call takes one lock: writes are small (a room document, a turn) and a commit must not interleave.
/// </summary>
public sealed partial class StoryStore : IDisposable
{
    private readonly Lock _gate = new();
    private readonly TaskCompletionSource _closed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly LiteDatabase _db;
    private readonly ILiteCollection<RoomRecord> _rooms;
    private readonly ILiteCollection<TurnRecord> _turns;

    public StoryStore(string filePath)
    {
        FilePath = Path.GetFullPath(filePath);
        Directory.CreateDirectory(Path.GetDirectoryName(FilePath)!);
        // Stored text comes back exactly as written: LiteDB's defaults would trim it and turn "" into null.
        var mapper = new BsonMapper { EnumAsInteger = false, EmptyStringToNull = false, TrimWhitespace = false };
        _db = new LiteDatabase(new ConnectionString { Filename = FilePath, Connection = ConnectionType.Direct }, mapper);
        _rooms = _db.GetCollection<RoomRecord>("rooms");
        _turns = _db.GetCollection<TurnRecord>("turns");
        _turns.EnsureIndex(t => t.RoomId);
    }

    public string FilePath { get; }

    /// <summary>The file's size on disk with its write-ahead log (what a total quota is measured against).</summary>
    public long FileBytes
    {
        get
        {
            lock (_gate)
            {
                return Length(FilePath) + Length(Path.ChangeExtension(FilePath, null) + "-log" + Path.GetExtension(FilePath));
            }
        }
    }

    /// <summary>What a turn takes as a stored document (its BSON size), for the per-room quota.</summary>
    public long SizeOf(TurnRecord turn) => BsonSerializer.Serialize(_db.Mapper.ToDocument(turn)).Length;

    private static long Length(string path)
    {
        var file = new FileInfo(path);
        return file.Exists ? file.Length : 0;
    }

    /// <summary>Completes once <see cref="Dispose"/> has closed the file (a host may dispose its services after its own stop returns).</summary>
    public Task Closed => _closed.Task;

    public void InsertRoom(RoomRecord room)
    {
        lock (_gate)
        {
            _rooms.Insert(room);
        }
    }

    public void SaveRoom(RoomRecord room)
    {
        lock (_gate)
        {
            _rooms.Upsert(room);
        }
    }

    public RoomRecord? FindRoom(string roomId)
    {
        lock (_gate)
        {
            return _rooms.FindById(roomId);
        }
    }

    public IReadOnlyList<TurnRecord> LoadTurns(string roomId)
    {
        lock (_gate)
        {
            return [.. _turns.Find(t => t.RoomId == roomId).OrderBy(t => t.Index)];
        }
    }

    public TurnRecord? FindTurn(string roomId, int index)
    {
        lock (_gate)
        {
            return _turns.FindById(TurnRecord.MakeId(roomId, index));
        }
    }

    /// <summary>Stores the turn and the room's new state (baton moved, draft cleared) in one transaction.</summary>
    public void CommitTurn(TurnRecord turn, RoomRecord room) => InTransaction(() =>
    {
        _turns.Insert(turn);
        _rooms.Upsert(room);
    });

    /// <summary>Rewrites a stored turn (withdrawn by its author) together with the room's new state.</summary>
    public void UpdateTurn(TurnRecord turn, RoomRecord room) => InTransaction(() =>
    {
        _turns.Update(turn);
        _rooms.Upsert(room);
    });

    /// <summary>
    /// Takes the room's last turn out of the story so it can be written again (a retry after commit); its text
    /// already sits in the room's pending alternatives, stored in the same transaction.
    /// </summary>
    public void ReopenTurn(TurnRecord turn, RoomRecord room) => InTransaction(() =>
    {
        _turns.Delete(turn.Id);
        _rooms.Upsert(room);
    });

    /// <summary>
    /// Applies a room's change in one transaction (turns removed, rewritten, appended, then the room document with its
    /// draft). The version and events are the async store's (<see cref="IStoryStore"/>); this file keeps no event log.
    /// </summary>
    public void Apply(RoomChange change) => InTransaction(() =>
    {
        foreach (var index in change.RemoveTurns)
        {
            _turns.Delete(TurnRecord.MakeId(change.RoomId, index));
        }
        foreach (var turn in change.ReplaceTurns)
        {
            _turns.Update(turn);
        }
        foreach (var turn in change.AppendTurns)
        {
            _turns.Insert(turn);
        }
        if (change.Room is { } room)
        {
            _rooms.Upsert(room);
        }
    });

    private void InTransaction(Action write)
    {
        lock (_gate)
        {
            _db.BeginTrans();
            try
            {
                write();
                _db.Commit();
            }
            catch
            {
                _db.Rollback();
                throw;
            }
        }
    }

    public void Dispose()
    {
        try
        {
            lock (_gate)
            {
                try
                {
                    _db.Checkpoint();   // the log goes into the data pages: a stopped app leaves one whole file
                }
                finally
                {
                    _db.Dispose();
                }
            }
        }
        finally
        {
            _closed.TrySetResult();
        }
    }
}
