using System.Net;
using System.Net.Http.Json;
using RelayNovel.Tests.Infrastructure;
using RelayNovel.Web.Rooms;

namespace RelayNovel.Tests.Rooms;

/// <summary>
/// Max tokens against the model's context (the tiny test model reads 256 tokens, so a room may ask for at most 128),
/// and an AI turn skipped because the settings can't be served: a notice pages can word, and a retry.
/// </summary>
public sealed class AiMaxTokensTests : AiRoomTestBase
{
    [Fact]
    public async Task CreateAsync_MaxTokensAboveHalfTheContext_RefusedNamingTheLimit()
    {
        var refused = await Assert.ThrowsAsync<RoomException>(() =>
            Rooms.CreateAsync(new RoomSettings("큰 요청", Ai: new AiSettings(MaxTokens: 200))));

        Assert.Equal(RoomErrorCode.InvalidSettings, refused.Code);
        Assert.Contains("1 to 128", refused.Message, StringComparison.Ordinal);
        Assert.Equal(128, Rooms.MaxAiTokens);
    }

    [Fact]
    public async Task ImportAsync_StoryWrittenWithALargerModel_ImportsWithTheAiAskingAtMostThisModelsLimit()
    {
        var created = await Rooms.ImportAsync(new RoomSettings("큰 모델로 쓴 이야기", Ai: new AiSettings(MaxTokens: 512)), []);

        Assert.Equal(128, (await Rooms.GetAsync(created.RoomId))!.Settings.Ai!.MaxTokens);
    }

    [Fact]
    public async Task PostRooms_MaxTokensAboveHalfTheContext_Returns400ProblemNamingTheLimit()
    {
        using var client = App.CreateClient();

        var response = await client.PostAsJsonAsync("/api/rooms", new { title = "큰 요청", ai = new { maxTokens = 200 } });

        var problem = await ApiAssert.ProblemAsync(response, HttpStatusCode.BadRequest, "InvalidSettings");
        Assert.Contains("128", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task UpdateSettingsAsync_MaxTokensAboveHalfTheContext_RefusedAndNothingChanges()
    {
        var room = await AiRoom.CreateAsync(Rooms, ownerSeated: false, QuickAi, "민지");

        var refused = await Assert.ThrowsAsync<RoomException>(() => Rooms.UpdateSettingsAsync(room.Id, room.OwnerKey,
            new RoomSettings("투표 방", SeatPlan: [SeatKind.Human, SeatKind.Ai], Ai: QuickAi with { MaxTokens = 129 })));

        Assert.Equal(RoomErrorCode.InvalidSettings, refused.Code);
        Assert.Equal(QuickAi.MaxTokens, (await Rooms.GetAsync(room.Id))!.Settings.Ai!.MaxTokens);
    }

    [Fact]
    public async Task AiTurn_PremiseTooLongForTheModel_SkippedWithAShortfallAndRetriedOnceFixed()
    {
        var premise = string.Concat(Enumerable.Repeat("비 오는 밤, 낡은 서점의 주인은 오래된 편지를 찾았다. ", 40));
        var created = await Rooms.CreateAsync(new RoomSettings("긴 전제", premise, SeatPlan: [SeatKind.Human, SeatKind.Ai], TurnTimerSeconds: 0, Ai: QuickAi));
        var writer = await Rooms.JoinAsync(created.RoomId, "민지", 0, spectate: false);
        await using var page = await Rooms.ConnectAsync(created.RoomId, writer.ParticipantKey);
        using var log = await RoomEventLog.StartAsync(App.Broadcaster, created.RoomId);

        await Rooms.SubmitTurnAsync(created.RoomId, writer.ParticipantKey, "첫 문장.", null);
        var skipped = await log.WaitForAsync<TurnCommitted>(t => t.Turn.SeatIndex == 1, Patience);

        Assert.Equal(TurnKind.Skipped, skipped.Turn.Kind);
        var snapshot = (await Rooms.GetAsync(created.RoomId))!;
        Assert.Equal(new AiContextShortfall(QuickAi.MaxTokens, 256, 128), snapshot.AiShortfall);
        Assert.Equal(skipped.Turn.Index, snapshot.RetryableTurnIndex);

        await Rooms.UpdateSettingsAsync(created.RoomId, created.OwnerKey,
            new RoomSettings("긴 전제", "짧은 전제.", SeatPlan: [SeatKind.Human, SeatKind.Ai], TurnTimerSeconds: 0, Ai: QuickAi));
        Assert.Null((await Rooms.GetAsync(created.RoomId))!.AiShortfall);
        Assert.Null((await Rooms.GetAsync(created.RoomId))!.LastAiMessage);
        await Rooms.RetryAiAsync(created.RoomId, writer.ParticipantKey);
        var written = await log.WaitForAsync<TurnCommitted>(t => t.Turn.SeatIndex == 1 && t.Turn.Kind == TurnKind.Ai, Patience);

        Assert.Equal(skipped.Turn.Index, written.Turn.Index);
        Assert.Equal(2, (await Rooms.GetAsync(created.RoomId))!.Turns.Count);
    }

    [Fact]
    public async Task Snapshot_AfterTheAiTurnEnds_KeepsItsContextMeter()
    {
        var room = await AiRoom.CreateAsync(Rooms, ownerSeated: false, QuickAi, "민지");
        await using var page = await Rooms.ConnectAsync(room.Id, room.Keys[0]);
        using var log = await RoomEventLog.StartAsync(App.Broadcaster, room.Id);

        await room.WriteUpToTheAiAsync(Rooms);
        await log.WaitForAsync<TurnCommitted>(t => t.Turn.SeatIndex == room.AiSeat, Patience);

        var snapshot = (await Rooms.GetAsync(room.Id))!;
        Assert.Null(snapshot.AiStream);
        Assert.NotNull(snapshot.LastAiContext?.Memory);
        Assert.Equal(256, snapshot.LastAiContext!.ContextWindowTokens);
        Assert.NotNull((await Rooms.GetPromptTextAsync(room.Id, room.OwnerKey)));
    }
}
