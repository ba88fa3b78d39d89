using RelayNovel.Web.Stories;

namespace RelayNovel.Tests.Stories;

/// <summary>
/// Issue 13: what any <see cref="IStoryStore"/> must do with rooms, turns and draft snapshots — exact text, versions
/// that refuse a stale save with nothing written, appended and rewritten turns, imports all or nothing, durability.
/// Events are in <see cref="StoryStoreEventContract"/>.
/// </summary>
public abstract class StoryStoreContract : StoryStoreContractBase
{
    [Fact]
    public async Task Create_RoomWithKoreanEmptyAndSpacedText_LoadsExactlyAtVersionOne()
    {
        var store = Open();
        var room = Room("room-text-0001");
        var turn = Turn(room.Id, 0, text: "");

        await store.CreateAsync(room, [turn]);
        var loaded = (await store.LoadAsync(room.Id))!;

        Assert.Equal((1L, 0L), (loaded.Version, loaded.LastEventSeq));
        Assert.Equal(Json(room), Json(loaded.Room));
        Assert.Equal(Json(turn), Json(Assert.Single(loaded.Turns)));
        Assert.Equal(("쓰다 만 문장 ", "  들여쓴 전제\n", ""), (loaded.Room.Draft, loaded.Room.Settings.Premise, loaded.Turns[0].Text));
    }

    [Fact]
    public async Task Load_UnknownRoom_ReturnsNull()
    {
        var store = Open();
        await store.CreateAsync(Room("room-known-0001"), []);

        Assert.Null(await store.LoadAsync("room-unknown-01"));
    }

    [Fact]
    public async Task Save_EmptyChanges_IncrementTheVersionOneByOne()
    {
        var store = Open();
        var room = await CreateLoadedAsync(store, "room-version-01");

        var second = await store.SaveAsync(new RoomChange(room.Room.Id, 1));
        var third = await store.SaveAsync(new RoomChange(room.Room.Id, second));

        Assert.Equal((2L, 3L), (second, third));
        Assert.Equal(3L, (await store.LoadAsync(room.Room.Id))!.Version);
    }

    [Fact]
    public async Task Save_StaleVersion_ThrowsConflictAndWritesNothing()
    {
        var store = Open();
        var id = "room-stale-0001";
        var before = await CreateLoadedAsync(store, id);
        await store.SaveAsync(new RoomChange(id, 1) { AppendDraftSnapshots = [Snapshot(5, "첫")] });
        var current = (await store.LoadAsync(id))!;
        var stale = new RoomChange(id, before.Version)
        {
            Room = Room(id, draft: "덮어쓰면 안 됨"), AppendTurns = [Turn(id, 1)], ReplaceTurns = [Turn(id, 0, "바뀜")],
            ClearDraftSnapshots = true, AppendDraftSnapshots = [Snapshot(9, "안 됨")], AppendEvents = [Event(1)],
        };

        var conflict = await Assert.ThrowsAsync<StoreConflictException>(() => store.SaveAsync(stale));

        Assert.Equal((id, 1L, 2L), (conflict.RoomId, conflict.Expected, conflict.Actual));
        Assert.Equal(Json(current), Json(await store.LoadAsync(id)));
        Assert.Empty(await store.ReadEventsAsync(id, 0, 10));
    }

    [Fact]
    public async Task Save_TurnsAppendedReplacedAndRemoved_LoadShowsThemInIndexOrder()
    {
        var store = Open();
        var id = "room-turns-0001";
        await CreateLoadedAsync(store, id);
        await store.SaveAsync(new RoomChange(id, 1) { AppendTurns = [Turn(id, 2, "셋"), Turn(id, 1, "둘")] });
        var withdrawn = Turn(id, 1, "둘");
        withdrawn.Withdrawn = true;
        withdrawn.WithdrawnAtMs = 42;

        await store.SaveAsync(new RoomChange(id, 2) { ReplaceTurns = [withdrawn], RemoveTurns = [2] });
        var loaded = (await store.LoadAsync(id))!;

        Assert.Equal([0, 1], loaded.Turns.Select(t => t.Index));
        Assert.Equal(Json(withdrawn), Json(loaded.Turns[1]));
    }

