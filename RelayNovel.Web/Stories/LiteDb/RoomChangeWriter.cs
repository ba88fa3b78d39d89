namespace RelayNovel.Web.Stories.LiteDb;

/// <summary>
/// Applies one <see cref="RoomChange"/> to the file inside the caller's transaction: the version check comes first
/// and every rule is checked before the first write, so a refused change leaves nothing behind (and a failed write
/// rolls the transaction back). Draft snapshots are appended as rows; when the rows of a long turn pass twice the
/// budget they are thinned in place, so the file grows with the turn, not with the square of it.
/// </summary>
public static class RoomChangeWriter
{
    public static long Apply(StoryFile file, RoomChange change)
    {
        var roomId = change.RoomId;
        var row = file.FindRoom(roomId) ?? throw new KeyNotFoundException($"Room {roomId} is not stored.");
        StoredRoomRules.CheckChange(change, row.Version, row.LastEventSeq);

        WriteTurns(file, roomId, change);
        WriteSnapshots(file, row, change);
        if (change.AppendEvents.Count > 0)
        {
            file.InsertEvents(roomId, change.AppendEvents);
            row.LastEventSeq = change.AppendEvents[^1].Seq;
        }
        if (change.Room is not null)
        {
            row.Room = change.Room;
        }
        row.Version++;
        file.UpdateRoom(row);
        return row.Version;
    }

    private static void WriteTurns(StoryFile file, string roomId, RoomChange change)
    {
        foreach (var index in change.RemoveTurns)
        {
            if (!file.DeleteTurn(TurnRecord.MakeId(roomId, index)))
            {
                throw new InvalidOperationException($"Turn {index} of room {roomId} is not stored, so it cannot be removed.");
            }
        }
        foreach (var turn in change.ReplaceTurns)
        {
            if (!file.UpdateTurn(turn))
            {
                throw new InvalidOperationException($"Turn {turn.Index} of room {roomId} is not stored, so it cannot be replaced.");
            }
        }
        foreach (var turn in change.AppendTurns)
        {
            if (file.HasTurn(turn.Id))
            {
                throw new InvalidOperationException($"Turn {turn.Index} of room {roomId} is already stored.");
            }
        }
        if (change.AppendTurns.Count > 0)
        {
            file.InsertTurns(change.AppendTurns);
        }
    }

    private static void WriteSnapshots(StoryFile file, RoomRow row, RoomChange change)
    {
        var roomId = row.Room.Id;
        if (change.ClearDraftSnapshots)
        {
            file.DeleteSnapshots(roomId);
            (row.SnapshotRows, row.SnapshotChars) = (0, 0);
        }
        // Snapshots embedded by an earlier version move to rows now: the room's document is rewritten without them.
        var appended = change.ClearDraftSnapshots
            ? change.AppendDraftSnapshots
            : [.. row.EmbeddedSnapshots, .. change.AppendDraftSnapshots];
        if (appended.Count == 0)
        {
            return;
        }
        file.InsertSnapshots(roomId, appended);
        Count(row, appended);
        if (row.SnapshotRows > 2L * StoryLimits.MaxDraftSnapshots || row.SnapshotChars > 2L * StoryLimits.MaxDraftSnapshotChars)
        {
            var current = DraftSnapshotMerge.Current(file.SnapshotRows(roomId));
            file.DeleteSnapshots(roomId);
            file.InsertSnapshots(roomId, current);
            (row.SnapshotRows, row.SnapshotChars) = (0, 0);
            Count(row, current);
        }
    }

    /// <summary>Adds snapshots just written to the row's counters (what decides when they are thinned).</summary>
    public static void Count(RoomRow row, IReadOnlyList<DraftSnapshotRecord> snapshots)
    {
        row.SnapshotRows += snapshots.Count;
        row.SnapshotChars += snapshots.Sum(s => (long)(s.Text?.Length ?? 0));
    }
}
