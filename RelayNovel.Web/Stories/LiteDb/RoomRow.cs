using LiteDB;

namespace RelayNovel.Web.Stories.LiteDb;

/// <summary>
/// A room's document in the "rooms" collection: the <see cref="RoomRecord"/>'s fields at the top level (the shape
/// files written by earlier versions already have) without its draft snapshots, plus the room's version, its last
/// event number and counters of its snapshot rows. A document from an earlier version has no version (read as 0)
/// and may still embed the current turn's snapshots: those are read as the oldest ones, and move to rows on the
/// room's first save.
/// </summary>
public sealed class RoomRow
{
    private const string SnapshotsField = nameof(RoomRecord.DraftSnapshots);
    private const string VersionField = "Version";
    private const string LastEventSeqField = "LastEventSeq";
    private const string SnapshotRowsField = "SnapshotRows";
    private const string SnapshotCharsField = "SnapshotChars";

    public required RoomRecord Room { get; set; }
    public long Version { get; set; }
    public long LastEventSeq { get; set; }

    /// <summary>How many <see cref="DraftSnapshotRow"/>s the room has and how much text they hold (when to thin them).</summary>
    public long SnapshotRows { get; set; }
    public long SnapshotChars { get; set; }

    /// <summary>Snapshots embedded in a document written by an earlier version (empty once the room was saved here).</summary>
    public List<DraftSnapshotRecord> EmbeddedSnapshots { get; init; } = [];

    public static RoomRow FromDocument(BsonMapper mapper, BsonDocument doc)
    {
        var room = mapper.ToObject<RoomRecord>(doc);
        var embedded = room.DraftSnapshots ?? [];
        room.DraftSnapshots = [];
        return new RoomRow
        {
            Room = room, EmbeddedSnapshots = embedded,
            Version = Number(doc, VersionField), LastEventSeq = Number(doc, LastEventSeqField),
            SnapshotRows = Number(doc, SnapshotRowsField), SnapshotChars = Number(doc, SnapshotCharsField),
        };
    }

    public BsonDocument ToDocument(BsonMapper mapper)
    {
        var doc = mapper.ToDocument(Room);
        doc.Remove(SnapshotsField);   // they live in their own rows; a record's list is never written here
        doc[VersionField] = Version;
        doc[LastEventSeqField] = LastEventSeq;
        doc[SnapshotRowsField] = SnapshotRows;
        doc[SnapshotCharsField] = SnapshotChars;
        return doc;
    }

    private static long Number(BsonDocument doc, string field) =>
        doc.TryGetValue(field, out var value) && value.IsNumber ? value.AsInt64 : 0;
}
