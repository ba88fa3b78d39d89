using Npgsql;
using RelayNovel.Web.Stories.LiteDb;
using static RelayNovel.Web.Stories.Postgres.PostgresCommands;

namespace RelayNovel.Web.Stories.Postgres;

/// <summary>
/// Applies one <see cref="RoomChange"/> inside the caller's transaction, with the rules of the LiteDB store's
/// <see cref="RoomChangeWriter"/>. It first locks the room's row (<c>FOR UPDATE</c>): a second owner saving at the
/// same version waits there, then reads the version the first wrote and is refused. Every rule (version, keys,
/// event numbers, which turns are stored) is checked before the first write, and all writes go to the server as
/// one batch: a refused change writes nothing, a failed write rolls back with the transaction.
/// </summary>
internal static class PostgresRoomChangeWriter
{
    public static async Task<long> ApplyAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, RoomChange change, CancellationToken ct)
    {
        var roomId = change.RoomId;
        int[] touched = [.. change.RemoveTurns, .. change.ReplaceTurns.Select(t => t.Index), .. change.AppendTurns.Select(t => t.Index)];
        var (row, stored) = await LockRoomAsync(connection, transaction, roomId, touched, ct).ConfigureAwait(false);
        if (row is null)
        {
            throw new KeyNotFoundException($"Room {roomId} is not stored.");
        }
        StoredRoomRules.CheckChange(change, row.Version, row.LastEventSeq);
        CheckStoredTurns(roomId, stored, change);

        await using var batch = new NpgsqlBatch(connection, transaction);
        AddTurnWrites(batch, roomId, change);
        var (snapshotRows, snapshotChars) = await AddSnapshotWritesAsync(batch, row, change, ct).ConfigureAwait(false);
        if (change.AppendEvents.Count > 0)
        {
            var events = change.AppendEvents;
            batch.BatchCommands.Add(Command("""
                INSERT INTO room_events (room_id, seq, type, payload, at_ms)
                SELECT $1, * FROM unnest($2::bigint[], $3::text[], $4::text[], $5::bigint[])
                """, roomId, events.Select(e => e.Seq).ToArray(), events.Select(e => e.Type).ToArray(),
                events.Select(e => e.Payload).ToArray(), events.Select(e => e.AtMs).ToArray()));
        }
        var version = row.Version + 1;
        var lastEventSeq = change.AppendEvents.Count > 0 ? change.AppendEvents[^1].Seq : row.LastEventSeq;
        batch.BatchCommands.Add(change.Room is null
            ? Command("UPDATE rooms SET version = $2, last_event_seq = $3, snapshot_rows = $4, snapshot_chars = $5 WHERE id = $1",
                roomId, version, lastEventSeq, snapshotRows, snapshotChars)
            : Command("UPDATE rooms SET version = $2, last_event_seq = $3, snapshot_rows = $4, snapshot_chars = $5, room = $6::json WHERE id = $1",
                roomId, version, lastEventSeq, snapshotRows, snapshotChars, StoredJson.Write(change.Room)));
        await batch.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
        return version;
    }

    public static void AddTurnInserts(NpgsqlBatch batch, string roomId, IReadOnlyList<TurnRecord> turns)
    {
        if (turns.Count > 0)
        {
            batch.BatchCommands.Add(Command("""
                INSERT INTO turns (room_id, idx, turn) SELECT $1, d.idx, d.turn::json FROM unnest($2::integer[], $3::text[]) AS d (idx, turn)
                """, roomId, turns.Select(t => t.Index).ToArray(), turns.Select(StoredJson.Write).ToArray()));
        }
    }

    /// <summary>Appends snapshot rows in the order given (their identity numbers are the order a load merges them in).</summary>
    public static void AddSnapshotInserts(NpgsqlBatch batch, string roomId, IReadOnlyList<DraftSnapshotRecord> snapshots)
    {
        if (snapshots.Count > 0)
        {
            batch.BatchCommands.Add(Command("""
                INSERT INTO draft_snapshots (room_id, snapshot)
                SELECT $1, d.snapshot::json FROM unnest($2::text[]) WITH ORDINALITY AS d (snapshot, n) ORDER BY d.n
                """, roomId, snapshots.Select(StoredJson.Write).ToArray()));
        }
    }

    public static long Chars(IEnumerable<DraftSnapshotRecord> snapshots) => snapshots.Sum(s => (long)(s.Text?.Length ?? 0));

    /// <summary>The room's row, locked until the transaction ends, and which of <paramref name="touched"/> turns are stored.</summary>
    private static async Task<(PostgresRoomState? Row, HashSet<int> Stored)> LockRoomAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, string roomId, int[] touched, CancellationToken ct)
    {
        await using var batch = new NpgsqlBatch(connection, transaction)
        {
            BatchCommands = { Command("SELECT version, last_event_seq, snapshot_rows, snapshot_chars FROM rooms WHERE id = $1 FOR UPDATE", roomId) },
        };
        if (touched.Length > 0)
        {
            // Runs after the lock is granted, so it sees the turns the previous owner of the lock committed.
            batch.BatchCommands.Add(Command("SELECT idx FROM turns WHERE room_id = $1 AND idx = ANY($2)", roomId, touched));
        }
        await using var reader = await batch.ExecuteReaderAsync(ct).ConfigureAwait(false);
        if (!await reader.ReadAsync(ct).ConfigureAwait(false))
        {
            return (null, []);
        }
        var row = new PostgresRoomState(reader.GetInt64(0), reader.GetInt64(1), reader.GetInt64(2), reader.GetInt64(3));
        var stored = new HashSet<int>();
        if (touched.Length > 0)
        {
            await reader.NextResultAsync(ct).ConfigureAwait(false);
            while (await reader.ReadAsync(ct).ConfigureAwait(false))
            {
                stored.Add(reader.GetInt32(0));
            }
        }
        return (row, stored);
    }

    /// <summary>The LiteDB writer's order: removed turns must be stored, then replaced ones, then appended ones must not be.</summary>
    private static void CheckStoredTurns(string roomId, HashSet<int> stored, RoomChange change)
    {
        foreach (var index in change.RemoveTurns)
        {
            if (!stored.Remove(index))
            {
                throw new InvalidOperationException($"Turn {index} of room {roomId} is not stored, so it cannot be removed.");
            }
        }
        foreach (var turn in change.ReplaceTurns.Where(t => !stored.Contains(t.Index)))
        {
            throw new InvalidOperationException($"Turn {turn.Index} of room {roomId} is not stored, so it cannot be replaced.");
        }
        foreach (var turn in change.AppendTurns.Where(t => stored.Contains(t.Index)))
        {
            throw new InvalidOperationException($"Turn {turn.Index} of room {roomId} is already stored.");
        }
    }

    private static void AddTurnWrites(NpgsqlBatch batch, string roomId, RoomChange change)
    {
        if (change.RemoveTurns.Count > 0)
        {
            batch.BatchCommands.Add(Command("DELETE FROM turns WHERE room_id = $1 AND idx = ANY($2)", roomId, change.RemoveTurns.ToArray()));
        }
        if (change.ReplaceTurns.Count > 0)
        {
            batch.BatchCommands.Add(Command("""
                UPDATE turns SET turn = d.turn::json FROM unnest($2::integer[], $3::text[]) AS d (idx, turn)
                WHERE turns.room_id = $1 AND turns.idx = d.idx
                """, roomId, change.ReplaceTurns.Select(t => t.Index).ToArray(), change.ReplaceTurns.Select(StoredJson.Write).ToArray()));
        }
        AddTurnInserts(batch, roomId, change.AppendTurns);
    }

    /// <summary>
    /// Clears and appends the current turn's snapshot rows; when the rows of a long turn pass twice the budget they are
    /// rewritten thinned (as the LiteDB store does), so storage grows with the turn, not its square. Returns the new counters.
    /// </summary>
    private static async Task<(long Rows, long Chars)> AddSnapshotWritesAsync(NpgsqlBatch batch, PostgresRoomState row, RoomChange change, CancellationToken ct)
    {
        var roomId = change.RoomId;
        var appended = change.AppendDraftSnapshots;
        var (rows, chars) = change.ClearDraftSnapshots ? (0L, 0L) : (row.SnapshotRows, row.SnapshotChars);
        var rewrite = change.ClearDraftSnapshots;
        rows += appended.Count;
        chars += Chars(appended);
        if (appended.Count > 0 && (rows > 2L * StoryLimits.MaxDraftSnapshots || chars > 2L * StoryLimits.MaxDraftSnapshotChars))
        {
            var kept = change.ClearDraftSnapshots ? [] : await ReadSnapshotsAsync(batch.Connection!, batch.Transaction!, roomId, ct).ConfigureAwait(false);
            appended = DraftSnapshotMerge.Current([.. kept, .. appended]);
            (rewrite, rows, chars) = (true, appended.Count, Chars(appended));
        }
        if (rewrite)
        {
            batch.BatchCommands.Add(Command("DELETE FROM draft_snapshots WHERE room_id = $1", roomId));
        }
        AddSnapshotInserts(batch, roomId, appended);
        return (rows, chars);
    }

    private static async Task<List<DraftSnapshotRecord>> ReadSnapshotsAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, string roomId, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand("SELECT snapshot FROM draft_snapshots WHERE room_id = $1 ORDER BY id", connection, transaction);
        command.Parameters.Add(new NpgsqlParameter { Value = roomId });
        await using var reader = await command.ExecuteReaderAsync(ct).ConfigureAwait(false);
        var snapshots = new List<DraftSnapshotRecord>();
        while (await reader.ReadAsync(ct).ConfigureAwait(false))
        {
            snapshots.Add(StoredJson.Read<DraftSnapshotRecord>(reader.GetString(0)));
        }
        return snapshots;
    }
}
