using LiteDB;
using RelayNovel.Tests.Checkpoints;
using RelayNovel.Web.Rooms;
using RelayNovel.Web.Stories;
using RelayNovel.Web.Stories.LiteDb;

namespace RelayNovel.Tests.Stories;

/// <summary>
/// Issue 13, what only the LiteDB file shows: a file written by the earlier store (rooms without a version, draft
/// snapshots inside the room) opens with nothing lost, a failed write inside the transaction leaves nothing, and
/// closing folds the log into the file.
/// </summary>
public sealed class LiteDbStoryStoreFileTests : IDisposable
{
    private readonly TempDirectory _folder = new();

    private string FilePath => _folder.File("story.db");

    [Fact]
    public async Task Load_FileWrittenByTheEarlierStore_ReadsVersionZeroWithItsTurnsAndEmbeddedSnapshots()
    {
        var (room, turn) = WriteWithEarlierStore("room-legacy-001");

        using var store = new LiteDbStoryStore(FilePath);
        var loaded = (await store.LoadAsync(room.Id))!;

        Assert.Equal((0L, 0L, 1), (loaded.Version, loaded.LastEventSeq, store.RoomCount()));
        Assert.Equal(JsonOf(room), JsonOf(loaded.Room));
        Assert.Equal(JsonOf(turn), JsonOf(Assert.Single(loaded.Turns)));
    }

    [Fact]
    public async Task Save_RoomFromTheEarlierStore_KeepsItsEmbeddedSnapshotsBeforeTheNewOnesAcrossAReopen()
    {
        var (room, _) = WriteWithEarlierStore("room-legacy-002");
        using (var store = new LiteDbStoryStore(FilePath))
        {
            Assert.Equal(1L, await store.SaveAsync(new RoomChange(room.Id, 0)
            {
                Room = room, AppendDraftSnapshots = [new DraftSnapshotRecord { OffsetMs = 300, Text = "비가 온다" }], AppendEvents = [new(1, "DraftChanged", "{}", 1)],
            }));
        }

        using var reopened = new LiteDbStoryStore(FilePath);
        var loaded = (await reopened.LoadAsync(room.Id))!;

        Assert.Equal([(100L, "비"), (200L, "비가 "), (300L, "비가 온다")], loaded.Room.DraftSnapshots.Select(s => (s.OffsetMs, s.Text)));
        Assert.Equal((1L, 1L), (loaded.Version, loaded.LastEventSeq));
    }

    [Fact]
    public async Task Save_ClearingARoomFromTheEarlierStore_DropsItsEmbeddedSnapshots()
    {
        var (room, _) = WriteWithEarlierStore("room-legacy-003");
        using var store = new LiteDbStoryStore(FilePath);

        await store.SaveAsync(new RoomChange(room.Id, 0) { ClearDraftSnapshots = true });

        Assert.Empty((await store.LoadAsync(room.Id))!.Room.DraftSnapshots);
    }

    [Fact]
    public async Task Create_TurnTooLargeForADocument_RollsBackTheRoomToo()
    {
        using var store = new LiteDbStoryStore(FilePath);
        var id = "room-toolarge01";
        var huge = new TurnRecord { Id = TurnRecord.MakeId(id, 1), RoomId = id, Index = 1, Text = new string('가', 6_000_000) };
        var room = new RoomRecord { Id = id, DraftSnapshots = [new DraftSnapshotRecord { OffsetMs = 1, Text = "가" }] };
        var small = new TurnRecord { Id = TurnRecord.MakeId(id, 0), RoomId = id };

        await Assert.ThrowsAnyAsync<Exception>(() => store.CreateAsync(room, [small, huge]));

        Assert.Null(await store.LoadAsync(id));
        Assert.Equal(0, store.RoomCount());
        await store.CreateAsync(room, [small]);   // nothing half-written blocks the same room afterwards
        Assert.Single((await store.LoadAsync(id))!.Room.DraftSnapshots);
    }

    [Fact]
    public async Task Dispose_AfterWrites_CompletesClosedAndLeavesNoLog()
    {
        var store = new LiteDbStoryStore(FilePath);
        await store.CreateAsync(new RoomRecord { Id = "room-closing-01" }, []);

        store.Dispose();
        await store.Closed.WaitAsync(TimeSpan.FromSeconds(10));

        Assert.False(File.Exists(_folder.File("story-log.db")) && new FileInfo(_folder.File("story-log.db")).Length > 0);
        await Assert.ThrowsAsync<ObjectDisposedException>(() => store.LoadAsync("room-closing-01"));
    }

    public void Dispose() => _folder.Dispose();

    private (RoomRecord Room, TurnRecord Turn) WriteWithEarlierStore(string id)
    {
        var room = new RoomRecord
        {
            Id = id, OwnerKeyHash = "h", Draft = "비가 ", BatonSeat = 1, TurnCount = 1,
            Settings = new SettingsRecord { Title = "옛 방", Premise = "", SeatPlan = [SeatKind.Human, SeatKind.Human] },
            Seats = [new SeatRecord { Index = 0, Kind = SeatKind.Human, Name = "민지" }, new SeatRecord { Index = 1, Kind = SeatKind.Human }],
            DraftSnapshots = [new DraftSnapshotRecord { OffsetMs = 100, Text = "비" }, new DraftSnapshotRecord { OffsetMs = 200, Text = "비가 " }],
        };
        var turn = new TurnRecord { Id = TurnRecord.MakeId(id, 0), RoomId = id, Text = " 첫 문장.", Kind = TurnKind.Human, AuthorName = "민지" };
        // What the earlier store wrote: the room document with its snapshots embedded, turns beside it, no version.
        var mapper = new BsonMapper { EnumAsInteger = false, EmptyStringToNull = false, TrimWhitespace = false };
        using var earlier = new LiteDatabase(new ConnectionString { Filename = FilePath, Connection = ConnectionType.Direct }, mapper);
        earlier.GetCollection<RoomRecord>("rooms").Insert(room);
        earlier.GetCollection<TurnRecord>("turns").Insert(turn);
        return (room, turn);
    }

    private static string JsonOf(object value) => System.Text.Json.JsonSerializer.Serialize(value);
}
