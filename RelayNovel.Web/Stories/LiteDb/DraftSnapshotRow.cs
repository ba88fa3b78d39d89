namespace RelayNovel.Web.Stories.LiteDb;

/// <summary>
/// One draft snapshot of a room's current turn, appended as its own document per keystroke batch so typing never
/// rewrites the room. <see cref="Id"/> is LiteDB's auto-incremented key: it orders a room's snapshots as written.
/// </summary>
public sealed class DraftSnapshotRow
{
    public long Id { get; set; }
    public string RoomId { get; set; } = "";
    public long OffsetMs { get; set; }
    public string Text { get; set; } = "";

    public static DraftSnapshotRow From(string roomId, DraftSnapshotRecord snapshot) =>
        new() { RoomId = roomId, OffsetMs = snapshot.OffsetMs, Text = snapshot.Text ?? "" };

    public DraftSnapshotRecord ToRecord() => new() { OffsetMs = OffsetMs, Text = Text };
}
