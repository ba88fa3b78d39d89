using System.Data;
using Npgsql;
using RelayNovel.Web.Stories.LiteDb;
using static RelayNovel.Web.Stories.Postgres.PostgresCommands;

namespace RelayNovel.Web.Stories.Postgres;

/// <summary>
/// <see cref="IStoryStore"/> on PostgreSQL, for nodes that share one store. Rows map to records as in
/// <see cref="LiteDbStoryStore"/>: a room is one row of "rooms" (its <see cref="RoomRecord"/> as json without the
/// draft snapshots, beside its version, last event number and snapshot counters); each committed turn a row of
/// "turns" keyed (room, index); the current turn's draft snapshots rows of "draft_snapshots" in the order written;
/// published events rows of "room_events" keyed (room, number). A save runs in one transaction that first locks
/// the room's row (<see cref="PostgresRoomChangeWriter"/>), so of two owners saving at one version exactly one
/// wins and the other writes nothing. The schema is brought up to date before the first call (<see cref="PostgresSchema"/>).
/// </summary>
public sealed class PostgresStoryStore : IStoryStore, IAsyncDisposable, IDisposable
{
    private readonly NpgsqlDataSource _source;
    private readonly PostgresSchema _schema;

    public PostgresStoryStore(string connectionString)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
        _source = NpgsqlDataSource.Create(connectionString);
        _schema = new PostgresSchema(_source);
    }

    /// <summary>Creates or migrates the schema now (at start) instead of on the first call; safe to call again.</summary>
    public Task EnsureSchemaAsync(CancellationToken ct = default) => _schema.EnsureAsync(ct);

    /// <summary>The schema steps this store applied (empty when it found the database current).</summary>
    public IReadOnlyList<int> AppliedSchemaSteps => _schema.Applied;

    public async Task<StoredRoom?> LoadAsync(string roomId, CancellationToken ct = default)
    {
        await _schema.EnsureAsync(ct).ConfigureAwait(false);
        await using var connection = await _source.OpenConnectionAsync(ct).ConfigureAwait(false);
        // One snapshot for the room, its turns and its snapshots, even while its owner saves.
        await using var transaction = await connection.BeginTransactionAsync(IsolationLevel.RepeatableRead, ct).ConfigureAwait(false);
        await using var batch = new NpgsqlBatch(connection, transaction)
        {
            BatchCommands =
            {
                Command("SELECT version, last_event_seq, room FROM rooms WHERE id = $1", roomId),
                Command("SELECT turn FROM turns WHERE room_id = $1 ORDER BY idx", roomId),
                Command("SELECT snapshot FROM draft_snapshots WHERE room_id = $1 ORDER BY id", roomId),
            },
        };
        await using var reader = await batch.ExecuteReaderAsync(ct).ConfigureAwait(false);
        if (!await reader.ReadAsync(ct).ConfigureAwait(false))
        {
            return null;
        }
        var (version, lastEventSeq) = (reader.GetInt64(0), reader.GetInt64(1));
        var room = StoredJson.Read<RoomRecord>(reader.GetString(2));
        var turns = await ReadAllAsync<TurnRecord>(reader, ct).ConfigureAwait(false);
        room.DraftSnapshots = DraftSnapshotMerge.Current(await ReadAllAsync<DraftSnapshotRecord>(reader, ct).ConfigureAwait(false));
        return new StoredRoom(room, turns, version, lastEventSeq);
    }

    public async Task CreateAsync(RoomRecord room, IReadOnlyList<TurnRecord> turns, CancellationToken ct = default)
    {
        StoredRoomRules.CheckRoom(room.Id, room);
        StoredRoomRules.CheckTurns(room.Id, turns);
        await _schema.EnsureAsync(ct).ConfigureAwait(false);
        await using var connection = await _source.OpenConnectionAsync(ct).ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync(ct).ConfigureAwait(false);
        var snapshots = room.DraftSnapshots ?? [];
        await using (var insertRoom = new NpgsqlCommand("""
            INSERT INTO rooms (id, version, snapshot_rows, snapshot_chars, room) VALUES ($1, 1, $2, $3, $4::json)
            ON CONFLICT (id) DO NOTHING
            """, connection, transaction))
        {
            foreach (var value in new object[] { room.Id, (long)snapshots.Count, PostgresRoomChangeWriter.Chars(snapshots), StoredJson.Write(room) })
            {
                insertRoom.Parameters.Add(new NpgsqlParameter { Value = value });
            }
            if (await insertRoom.ExecuteNonQueryAsync(ct).ConfigureAwait(false) == 0)
            {
                throw new InvalidOperationException($"Room {room.Id} is already stored.");   // rolled back as the transaction is disposed
            }
        }
        await using var batch = new NpgsqlBatch(connection, transaction);
        PostgresRoomChangeWriter.AddTurnInserts(batch, room.Id, turns);
        PostgresRoomChangeWriter.AddSnapshotInserts(batch, room.Id, snapshots);
        if (batch.BatchCommands.Count > 0)
        {
            await batch.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
        }
        await transaction.CommitAsync(ct).ConfigureAwait(false);
    }

    public async Task<long> SaveAsync(RoomChange change, CancellationToken ct = default)
    {
        await _schema.EnsureAsync(ct).ConfigureAwait(false);
        await using var connection = await _source.OpenConnectionAsync(ct).ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync(ct).ConfigureAwait(false);
        var version = await PostgresRoomChangeWriter.ApplyAsync(connection, transaction, change, ct).ConfigureAwait(false);
        await transaction.CommitAsync(ct).ConfigureAwait(false);
        return version;
    }

    public async Task<IReadOnlyList<StoredRoomEvent>> ReadEventsAsync(string roomId, long afterSeq, int max, CancellationToken ct = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(max);
        ArgumentOutOfRangeException.ThrowIfNegative(afterSeq);
        await _schema.EnsureAsync(ct).ConfigureAwait(false);
        await using var command = _source.CreateCommand(
            "SELECT seq, type, payload, at_ms FROM room_events WHERE room_id = $1 AND seq > $2 ORDER BY seq LIMIT $3");
        command.Parameters.Add(new NpgsqlParameter { Value = roomId });
        command.Parameters.Add(new NpgsqlParameter { Value = afterSeq });
        command.Parameters.Add(new NpgsqlParameter { Value = max });
        await using var reader = await command.ExecuteReaderAsync(ct).ConfigureAwait(false);
        var events = new List<StoredRoomEvent>();
        while (await reader.ReadAsync(ct).ConfigureAwait(false))
        {
            events.Add(new StoredRoomEvent(reader.GetInt64(0), reader.GetString(1), reader.GetString(2), reader.GetInt64(3)));
        }
        return events;
    }

    /// <summary>What the store's tables take on disk, indexes and out-of-line values included (the total quota).</summary>
    public async Task<long> SizeAsync(CancellationToken ct = default)
    {
        await _schema.EnsureAsync(ct).ConfigureAwait(false);
        await using var command = _source.CreateCommand(
            "SELECT " + string.Join(" + ", PostgresMigrations.Tables.Select(t => $"pg_total_relation_size('{t}')")));
        return Convert.ToInt64(await command.ExecuteScalarAsync(ct).ConfigureAwait(false), System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>What a turn takes as stored: the UTF-8 bytes of its json (the per-room quota).</summary>
    public long SizeOf(TurnRecord turn) => StoredJson.Utf8Length(turn);

    public ValueTask DisposeAsync() => _source.DisposeAsync();

    public void Dispose() => _source.Dispose();

    private static async Task<List<T>> ReadAllAsync<T>(NpgsqlDataReader reader, CancellationToken ct)
    {
        await reader.NextResultAsync(ct).ConfigureAwait(false);
        var items = new List<T>();
        while (await reader.ReadAsync(ct).ConfigureAwait(false))
        {
            items.Add(StoredJson.Read<T>(reader.GetString(0)));
        }
        return items;
    }
}
