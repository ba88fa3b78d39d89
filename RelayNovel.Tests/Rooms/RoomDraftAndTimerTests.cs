using RelayNovel.Tests.Infrastructure;
using RelayNovel.Web.Rooms;
using RelayNovel.Web.Rooms.Grains;

namespace RelayNovel.Tests.Rooms;

public sealed class RoomDraftAndTimerTests : IAsyncLifetime
{
    private readonly RelayNovelAppFactory _app = new();

    private RoomClient Rooms => _app.Rooms;

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task UpdateDraft_ByTheHolder_ReachesOtherPagesAndShowsTyping()
    {
        var room = await RoomSetup.CreateAsync(Rooms, null, "민지", "서준");
        using var log = await RoomEventLog.StartAsync(_app.Broadcaster, room.Id);

        await Rooms.UpdateDraftAsync(room.Id, room.KeyOf(0), "안");
        await Rooms.UpdateDraftAsync(room.Id, room.KeyOf(0), "안녕");
        var latest = await log.WaitForAsync<DraftChanged>(d => d.Text == "안녕");

        Assert.Equal(0, latest.SeatIndex);
        var snapshot = (await Rooms.GetAsync(room.Id))!;
        Assert.Equal("안녕", snapshot.CurrentDraft);
        Assert.True(snapshot.Seats[0].IsTyping);
        Assert.False(snapshot.Seats[1].IsTyping);
    }

    [Fact]
    public async Task UpdateDraft_FromAnotherSeat_IsIgnored()
    {
        var room = await RoomSetup.CreateAsync(Rooms, null, "민지", "서준");

        await Rooms.UpdateDraftAsync(room.Id, room.KeyOf(1), "끼어들기");

        Assert.Equal("", (await Rooms.GetAsync(room.Id))!.CurrentDraft);
    }

    [Fact]
    public async Task UpdateDraft_ManyKeystrokes_FanOutIsThrottledButTheLastOneArrives()
    {
        var room = await RoomSetup.CreateAsync(Rooms, null, "민지");
        using var log = await RoomEventLog.StartAsync(_app.Broadcaster, room.Id);
        const string sentence = "가나다라마바사아자차카타파하가나다라마바사아자차카타파하";

        for (var i = 1; i <= sentence.Length; i++)
        {
            await Rooms.UpdateDraftAsync(room.Id, room.KeyOf(0), sentence[..i]);
        }
        await log.WaitForAsync<DraftChanged>(d => d.Text == sentence);

        var drafts = log.Seen.OfType<DraftChanged>().Count();
        Assert.InRange(drafts, 1, sentence.Length - 1);
    }

    [Fact]
    public async Task TurnTimer_RunsOut_PassesTheBatonAndKeepsTheDraftAsASkippedTurn()
    {
        var room = await RoomSetup.CreateAsync(Rooms, new RoomSettings("빨리", TurnTimerSeconds: 1), "민지", "서준");
        await using var page = await Rooms.ConnectAsync(room.Id, room.KeyOf(0));
        using var log = await RoomEventLog.StartAsync(_app.Broadcaster, room.Id);
        Assert.NotNull((await Rooms.GetAsync(room.Id))!.TurnDeadline);
        await Rooms.UpdateDraftAsync(room.Id, room.KeyOf(0), "시간이 모자라");

        var committed = await log.WaitForAsync<TurnCommitted>(timeout: TimeSpan.FromSeconds(20));

        Assert.Equal((TurnKind.Skipped, "시간이 모자라", 0), (committed.Turn.Kind, committed.Turn.Text, committed.Turn.SeatIndex));
        var snapshot = (await Rooms.GetAsync(room.Id))!;
        Assert.Equal(1, snapshot.BatonSeatIndex);
        Assert.Equal("", snapshot.CurrentDraft);
    }

    [Fact]
    public async Task TurnTimer_Zero_MeansNoDeadline()
    {
        var room = await RoomSetup.CreateAsync(Rooms, new RoomSettings("느긋하게", TurnTimerSeconds: 0), "민지");

        Assert.Null((await Rooms.GetAsync(room.Id))!.TurnDeadline);
    }
}
