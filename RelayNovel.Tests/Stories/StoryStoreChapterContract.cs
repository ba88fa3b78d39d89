using RelayNovel.Web.Stories;

namespace RelayNovel.Tests.Stories;

/// <summary>Issue 15: chapter marks are part of the stored room, in every <see cref="IStoryStore"/>: created, changed, reopened.</summary>
public abstract class StoryStoreChapterContract : StoryStoreContractBase
{
    [Fact]
    public async Task Save_ChapterMarksTitledUntitledAndRemoved_LoadExactlyAfterReopening()
    {
        var store = Open();
        var id = "room-chapters-01";
        var created = Room(id);
        created.Chapters = [new ChapterMarkRecord { TurnIndex = 0, Title = "1장: 비 오는 밤" }];
        await store.CreateAsync(created, [Turn(id, 0), Turn(id, 1)]);
        var changed = Room(id);
        changed.Chapters = [new ChapterMarkRecord { TurnIndex = 0, Title = null }, new ChapterMarkRecord { TurnIndex = 1, Title = "  <둘째> \"장\" " }];

        await store.SaveAsync(new RoomChange(id, 1) { Room = changed });
        var reopened = Reopen(store);
        var loaded = (await reopened.LoadAsync(id))!;

        Assert.Equal(Json(changed.Chapters), Json(loaded.Room.Chapters));
        Assert.Equal([(0, (string?)null), (1, "  <둘째> \"장\" ")], loaded.Room.Chapters.Select(c => (c.TurnIndex, c.Title)));

        changed.Chapters = [];
        await reopened.SaveAsync(new RoomChange(id, 2) { Room = changed });
        Assert.Empty((await reopened.LoadAsync(id))!.Room.Chapters);
    }
}
