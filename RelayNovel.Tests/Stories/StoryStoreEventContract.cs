using RelayNovel.Web.Stories;

namespace RelayNovel.Tests.Stories;

/// <summary>
/// Issue 13: what any <see cref="IStoryStore"/> must do with a room's event log — events continue the room's
/// numbering with no gap and no repeat (a break is refused with nothing written), and a feed reads them back after
/// any number, in order, a page at a time, one room's only.
/// </summary>
public abstract class StoryStoreEventContract : StoryStoreContractBase
{
    [Fact]
    public async Task ReadEvents_AfterASeqWithAMax_ReturnsTheNextOnesInOrder()
    {
        var store = Open();
        var id = "room-events-001";
        await CreateLoadedAsync(store, id);
        await store.SaveAsync(new RoomChange(id, 1) { AppendEvents = [Event(1), Event(2)] });
        await store.SaveAsync(new RoomChange(id, 2) { AppendEvents = [Event(3), Event(4), Event(5)] });

        var all = await store.ReadEventsAsync(id, 0, 100);
        var page = await store.ReadEventsAsync(id, 2, 2);

        Assert.Equal(Json(Enumerable.Range(1, 5).Select(i => Event(i))), Json(all));
        Assert.Equal([3L, 4L], page.Select(e => e.Seq));
        Assert.Empty(await store.ReadEventsAsync(id, 5, 100));
        Assert.Equal(5L, (await store.LoadAsync(id))!.LastEventSeq);
    }

    [Fact]
    public async Task ReadEvents_PastTenEvents_KeepsNumericOrder()
    {
        var store = Open();
        var id = "room-events-002";
        await CreateLoadedAsync(store, id);
        await store.SaveAsync(new RoomChange(id, 1) { AppendEvents = [.. Enumerable.Range(1, 120).Select(i => Event(i))] });

        var read = await store.ReadEventsAsync(id, 8, 100);

        Assert.Equal(Enumerable.Range(9, 100).Select(i => (long)i), read.Select(e => e.Seq));
    }

    [Fact]
    public async Task ReadEvents_RoomsWithSimilarIds_ReadOnlyTheirOwn()
    {
        var store = Open();
        await CreateLoadedAsync(store, "room-a");
        await CreateLoadedAsync(store, "room-ab");
        await store.SaveAsync(new RoomChange("room-a", 1) { AppendEvents = [Event(1)] });
        await store.SaveAsync(new RoomChange("room-ab", 1) { AppendEvents = [Event(1), Event(2)] });

        Assert.Single(await store.ReadEventsAsync("room-a", 0, 10));
        Assert.Equal(2, (await store.ReadEventsAsync("room-ab", 0, 10)).Count);
        Assert.Empty(await store.ReadEventsAsync("room-unknown", 0, 10));
    }

    [Theory]
    [InlineData(2)]   // repeats the last stored event
    [InlineData(4)]   // skips event 3
    [InlineData(0)]
    public async Task Save_EventsThatDoNotContinueTheSequence_ThrowAndWriteNothing(long firstSeq)
    {
        var store = Open();
        var id = "room-seqbug-001";
        await CreateLoadedAsync(store, id);
        await store.SaveAsync(new RoomChange(id, 1) { AppendEvents = [Event(1), Event(2)] });
        var before = Json(await store.LoadAsync(id));

        await Assert.ThrowsAsync<InvalidOperationException>(() => store.SaveAsync(new RoomChange(id, 2)
        {
            AppendTurns = [Turn(id, 1)], AppendEvents = [Event(firstSeq), Event(firstSeq + 1)],
        }));

        Assert.Equal(before, Json(await store.LoadAsync(id)));
        Assert.Equal([1L, 2L], (await store.ReadEventsAsync(id, 0, 10)).Select(e => e.Seq));
    }

    [Fact]
    public async Task Save_EventsWithAGapInsideOneChange_ThrowAndWriteNothing()
    {
        var store = Open();
        var id = "room-seqbug-002";
        await CreateLoadedAsync(store, id);

        await Assert.ThrowsAsync<InvalidOperationException>(() => store.SaveAsync(new RoomChange(id, 1) { AppendEvents = [Event(1), Event(3)] }));

        Assert.Empty(await store.ReadEventsAsync(id, 0, 10));
        Assert.Equal((1L, 0L), ((await store.LoadAsync(id))!.Version, (await store.LoadAsync(id))!.LastEventSeq));
    }
}