    [Fact]
    public async Task Save_TurnAlreadyStoredOrMissing_ThrowsAndWritesNothing()
    {
        var store = Open();
        var id = "room-turnbug-01";
        await CreateLoadedAsync(store, id);
        var before = Json(await store.LoadAsync(id));

        await Assert.ThrowsAsync<InvalidOperationException>(() => store.SaveAsync(new RoomChange(id, 1)
        {
            AppendTurns = [Turn(id, 1), Turn(id, 0)], AppendEvents = [Event(1)], AppendDraftSnapshots = [Snapshot(1, "가")],
        }));
        await Assert.ThrowsAsync<InvalidOperationException>(() => store.SaveAsync(new RoomChange(id, 1)
        {
            Room = Room(id, "바뀜"), ReplaceTurns = [Turn(id, 7)],
        }));
        await Assert.ThrowsAsync<InvalidOperationException>(() => store.SaveAsync(new RoomChange(id, 1) { RemoveTurns = [0, 5] }));

        Assert.Equal(before, Json(await store.LoadAsync(id)));
        Assert.Empty(await store.ReadEventsAsync(id, 0, 10));
    }

    [Fact]
    public async Task Save_NewRoomState_ReplacesTheRoomButKeepsItsStoredSnapshots()
    {
        var store = Open();
        var id = "room-state-0001";
        await CreateLoadedAsync(store, id);
        await store.SaveAsync(new RoomChange(id, 1) { AppendDraftSnapshots = [Snapshot(3, "비")] });
        var next = Room(id, draft: "비가 ");
        next.BatonSeat = 0;
        next.DraftSnapshots = [Snapshot(999, "저장되지 않음")];   // the change's snapshots are the appended ones

        await store.SaveAsync(new RoomChange(id, 2) { Room = next });
        var loaded = (await store.LoadAsync(id))!;

        Assert.Equal(("비가 ", 0), (loaded.Room.Draft, loaded.Room.BatonSeat));
        Assert.Equal([(3L, "비")], loaded.Room.DraftSnapshots.Select(s => (s.OffsetMs, s.Text)));
    }

    [Fact]
    public async Task Save_DraftSnapshots_AppendedInOrderSameOffsetReplacedAndClearedWhenTheBatonMoves()
    {
        var store = Open();
        var id = "room-drafts-001";
        await CreateLoadedAsync(store, id);
        await store.SaveAsync(new RoomChange(id, 1) { AppendDraftSnapshots = [Snapshot(100, "비"), Snapshot(200, "비가")] });
        await store.SaveAsync(new RoomChange(id, 2) { AppendDraftSnapshots = [Snapshot(200, "비가 "), Snapshot(300, "비가 온")] });

        var typed = (await store.LoadAsync(id))!.Room.DraftSnapshots;
        await store.SaveAsync(new RoomChange(id, 3) { ClearDraftSnapshots = true, AppendDraftSnapshots = [Snapshot(0, "")] });
        var cleared = (await store.LoadAsync(id))!.Room.DraftSnapshots;

        Assert.Equal([(100L, "비"), (200L, "비가 "), (300L, "비가 온")], typed.Select(s => (s.OffsetMs, s.Text)));
        Assert.Equal([(0L, "")], cleared.Select(s => (s.OffsetMs, s.Text)));
    }

    [Fact]
    public async Task Save_ALongTurnsSnapshots_LoadWithinTheBudgetKeepingTheWholeSpan()
    {
        var store = Open();
        var id = "room-longdraft1";
        var version = (await CreateLoadedAsync(store, id)).Version;
        var total = (StoryLimits.MaxDraftSnapshots * 3) + 7;
        for (var batch = 0; batch * 250 < total; batch++)
        {
            var snapshots = Enumerable.Range(batch * 250, Math.Min(250, total - (batch * 250)))
                .Select(i => Snapshot(i * 10L, new string('가', (i % 50) + 1))).ToList();
            version = await store.SaveAsync(new RoomChange(id, version) { AppendDraftSnapshots = snapshots });
        }

        var loaded = (await store.LoadAsync(id))!.Room.DraftSnapshots;

        Assert.True(DraftSnapshotBudget.Fits(loaded), $"{loaded.Count} snapshots loaded");
        Assert.Equal((0L, (total - 1) * 10L), (loaded[0].OffsetMs, loaded[^1].OffsetMs));
        Assert.Equal(loaded.OrderBy(s => s.OffsetMs).Select(s => s.OffsetMs), loaded.Select(s => s.OffsetMs));
    }

