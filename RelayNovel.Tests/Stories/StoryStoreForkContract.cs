using RelayNovel.Web.Stories;

namespace RelayNovel.Tests.Stories;

/// <summary>
/// Issue 15: a forked room's origin (<see cref="RoomRecord.ForkedFrom"/>) is part of the room's document in every
/// <see cref="IStoryStore"/>: stored on create, kept when the room is saved again, and still there after a restart.
/// </summary>
public abstract class StoryStoreForkContract : StoryStoreContractBase
{
    [Fact]
    public async Task Create_ForkedRoom_LoadsItsOriginAfterReopening()
    {
        var store = Open();
        var room = Forked("room-fork-00001", "room-source-001", 7);

        await store.CreateAsync(room, [Turn(room.Id, 0)]);
        store = Reopen(store);
        var loaded = (await store.LoadAsync(room.Id))!;

        Assert.Equal(("room-source-001", 7), (loaded.Room.ForkedFrom!.RoomId, loaded.Room.ForkedFrom.TurnIndex));
        Assert.Equal(Json(room), Json(loaded.Room));
    }

    [Fact]
    public async Task Save_ForkedRoomStateReplaced_KeepsItsOrigin()
    {
        var store = Open();
        var id = "room-fork-00002";
        await store.CreateAsync(Forked(id, "room-source-002", 0), []);
        var next = Forked(id, "room-source-002", 0, draft: "이어 쓰는 중");

        await store.SaveAsync(new RoomChange(id, 1) { Room = next });
        var loaded = (await store.LoadAsync(id))!;

        Assert.Equal(("room-source-002", 0, "이어 쓰는 중"), (loaded.Room.ForkedFrom!.RoomId, loaded.Room.ForkedFrom.TurnIndex, loaded.Room.Draft));
    }

    [Fact]
    public async Task Create_RoomNotForked_LoadsWithoutOrigin()
    {
        var store = Open();
        await store.CreateAsync(Room("room-plain-0001"), []);

        Assert.Null((await store.LoadAsync("room-plain-0001"))!.Room.ForkedFrom);
    }

    private static RoomRecord Forked(string id, string sourceId, int turnIndex, string draft = "")
    {
        var room = Room(id, draft);
        room.ForkedFrom = new ForkOriginRecord { RoomId = sourceId, TurnIndex = turnIndex };
        return room;
    }
}
