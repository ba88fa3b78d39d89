using RelayNovel.Tests.Infrastructure;
using RelayNovel.Web.Rooms;

namespace RelayNovel.Tests.Rooms;

/// <summary>One rule for an over-long draft wherever it comes from: refused with TooLong, as the API always did, never cut.</summary>
public sealed class DraftLimitTests : IAsyncLifetime
{
    private readonly RelayNovelAppFactory _app = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task UpdateDraft_OverTwiceTheTurnLimit_RefusedAsTooLongAndTheDraftKept()
    {
        var rooms = _app.Rooms;
        var room = await RoomSetup.CreateAsync(rooms, new RoomSettings("초안", MaxTurnChars: 10), "민지", "서준");
        await rooms.UpdateDraftAsync(room.Id, room.KeyOf(0), "짧은 초안");

        var refused = await Assert.ThrowsAsync<RoomException>(() => rooms.UpdateDraftAsync(room.Id, room.KeyOf(0), new string('가', 21)));

        Assert.Equal(RoomErrorCode.TooLong, refused.Code);
        Assert.Equal("짧은 초안", (await rooms.GetAsync(room.Id))!.CurrentDraft);
    }
}
