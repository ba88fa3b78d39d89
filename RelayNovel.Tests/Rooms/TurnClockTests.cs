using Microsoft.Extensions.Time.Testing;
using RelayNovel.Tests.Infrastructure;
using RelayNovel.Web.Rooms;

namespace RelayNovel.Tests.Rooms;

/// <summary>
/// The room clock's rules on a fake clock: a turn limit changed mid-turn, and a writer whose pages all closed.
/// The test drives the clock by advancing fake time and calling <see cref="RoomService"/>'s Tick.
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

    private RoomService Rooms => _app.Rooms;

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _app.DisposeAsync();

    private void Pass(int seconds)
    {
        _time.Advance(TimeSpan.FromSeconds(seconds));
        Rooms.Tick();
    }

    [Fact]
    public async Task UpdateSettings_TimerShortenedMidTurn_NewLimitCountsFromTheChange()
    {
        var room = await RoomSetup.CreateAsync(Rooms, new RoomSettings("시계", TurnTimerSeconds: 300), "민지", "서준");
        using var page = Rooms.Connect(room.Id, room.KeyOf(0));
        Rooms.UpdateDraft(room.Id, room.KeyOf(0), "천천히 쓰는 중");
        Pass(200);

        await Rooms.UpdateSettingsAsync(room.Id, room.Room.OwnerKey, new RoomSettings("시계", TurnTimerSeconds: 60));
        Rooms.Tick();

        var snapshot = Rooms.Get(room.Id)!;
        Assert.Equal(0, snapshot.BatonSeatIndex);
        Assert.Empty(snapshot.Turns);
        Assert.Equal(_time.GetUtcNow().AddSeconds(60), snapshot.TurnDeadline);
        Assert.Equal("천천히 쓰는 중", snapshot.CurrentDraft);
        Pass(61);
        var skipped = Assert.Single(Rooms.Get(room.Id)!.Turns);
        Assert.Equal((TurnKind.Skipped, "천천히 쓰는 중"), (skipped.Kind, skipped.Text));
    }

    [Fact]
    public async Task UpdateSettings_OtherSettingChangedMidTurn_DeadlineStays()
    {
        var room = await RoomSetup.CreateAsync(Rooms, new RoomSettings("시계", TurnTimerSeconds: 300), "민지", "서준");
        using var page = Rooms.Connect(room.Id, room.KeyOf(0));
        var deadline = Rooms.Get(room.Id)!.TurnDeadline;
        Pass(100);

        await Rooms.UpdateSettingsAsync(room.Id, room.Room.OwnerKey, new RoomSettings("새 제목", TurnTimerSeconds: 300));

        Assert.Equal(deadline, Rooms.Get(room.Id)!.TurnDeadline);
    }

    [Fact]
    public async Task Tick_HolderDisconnectedPastTheGrace_PassesTheBatonKeepingTheDraft()
    {
        var room = await RoomSetup.CreateAsync(Rooms, new RoomSettings("타이머 없음", TurnTimerSeconds: 0), "민지", "서준");
        using var other = Rooms.Connect(room.Id, room.KeyOf(1));
        var holder = Rooms.Connect(room.Id, room.KeyOf(0));
        Rooms.UpdateDraft(room.Id, room.KeyOf(0), "쓰다 만 문장");
        holder.Dispose();   // tab closed, connection lost
        Rooms.Tick();

        Pass(GraceSeconds - 1);
        Assert.Equal(0, Rooms.Get(room.Id)!.BatonSeatIndex);
        Pass(2);

        var snapshot = Rooms.Get(room.Id)!;
        var skipped = Assert.Single(snapshot.Turns);
        Assert.Equal((TurnKind.Skipped, "쓰다 만 문장", 0), (skipped.Kind, skipped.Text, skipped.SeatIndex));
        Assert.Equal(1, snapshot.BatonSeatIndex);
        Assert.Equal("민지", snapshot.Seats[0].Name);   // still seated: the turn passed, the seat is theirs
    }

    [Fact]
    public async Task Tick_HolderBackWithinTheGrace_KeepsTheBaton()
    {
        var room = await RoomSetup.CreateAsync(Rooms, new RoomSettings("타이머 없음", TurnTimerSeconds: 0), "민지", "서준");
        using var other = Rooms.Connect(room.Id, room.KeyOf(1));
        Rooms.Connect(room.Id, room.KeyOf(0)).Dispose();
        Rooms.Tick();
        Pass(GraceSeconds - 5);

        using var back = Rooms.Connect(room.Id, room.KeyOf(0));
        Pass(GraceSeconds);

        Assert.Equal(0, Rooms.Get(room.Id)!.BatonSeatIndex);
        Assert.Empty(Rooms.Get(room.Id)!.Turns);
    }

    [Fact]
    public async Task Tick_HolderWritesThroughTheApiWithoutAPage_KeepsTheBaton()
    {
        var room = await RoomSetup.CreateAsync(Rooms, new RoomSettings("API", TurnTimerSeconds: 0), "민지", "서준");
        using var other = Rooms.Connect(room.Id, room.KeyOf(1));
        Rooms.Tick();

        Pass(GraceSeconds * 3);

        Assert.Equal(0, Rooms.Get(room.Id)!.BatonSeatIndex);
    }
}
