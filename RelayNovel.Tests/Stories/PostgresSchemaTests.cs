using Npgsql;
using RelayNovel.Tests.Infrastructure;
using RelayNovel.Web.Stories;
using RelayNovel.Web.Stories.Postgres;

namespace RelayNovel.Tests.Stories;

/// <summary>
/// Issue 14: the PostgreSQL store creates its schema on an empty database at start, and a later start (or a node
/// starting beside another) on a database already current changes nothing.
/// </summary>
public sealed class PostgresSchemaTests : IAsyncLifetime
{
    private readonly string _database = PostgresServer.Shared.Database("schema-" + Guid.NewGuid().ToString("N"));
    private readonly List<PostgresStoryStore> _stores = [];

    [Fact]
    public async Task EnsureSchema_EmptyDatabase_CreatesTheTablesAndRecordsTheStep()
    {
        var store = Open();

        await store.EnsureSchemaAsync();

        Assert.Equal([1], store.AppliedSchemaSteps);
        Assert.Equal(["draft_snapshots", "relaynovel_schema", "room_events", "rooms", "turns"],
            await Strings("SELECT table_name::text FROM information_schema.tables WHERE table_schema = current_schema() ORDER BY 1"));
        Assert.Equal(["1"], await Strings("SELECT version::text FROM relaynovel_schema"));
    }

    [Fact]
    public async Task EnsureSchema_SecondStartOnACurrentDatabase_AppliesNothingAndKeepsTheRooms()
    {
        var first = Open();
        await first.CreateAsync(new RoomRecord { Id = "room-schema-001", Draft = "그대로" }, []);
        var recorded = await Strings("SELECT version || ' ' || applied_at FROM relaynovel_schema");
        await first.DisposeAsync();

        var second = Open();
        await second.EnsureSchemaAsync();

        Assert.Empty(second.AppliedSchemaSteps);
        Assert.Equal(recorded, await Strings("SELECT version || ' ' || applied_at FROM relaynovel_schema"));
        Assert.Equal("그대로", (await second.LoadAsync("room-schema-001"))!.Room.Draft);
    }

    [Fact]
    public async Task EnsureSchema_TwoNodesStartingTogether_OneAppliesTheStepsTheOtherFindsThemDone()
    {
        var (a, b) = (Open(), Open());
        await using var holder = new NpgsqlConnection(_database);
        await holder.OpenAsync();
        await using (var hold = new NpgsqlCommand($"SELECT pg_advisory_lock({PostgresSchema.LockKey})", holder))
        {
            await hold.ExecuteNonQueryAsync();
        }

        var starts = Task.WhenAll(a.EnsureSchemaAsync(), b.EnsureSchemaAsync());
        await Deadline.UntilAsync(async () => await Count(holder, "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND NOT granted") >= 2,
            "both nodes waiting for the schema lock", TimeSpan.FromSeconds(20));
        await using (var release = new NpgsqlCommand($"SELECT pg_advisory_unlock({PostgresSchema.LockKey})", holder))
        {
            await release.ExecuteNonQueryAsync();
        }
        await starts;

        Assert.Equal([[], [1]], new[] { a.AppliedSchemaSteps, b.AppliedSchemaSteps }.OrderBy(s => s.Count));
        await a.CreateAsync(new RoomRecord { Id = "room-schema-002" }, []);
        Assert.NotNull(await b.LoadAsync("room-schema-002"));
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        foreach (var store in _stores)
        {
            await store.DisposeAsync();
        }
    }

    private PostgresStoryStore Open()
    {
        var store = new PostgresStoryStore(_database);
        _stores.Add(store);
        return store;
    }

    private static async Task<long> Count(NpgsqlConnection connection, string sql)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        return (long)(await command.ExecuteScalarAsync())!;
    }

    private async Task<List<string>> Strings(string sql)
    {
        await using var connection = new NpgsqlConnection(_database);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await using var reader = await command.ExecuteReaderAsync();
        var values = new List<string>();
        while (await reader.ReadAsync())
        {
            values.Add(reader.GetString(0));
        }
        return values;
    }
}
