using LiteDB;

namespace RelayNovel.Web.Stories.LiteDb;

/// <summary>
/// The LiteDB file and its four collections, read and written synchronously by whoever holds the store's gate (a
/// LiteDB transaction belongs to the thread that began it). Collection names are those of earlier versions, so an
/// existing file opens with its rooms and turns.
/// </summary>
public sealed class StoryFile : IDisposable
{
    private readonly LiteDatabase _db;
    private readonly ILiteCollection<BsonDocument> _rooms;
    private readonly ILiteCollection<TurnRecord> _turns;
    private readonly ILiteCollection<DraftSnapshotRow> _snapshots;
    private readonly ILiteCollection<EventRow> _events;

    public StoryFile(string filePath)
    {
        FilePath = Path.GetFullPath(filePath);
        Directory.CreateDirectory(Path.GetDirectoryName(FilePath)!);
        // Stored text comes back exactly as written: LiteDB's defaults would trim it and turn "" into null.
        Mapper = new BsonMapper { EnumAsInteger = false, EmptyStringToNull = false, TrimWhitespace = false };
        _db = new LiteDatabase(new ConnectionString { Filename = FilePath, Connection = ConnectionType.Direct }, Mapper);
        _rooms = _db.GetCollection("rooms");
        _turns = _db.GetCollection<TurnRecord>("turns");
        _snapshots = _db.GetCollection<DraftSnapshotRow>("draftSnapshots", BsonAutoId.Int64);
        _events = _db.GetCollection<EventRow>("events");
        _turns.EnsureIndex(t => t.RoomId);
        _snapshots.EnsureIndex(s => s.RoomId);
    }

    public string FilePath { get; }

    public BsonMapper Mapper { get; }

    public long Bytes => Length(FilePath) + Length(Path.ChangeExtension(FilePath, null) + "-log" + Path.GetExtension(FilePath));

    public RoomRow? FindRoom(string roomId)
    {
        var doc = _rooms.FindById(roomId);
        return doc is null ? null : RoomRow.FromDocument(Mapper, doc);
    }

    public void InsertRoom(RoomRow row) => _rooms.Insert(row.ToDocument(Mapper));

    public void UpdateRoom(RoomRow row) => _rooms.Update(row.ToDocument(Mapper));

    public int RoomCount() => _rooms.Count();

    public List<TurnRecord> Turns(string roomId) => [.. _turns.Find(t => t.RoomId == roomId).OrderBy(t => t.Index)];

    public bool HasTurn(string turnId) => _turns.FindById(turnId) is not null;

    public void InsertTurns(IReadOnlyList<TurnRecord> turns) => _turns.InsertBulk(turns);

    public bool UpdateTurn(TurnRecord turn) => _turns.Update(turn);

    public bool DeleteTurn(string turnId) => _turns.Delete(turnId);

    /// <summary>The room's snapshot rows in the order they were written.</summary>
    public List<DraftSnapshotRecord> SnapshotRows(string roomId) =>
        [.. _snapshots.Find(s => s.RoomId == roomId).OrderBy(s => s.Id).Select(s => s.ToRecord())];

    public void DeleteSnapshots(string roomId) => _snapshots.DeleteMany(s => s.RoomId == roomId);

    public void InsertSnapshots(string roomId, IEnumerable<DraftSnapshotRecord> snapshots) =>
        _snapshots.InsertBulk(snapshots.Select(s => DraftSnapshotRow.From(roomId, s)));

    public void InsertEvents(string roomId, IEnumerable<StoredRoomEvent> events) =>
        _events.InsertBulk(events.Select(e => EventRow.From(roomId, e)));

    /// <summary>Read through the primary index alone: the keys of one room's events sort by their number.</summary>
    public List<StoredRoomEvent> Events(string roomId, long afterSeq, int max) =>
        [.. _events.Query()
            .Where(Query.Between("_id", EventRow.MakeId(roomId, afterSeq + 1), EventRow.MakeId(roomId, long.MaxValue)))
            .OrderBy(e => e.Id)
            .Limit(max)
            .ToEnumerable()
            .Select(e => e.ToEvent())];

    public long SizeOf(TurnRecord turn) => BsonSerializer.Serialize(Mapper.ToDocument(turn)).Length;

    public void InTransaction(Action write)
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

    public void Dispose()
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

    private static long Length(string path)
    {
        var file = new FileInfo(path);
        return file.Exists ? file.Length : 0;
    }
}
