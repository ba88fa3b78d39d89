namespace RelayNovel.Web.Stories.Postgres;

/// <summary>A room's row as a save reads it, locked: its version, last event number and the counters of its snapshot rows.</summary>
internal sealed record PostgresRoomState(long Version, long LastEventSeq, long SnapshotRows, long SnapshotChars);
