using Npgsql;
using RelayNovel.Tests.Infrastructure;
using RelayNovel.Web.Stories;
using RelayNovel.Web.Stories.Postgres;

namespace RelayNovel.Tests.Stories;

/// <summary>
/// Issue 14: what the PostgreSQL store adds to the contract — two nodes (two connection pools) saving one room at one
/// version, a write the server refuses half-way, and text PostgreSQL's text types cannot hold.
/// </summary>
public sealed class PostgresStoryStoreRaceTests : StoryStoreContractBase
{
    private string _database = "";

    protected override IStoryStore CreateStore(string folder) => new PostgresStoryStore(_database = PostgresServer.Shared.Database(folder));

    [Fact]
    public async Task Save_TwoNodesBlockedOnTheSameVersion_OneWinsWhollyTheOtherConflictsAndWritesNothing()
    {
        var (nodeA, nodeB) = (Open(), Open());
        var id = "room-twonodes01";
        await CreateLoadedAsync(nodeA, id);
        await using var holder = new NpgsqlConnection(_database);
        await holder.OpenAsync();
        await using var hold = await holder.BeginTransactionAsync();
        await Execute(holder, $"SELECT 1 FROM rooms WHERE id = '{id}' FOR UPDATE");

        var saveA = Attempt(nodeA, Change(id, "A"));
        var saveB = Attempt(nodeB, Change(id, "B"));
        await WaitForLockWaiters(holder, 2);   // both saves have read nothing yet: each waits for the room's row
        await hold.CommitAsync();
        var results = await Task.WhenAll(saveA, saveB);

        var winner = Assert.Single(results, r => r.Version == 2);
        var loser = Assert.Single(results, r => r.Conflict is not null);
        Assert.Equal((1L, 2L), (loser.Conflict!.Expected, loser.Conflict.Actual));
        var loaded = (await nodeA.LoadAsync(id))!;
        var expected = Change(id, winner.Writer);
        Assert.Equal((2L, 2L), (loaded.Version, loaded.LastEventSeq));
        Assert.Equal(expected.Room!.Draft, loaded.Room.Draft);
        Assert.Equal(Json(expected.AppendTurns[0]), Json(loaded.Turns[1]));
        Assert.Equal([(5L, winner.Writer)], loaded.Room.DraftSnapshots.Select(s => (s.OffsetMs, s.Text)));
        Assert.Equal(Json(expected.AppendEvents), Json(await nodeB.ReadEventsAsync(id, 0, 10)));
    }

    [Fact]
    public async Task Save_AWriteTheServerRefusesHalfWay_RollsBackTheWholeChange()
    {
        var store = Open();
        var id = "room-halfway-01";
        await CreateLoadedAsync(store, id);
        var before = Json(await store.LoadAsync(id));
        // PostgreSQL text cannot hold U+0000 (the feed's codec escapes it inside JSON): the event row, written after
        // the turn and the snapshot in the same batch, fails on the server.
        var change = Change(id, "A") with { AppendEvents = [new StoredRoomEvent(1, "TurnCommitted", "\0", 1)] };

        await Assert.ThrowsAsync<PostgresException>(() => store.SaveAsync(change));

        Assert.Equal(before, Json(await store.LoadAsync(id)));
        Assert.Empty(await store.ReadEventsAsync(id, 0, 10));
        Assert.Equal(2L, await store.SaveAsync(new RoomChange(id, 1)));
    }

    [Fact]
    public async Task Save_TextWithNulAndControlCharacters_LoadsExactly()
    {
        var store = Open();
        var id = "room-controls01";
        var room = Room(id, draft: "널\0문자\u0001 ");
        await store.CreateAsync(room, []);
        var turn = Turn(id, 0, text: "\0앞\t뒤\0");

        await store.SaveAsync(new RoomChange(id, 1) { AppendTurns = [turn], AppendDraftSnapshots = [Snapshot(1, "\0가")] });
        var loaded = (await Reopen(store).LoadAsync(id))!;

        room.DraftSnapshots = [Snapshot(1, "\0가")];
        Assert.Equal(Json(room), Json(loaded.Room));
        Assert.Equal(Json(turn), Json(Assert.Single(loaded.Turns)));
    }

    private static RoomChange Change(string id, string writer) => new(id, 1)
    {
        Room = Room(id, draft: $"{writer}의 초안"),
        AppendTurns = [Turn(id, 1, $"{writer}의 차례")],
        AppendDraftSnapshots = [Snapshot(5, writer)],
        AppendEvents = [new StoredRoomEvent(1, "TurnCommitted", $$"""{"by":"{{writer}}"}""", 10), new StoredRoomEvent(2, "Presence", "{}", 11)],
    };

    private static async Task<(string Writer, long Version, StoreConflictException? Conflict)> Attempt(IStoryStore store, RoomChange change)
    {
        var writer = change.AppendDraftSnapshots[0].Text;
        try
        {
            return (writer, await store.SaveAsync(change), null);
        }
        catch (StoreConflictException conflict)
        {
            return (writer, 0, conflict);
        }
    }

    private static async Task Execute(NpgsqlConnection connection, string sql)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    /// <summary>
    /// Waits until <paramref name="count"/> saves wait on the room row <paramref name="holder"/> has locked: the first on
    /// the holder's transaction, the others on that row's tuple lock. (pg_locks, not pg_blocking_pids: that one takes
    /// every lock partition, and polled this often it kept a new connection from starting.)
    /// </summary>
    private static Task WaitForLockWaiters(NpgsqlConnection holder, int count) => Deadline.UntilAsync(async () =>
    {
        await using var command = new NpgsqlCommand("""
            SELECT count(*) FROM pg_locks l WHERE NOT l.granted AND (
                (l.locktype = 'tuple' AND l.relation = 'rooms'::regclass)
                OR (l.locktype = 'transactionid' AND l.transactionid = (SELECT backend_xid FROM pg_stat_activity WHERE pid = pg_backend_pid())))
            """, holder);
        return (long)(await command.ExecuteScalarAsync())! >= count;
    }, $"{count} saves waiting for the room's row", TimeSpan.FromSeconds(20));
}