    [Fact]
    public async Task Create_ImportWithABadTurnOrAnExistingId_ThrowsAndAddsNothing()
    {
        var store = Open();
        var id = "room-import-001";
        var foreign = Turn("room-other-0001", 1);

        await Assert.ThrowsAsync<ArgumentException>(() => store.CreateAsync(Room(id), [Turn(id, 0), foreign]));
        await Assert.ThrowsAsync<ArgumentException>(() => store.CreateAsync(Room(id), [Turn(id, 0), Turn(id, 0)]));
        Assert.Null(await store.LoadAsync(id));

        await store.CreateAsync(Room(id, draft: "원래"), [Turn(id, 0)]);
        await Assert.ThrowsAsync<InvalidOperationException>(() => store.CreateAsync(Room(id, draft: "덮어씀"), [Turn(id, 0), Turn(id, 1)]));
        var stored = (await store.LoadAsync(id))!;
        Assert.Equal(("원래", 1, 1L), (stored.Room.Draft, stored.Turns.Count, stored.Version));
    }

    [Fact]
    public async Task Save_TwoTasksAtTheSameVersion_ExactlyOneWinsEachRound()
    {
        var store = Open();
        var id = "room-racing-001";
        var version = (await CreateLoadedAsync(store, id)).Version;
        const int rounds = 20;
        for (var round = 0; round < rounds; round++)
        {
            var at = version;
            var results = await Task.WhenAll(Enumerable.Range(0, 2).Select(writer => Task.Run(async () =>
            {
                try
                {
                    return await store.SaveAsync(new RoomChange(id, at) { AppendDraftSnapshots = [Snapshot((round * 10) + writer, $"{writer}")] });
                }
                catch (StoreConflictException)
                {
                    return -1L;
                }
            })));

            Assert.Equal([-1L, at + 1], results.Order());
            version = at + 1;
        }

        var loaded = (await store.LoadAsync(id))!;
        Assert.Equal((1L + rounds, rounds), (loaded.Version, loaded.Room.DraftSnapshots.Count));
    }

    [Fact]
    public async Task Reopen_AfterSaves_LoadsTheSameRoomTurnsSnapshotsAndEvents()
    {
        var store = Open();
        var id = "room-durable-01";
        await CreateLoadedAsync(store, id);
        await store.SaveAsync(new RoomChange(id, 1)
        {
            Room = Room(id, draft: "다시 열어도 "), AppendTurns = [Turn(id, 1, "")], AppendDraftSnapshots = [Snapshot(7, " 공백 ")], AppendEvents = [Event(1), Event(2)],
        });
        var before = await store.LoadAsync(id);

        var reopened = Reopen(store);

        Assert.Equal(Json(before), Json(await reopened.LoadAsync(id)));
        Assert.Equal([1L, 2L], (await reopened.ReadEventsAsync(id, 0, 10)).Select(e => e.Seq));
    }

    [Fact]
    public async Task Size_AfterStoringALongStory_Grows()
    {
        var store = Open();
        await store.CreateAsync(Room("room-size-00001"), []);
        var empty = await store.SizeAsync();
        var turns = Enumerable.Range(0, 20).Select(i => Turn("room-size-00002", i, new string('말', 5_000))).ToList();

        await store.CreateAsync(Room("room-size-00002"), turns);

        Assert.True(await store.SizeAsync() > empty + 100_000, $"{empty} -> {await store.SizeAsync()}");
        Assert.True(store.SizeOf(turns[0]) > 10_000);
    }
}
