using Microsoft.Extensions.Time.Testing;
using RelayNovel.Tests.Infrastructure;
using RelayNovel.Web.Rooms;
using RelayNovel.Web.Rooms.Grains;

namespace RelayNovel.Tests.Rooms;

/// <summary>
/// The room clock's rules on a fake clock: a turn limit changed mid-turn, and a writer whose pages all closed.
/// The test drives the clock by advancing fake time and calling <see cref="RoomClient.TickAsync"/> (the grain's own timer beats on real time and sees the same fake time).
/// </summary>
public sealed class TurnClockTests : IAsyncLifetime
{
    private const int GraceSeconds = 30;

    private readonly FakeTimeProvider _time = new(DateTimeOffset.Parse("2026-12-01T12:00:00Z", System.Globalization.CultureInfo.InvariantCulture));
    private readonly RelayNovelAppFactory _app;

    public TurnClockTests()
    {
        _app = new RelayNovelAppFactory().UseTime(_time);
        _app.Set("RelayNovel:DisconnectGraceSeconds", GraceSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture));
    }

    private RoomClient Rooms => _app.Rooms;

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _app.DisposeAsync();

    private async Task PassAsync(string roomId, int seconds)
    {
        _time.Advance(TimeSpan.FromSeconds(seconds));
        await Rooms.TickAsync(roomId);
    }

    [Fact]
    public async Task UpdateSettings_TimerShortenedMidTurn_NewLimitCountsFromTheChange()
    {
        var room = await RoomSetup.CreateAsync(Rooms, new RoomSettings("시계", TurnTimerSeconds: 300), "민지", "서준");
        await using var page = await Rooms.ConnectAsync(room.Id, room.KeyOf(0));
        await Rooms.UpdateDraftAsync(room.Id, room.KeyOf(0), "천천히 쓰는 중");
        await PassAsync(room.Id, 200);

        await Rooms.UpdateSettingsAsync(room.Id, room.Room.OwnerKey, new RoomSettings("시계", TurnTimerSeconds: 60));
        await Rooms.TickAsync(room.Id);

        var snapshot = (await Rooms.GetAsync(room.Id))!;
        Assert.Equal(0, snapshot.BatonSeatIndex);
        Assert.Empty(snapshot.Turns);
        Assert.Equal(_time.GetUtcNow().AddSeconds(60), snapshot.TurnDeadline);
        Assert.Equal("천천히 쓰는 중", snapshot.CurrentDraft);
        await PassAsync(room.Id, 61);
        var skipped = Assert.Single((await Rooms.GetAsync(room.Id))!.Turns);
        Assert.Equal((TurnKind.Skipped, "천천히 쓰는 중"), (skipped.Kind, skipped.Text));
    }

    [Fact]
    public async Task UpdateSettings_OtherSettingChangedMidTurn_DeadlineStays()
    {
        var room = await RoomSetup.CreateAsync(Rooms, new RoomSettings("시계", TurnTimerSeconds: 300), "민지", "서준");
        await using var page = await Rooms.ConnectAsync(room.Id, room.KeyOf(0));
        var deadline = (await Rooms.GetAsync(room.Id))!.TurnDeadline;
        await PassAsync(room.Id, 100);

        await Rooms.UpdateSettingsAsync(room.Id, room.Room.OwnerKey, new RoomSettings("새 제목", TurnTimerSeconds: 300));

        Assert.Equal(deadline, (await Rooms.GetAsync(room.Id))!.TurnDeadline);
    }

    [Fact]
    public async Task Tick_HolderDisconnectedPastTheGrace_PassesTheBatonKeepingTheDraft()
    {
        var room = await RoomSetup.CreateAsync(Rooms, new RoomSettings("타이머 없음", TurnTimerSeconds: 0), "민지", "서준");
        await using var other = await Rooms.ConnectAsync(room.Id, room.KeyOf(1));
        var holder = await Rooms.ConnectAsync(room.Id, room.KeyOf(0));
        await Rooms.UpdateDraftAsync(room.Id, room.KeyOf(0), "쓰다 만 문장");
        await holder.DisposeAsync();   // tab closed, connection lost
        await Rooms.TickAsync(room.Id);

        await PassAsync(room.Id, GraceSeconds - 1);
        Assert.Equal(0, (await Rooms.GetAsync(room.Id))!.BatonSeatIndex);
        await PassAsync(room.Id, 2);

        var snapshot = (await Rooms.GetAsync(room.Id))!;
        var skipped = Assert.Single(snapshot.Turns);
        Assert.Equal((TurnKind.Skipped, "쓰다 만 문장", 0), (skipped.Kind, skipped.Text, skipped.SeatIndex));
        Assert.Equal(1, snapshot.BatonSeatIndex);
        Assert.Equal("민지", snapshot.Seats[0].Name);   // still seated: the turn passed, the seat is theirs
    }

    [Fact]
    public async Task Tick_HolderBackWithinTheGrace_KeepsTheBaton()
    {
        var room = await RoomSetup.CreateAsync(Rooms, new RoomSettings("타이머 없음", TurnTimerSeconds: 0), "민지", "서준");
        await using var other = await Rooms.ConnectAsync(room.Id, room.KeyOf(1));
        await (await Rooms.ConnectAsync(room.Id, room.KeyOf(0))).DisposeAsync();
        await Rooms.TickAsync(room.Id);
        await PassAsync(room.Id, GraceSeconds - 5);

        await using var back = await Rooms.ConnectAsync(room.Id, room.KeyOf(0));
        await PassAsync(room.Id, GraceSeconds);

        Assert.Equal(0, (await Rooms.GetAsync(room.Id))!.BatonSeatIndex);
        Assert.Empty((await Rooms.GetAsync(room.Id))!.Turns);
    }

    [Fact]
    public async Task Tick_HolderWritesThroughTheApiWithoutAPage_KeepsTheBaton()
    {
        var room = await RoomSetup.CreateAsync(Rooms, new RoomSettings("API", TurnTimerSeconds: 0), "민지", "서준");
        await using var other = await Rooms.ConnectAsync(room.Id, room.KeyOf(1));
        await Rooms.TickAsync(room.Id);

        await PassAsync(room.Id, GraceSeconds * 3);

        Assert.Equal(0, (await Rooms.GetAsync(room.Id))!.BatonSeatIndex);
    }
}
