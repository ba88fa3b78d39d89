using Bunit;
using RelayNovel.Tests.Infrastructure;
using RelayNovel.Tests.Rooms;
using RelayNovel.Web.Rooms;

namespace RelayNovel.Tests.Components;

/// <summary>The room page offers retry exactly where the room's one retry rule accepts it (the snapshot's permissions).</summary>
public sealed class RoomPageRetryTests
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task RoomPage_OwnerKeyBesideANonOwnerSeat_RetryOfferedAndAccepted()
    {
        // 민지 sits without the owner's rights but her browser also holds the owner key: the page offers retry as the
        // owner's, so it must ask as the owner too (it used to send 민지's own key and be refused).
        await using var app = RelayNovelAppFactory.WithModel(TestModels.TinyModelPath);
        var room = await AiRoom.CreateAsync(app.Rooms, ownerSeated: false,
            new AiSettings(MaxTokens: 4, EndAtSentence: false, Pace: AiPace.AsGenerated), "민지", "서준");
        await using var page = await app.Rooms.ConnectAsync(room.Id, room.Keys[0]);
        using var log = await RoomEventLog.StartAsync(app.Broadcaster, room.Id);
        await room.WriteUpToTheAiAsync(app.Rooms);
        await log.WaitForAsync<TurnCommitted>(t => t.Turn.SeatIndex == room.AiSeat, Wait);
        await using var ctx = UiTestContext.Create(app);

        var cut = await RoomPageHost.RenderAsAsync(ctx, room.Id, room.Keys[0], room.OwnerKey);
        cut.WaitForAssertion(() => Assert.NotNull(cut.Find("[data-testid=retry-ai]")), Wait);
        cut.Find("[data-testid=retry-ai]").Click();

        await log.WaitForAsync<TurnReopened>(_ => true, Wait);
        Assert.Empty(cut.FindAll("[data-testid=ai-error]"));
    }
}
