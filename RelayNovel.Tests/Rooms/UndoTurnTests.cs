using Microsoft.Extensions.DependencyInjection;
using RelayNovel.Tests.Infrastructure;
using RelayNovel.Web.Rooms;
using RelayNovel.Web.Stories.LiteDb;
using RelayNovel.Web.Stories;

namespace RelayNovel.Tests.Rooms;

/// <summary>Per-author undo: who may take a turn back, when it is refused, and what the room looks like afterwards.</summary>
public sealed class UndoTurnTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task Undo_ByTheAuthorBeforeAnyoneWrites_WithdrawsTheTurnAndGivesTheBatonAndTextBack()
    {
        await using var app = new RelayNovelAppFactory();
        var room = await RoomSetup.CreateAsync(app.Rooms, null, "민지", "서준");
        using var log = await RoomEventLog.StartAsync(app.Broadcaster, room.Id);
        var turn = await app.Rooms.SubmitTurnAsync(room.Id, room.KeyOf(0), "첫 문장.", "s-1");
        var offered = (await app.Rooms.GetAsync(room.Id))!.UndoableTurnIndex;

        var withdrawn = await app.Rooms.UndoTurnAsync(room.Id, room.KeyOf(0));

        var announced = await log.WaitForAsync<TurnWithdrawn>(timeout: Patience);
        var snapshot = (await app.Rooms.GetAsync(room.Id))!;
        Assert.Equal(turn.Index, offered);
        Assert.True(withdrawn.Withdrawn);
        Assert.Equal(withdrawn, announced.Turn);
        Assert.Equal(withdrawn, Assert.Single(snapshot.Turns));
        Assert.False(snapshot.Turns[0].IsStory);
        Assert.Equal(0, snapshot.BatonSeatIndex);
        Assert.Equal("첫 문장.", snapshot.CurrentDraft);
        Assert.Null(snapshot.UndoableTurnIndex);
        Assert.True((await app.Store.StoredTurnAsync(room.Id, 0)).Withdrawn);
        // Sent again (even with the old submission id) it is a new turn after the withdrawn one.
        var rewritten = await app.Rooms.SubmitTurnAsync(room.Id, room.KeyOf(0), "고친 첫 문장.", "s-1");
        Assert.Equal((1, false), (rewritten.Index, rewritten.Withdrawn));
        Assert.Equal(1, (await app.Rooms.GetAsync(room.Id))!.BatonSeatIndex);
    }

    [Fact]
    public async Task Undo_BySomeoneElseOrTheOwner_IsForbidden()
    {
        await using var app = new RelayNovelAppFactory();
        var room = await RoomSetup.CreateAsync(app.Rooms, null, "민지", "서준");
        var watcher = await app.Rooms.JoinAsync(room.Id, "구경꾼", null, spectate: true);
        await app.Rooms.SubmitTurnAsync(room.Id, room.KeyOf(0), "첫 문장.", null);

        var other = await Assert.ThrowsAsync<RoomException>(() => app.Rooms.UndoTurnAsync(room.Id, room.KeyOf(1)));
        var owner = await Assert.ThrowsAsync<RoomException>(() => app.Rooms.UndoTurnAsync(room.Id, room.Room.OwnerKey));
        var spectator = await Assert.ThrowsAsync<RoomException>(() => app.Rooms.UndoTurnAsync(room.Id, watcher.ParticipantKey));

        Assert.All([other, owner, spectator], e => Assert.Equal(RoomErrorCode.Forbidden, e.Code));
        Assert.False((await app.Rooms.GetAsync(room.Id))!.Turns[0].Withdrawn);
        Assert.Equal(1, (await app.Rooms.GetAsync(room.Id))!.BatonSeatIndex);
    }

    [Fact]
    public async Task Undo_AfterTheNextWriterTypedOrWrote_IsTooLateOrNotTheirs()
    {
        await using var app = new RelayNovelAppFactory();
        var room = await RoomSetup.CreateAsync(app.Rooms, null, "민지", "서준");
        await app.Rooms.SubmitTurnAsync(room.Id, room.KeyOf(0), "첫 문장.", null);
        await app.Rooms.UpdateDraftAsync(room.Id, room.KeyOf(1), "이어서");

        var typed = await Assert.ThrowsAsync<RoomException>(() => app.Rooms.UndoTurnAsync(room.Id, room.KeyOf(0)));
        await app.Rooms.SubmitTurnAsync(room.Id, room.KeyOf(1), "이어서 쓴 문장.", null);
        var written = await Assert.ThrowsAsync<RoomException>(() => app.Rooms.UndoTurnAsync(room.Id, room.KeyOf(0)));

        Assert.Equal(RoomErrorCode.TooLate, typed.Code);
        Assert.Equal(RoomErrorCode.Forbidden, written.Code);
        Assert.All((await app.Rooms.GetAsync(room.Id))!.Turns, t => Assert.False(t.Withdrawn));
    }

    [Fact]
    public async Task Undo_Twice_SecondIsTooLate()
    {
        await using var app = new RelayNovelAppFactory();
        var room = await RoomSetup.CreateAsync(app.Rooms, null, "민지", "서준");
        await app.Rooms.SubmitTurnAsync(room.Id, room.KeyOf(0), "첫 문장.", null);
        await app.Rooms.UndoTurnAsync(room.Id, room.KeyOf(0));

        var again = await Assert.ThrowsAsync<RoomException>(() => app.Rooms.UndoTurnAsync(room.Id, room.KeyOf(0)));

        Assert.Equal(RoomErrorCode.TooLate, again.Code);
    }

    [Fact]
    public async Task Undo_WhileTheAiAfterItWaitsInTheQueue_DropsTheRequestAndWithdraws()
    {
        await using var app = RelayNovelAppFactory.WithModel(TestModels.TinyModelPath);
        var room = await AiRoom.CreateAsync(app.Rooms, ownerSeated: false, new AiSettings(MaxTokens: 8), "민지");
        await using var page = await app.Rooms.ConnectAsync(room.Id, room.Keys[0]);
        using var blocker = await QueueBlocker.HoldAsync(app);
        await room.WriteUpToTheAiAsync(app.Rooms);
        var queue = app.Services.GetRequiredService<RelayNovel.Inference.Scheduling.BatchScheduler>();
        var queued = await AiWaits.QueuedAsync(app.Rooms, queue, room.Id);

        await app.Rooms.UndoTurnAsync(room.Id, room.Keys[0]);
        await AiWaits.LeftTheQueueAsync(queue);

        var snapshot = (await app.Rooms.GetAsync(room.Id))!;
        Assert.Equal(AiStreamState.Queued, queued?.State);
        Assert.Null(snapshot.AiStream);
        Assert.Equal(0, snapshot.BatonSeatIndex);
        Assert.Equal(0, app.Services.GetRequiredService<RelayNovel.Inference.Scheduling.BatchScheduler>().Waiting);
    }

    [Fact]
    public async Task Undo_OnceTheAiShowedText_IsTooLate()
    {
        await using var app = RelayNovelAppFactory.WithModel(TestModels.TinyModelPath);
        var slow = new AiSettings(MaxTokens: 128, EndAtSentence: false, Pace: AiPace.Natural);
        var room = await AiRoom.CreateAsync(app.Rooms, ownerSeated: false, slow, "민지");
        await using var page = await app.Rooms.ConnectAsync(room.Id, room.Keys[0]);
        using var log = await RoomEventLog.StartAsync(app.Broadcaster, room.Id);
        await room.WriteUpToTheAiAsync(app.Rooms);
        await log.WaitForAsync<AiProgress>(p => p.Stream.VisibleText.Length > 0, Patience);

        var late = await Assert.ThrowsAsync<RoomException>(() => app.Rooms.UndoTurnAsync(room.Id, room.Keys[0]));

        Assert.Equal(RoomErrorCode.TooLate, late.Code);
        Assert.NotNull((await app.Rooms.GetAsync(room.Id))!.AiStream);
        await app.Rooms.StopAiAsync(room.Id, room.Keys[0]);
    }

    [Fact]
    public async Task Undo_WithdrawnText_IsLeftOutOfTheAisPrompt()
    {
        await using var app = RelayNovelAppFactory.WithModel(TestModels.TinyModelPath);
        var room = await AiRoom.CreateAsync(app.Rooms, ownerSeated: false, new AiSettings(MaxTokens: 4, Pace: AiPace.AsGenerated), "민지");
        await using var page = await app.Rooms.ConnectAsync(room.Id, room.Keys[0]);
        using var log = await RoomEventLog.StartAsync(app.Broadcaster, room.Id);
        using (var blocker = await QueueBlocker.HoldAsync(app))
        {
            await app.Rooms.SubmitTurnAsync(room.Id, room.Keys[0], "zebra", null);
            await app.Rooms.UndoTurnAsync(room.Id, room.Keys[0]);
            await app.Rooms.SubmitTurnAsync(room.Id, room.Keys[0], "otter", null);
        }
        await log.WaitForAsync<TurnCommitted>(t => t.Turn.SeatIndex == room.AiSeat, Patience);

        var prompt = (await app.Rooms.GetPromptTextAsync(room.Id, room.OwnerKey));

        Assert.Contains("otter", prompt);
        Assert.DoesNotContain("zebra", prompt);
    }
}
