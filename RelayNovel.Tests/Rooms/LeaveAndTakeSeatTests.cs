using RelayNovel.Tests.Infrastructure;
using RelayNovel.Web.Rooms;
using RelayNovel.Web.Rooms.Grains;

namespace RelayNovel.Tests.Rooms;

/// <summary>"Leave my seat" and a spectator taking a free seat, on the real room service.</summary>
public sealed class LeaveAndTakeSeatTests : IAsyncLifetime
{
    private readonly RelayNovelAppFactory _app = new();

    private RoomClient Rooms => _app.Rooms;

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task LeaveSeat_BatonHolder_SeatFreedDraftKeptAndBatonPassesOn()
    {
        var room = await RoomSetup.CreateAsync(Rooms, null, "민지", "서준");
        await Rooms.UpdateDraftAsync(room.Id, room.KeyOf(0), "여기까지 썼다");

        await Rooms.LeaveSeatAsync(room.Id, room.KeyOf(0));

        var snapshot = (await Rooms.GetAsync(room.Id))!;
        Assert.Equal(PresenceState.Empty, snapshot.Seats[0].Presence);
        var skipped = Assert.Single(snapshot.Turns);
        Assert.Equal((TurnKind.Skipped, "여기까지 썼다"), (skipped.Kind, skipped.Text));
        Assert.Equal(1, snapshot.BatonSeatIndex);
        Assert.Equal(new Participant(room.Id, null, "민지", false), (await Rooms.IdentifyAsync(room.Id, room.KeyOf(0))));
    }

    [Fact]
    public async Task LeaveSeat_Spectator_RefusedWithAClearMessage()
    {
        var room = await RoomSetup.CreateAsync(Rooms, null, "민지");
        var watcher = await Rooms.JoinAsync(room.Id, "구경꾼", null, spectate: true);

        var refused = await Assert.ThrowsAsync<RoomException>(() => Rooms.LeaveSeatAsync(room.Id, watcher.ParticipantKey));

        Assert.Equal(RoomErrorCode.InvalidSettings, refused.Code);
        Assert.Contains("no seat to leave", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TakeSeat_SpectatorWithAFreeSeat_SitsThereAndWritesInTurn()
    {
        var room = await RoomSetup.CreateAsync(Rooms, null, "민지");
        var watcher = await Rooms.JoinAsync(room.Id, "구경꾼", null, spectate: true);

        var seat = await Rooms.TakeSeatAsync(room.Id, watcher.ParticipantKey, 1);
        await Rooms.SubmitTurnAsync(room.Id, room.KeyOf(0), "민지의 문장.", null);
        await Rooms.SubmitTurnAsync(room.Id, watcher.ParticipantKey, "구경꾼이 이어 쓴 문장.", null);

        Assert.Equal(1, seat);
        var snapshot = (await Rooms.GetAsync(room.Id))!;
        Assert.Equal("구경꾼", snapshot.Seats[1].Name);
        Assert.Equal(2, snapshot.Turns.Count(t => t.Kind == TurnKind.Human));
    }

    [Fact]
    public async Task TakeSeat_AfterLeaving_SitsAgainWithTheSameKey()
    {
        var room = await RoomSetup.CreateAsync(Rooms, null, "민지", "서준");
        await Rooms.LeaveSeatAsync(room.Id, room.KeyOf(1));

        var seat = await Rooms.TakeSeatAsync(room.Id, room.KeyOf(1), null);

        Assert.Equal(1, seat);
        Assert.Equal(1, (await Rooms.IdentifyAsync(room.Id, room.KeyOf(1)))!.SeatIndex);
    }

    [Fact]
    public async Task TakeSeat_TakenSeat_RefusedAndNothingChanges()
    {
        var room = await RoomSetup.CreateAsync(Rooms, null, "민지");
        var watcher = await Rooms.JoinAsync(room.Id, "구경꾼", null, spectate: true);

        var refused = await Assert.ThrowsAsync<RoomException>(() => Rooms.TakeSeatAsync(room.Id, watcher.ParticipantKey, 0));

        Assert.Equal(RoomErrorCode.SeatTaken, refused.Code);
        Assert.Null((await Rooms.IdentifyAsync(room.Id, watcher.ParticipantKey))!.SeatIndex);
        Assert.Equal("민지", (await Rooms.GetAsync(room.Id))!.Seats[0].Name);
    }
}
