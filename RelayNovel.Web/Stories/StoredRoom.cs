namespace RelayNovel.Web.Stories;

/// <summary>A room as loaded: its record (draft snapshots included), turns in index order, version and last event number.</summary>
public sealed record StoredRoom(RoomRecord Room, IReadOnlyList<TurnRecord> Turns, long Version, long LastEventSeq);
