namespace RelayNovel.Web.Rooms.Feeds;

/// <summary>
/// Where a <see cref="RoomWatch"/> stood when a snapshot of the room was about to be read: how many events had
/// arrived (all in the snapshot, since owners publish after applying) and the highest sequence number among them (0: none).
/// </summary>
public readonly record struct SnapshotMark(long Arrivals, long Seq);
