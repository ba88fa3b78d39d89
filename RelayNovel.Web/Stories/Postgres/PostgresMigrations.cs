namespace RelayNovel.Web.Stories.Postgres;

/// <summary>
/// The store's schema, as numbered steps applied in order and never edited once released (a later change is a new
/// step). Rooms, turns and draft snapshots are json documents of the records (exact text, \u0000 included, which
/// jsonb would refuse); a room's version and counters are columns, so a save checks and bumps them without parsing.
/// </summary>
internal static class PostgresMigrations
{
    public static IReadOnlyList<(int Version, string Sql)> Steps { get; } =
    [
        (1, """
            CREATE TABLE rooms (
                id text PRIMARY KEY,
                version bigint NOT NULL,
                last_event_seq bigint NOT NULL DEFAULT 0,
                snapshot_rows bigint NOT NULL DEFAULT 0,
                snapshot_chars bigint NOT NULL DEFAULT 0,
                room json NOT NULL
            );
            CREATE TABLE turns (
                room_id text NOT NULL REFERENCES rooms (id),
                idx integer NOT NULL,
                turn json NOT NULL,
                PRIMARY KEY (room_id, idx)
            );
            -- Stored as written, not compressed: the total quota then counts what SizeOf counts per turn.
            ALTER TABLE turns ALTER COLUMN turn SET STORAGE EXTERNAL;
            CREATE TABLE draft_snapshots (
                id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
                room_id text NOT NULL REFERENCES rooms (id),
                snapshot json NOT NULL
            );
            CREATE INDEX draft_snapshots_room ON draft_snapshots (room_id, id);
            CREATE TABLE room_events (
                room_id text NOT NULL REFERENCES rooms (id),
                seq bigint NOT NULL,
                type text NOT NULL,
                payload text NOT NULL,
                at_ms bigint NOT NULL,
                PRIMARY KEY (room_id, seq)
            );
            """),
    ];

    /// <summary>The tables whose size is the store's size.</summary>
    public static IReadOnlyList<string> Tables { get; } = ["rooms", "turns", "draft_snapshots", "room_events"];
}
