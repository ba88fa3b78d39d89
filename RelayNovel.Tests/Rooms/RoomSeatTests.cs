using RelayNovel.Tests.Infrastructure;
using RelayNovel.Web.Rooms;
using RelayNovel.Web.Rooms.Grains;

namespace RelayNovel.Tests.Rooms;

public sealed class RoomSeatTests(RelayNovelAppFactory app) : IClassFixture<RelayNovelAppFactory>
{
    private RoomClient Rooms => app.Rooms;

    [Fact]
    public async Task Join_FullRoom_IsRefusedButSpectatingWorks()
    {
        var room = await RoomSetup.CreateAsync(Rooms, new RoomSettings("둘뿐", SeatPlan: [SeatKind.Human, SeatKind.Ai]), "민지");

        var error = await Assert.ThrowsAsync<RoomException>(() => Rooms.JoinAsync(room.Id, "서준", null, spectate: false));
        var watcher = await Rooms.JoinAsync(room.Id, "서준", null, spectate: true);

        Assert.Equal(RoomErrorCode.RoomFull, error.Code);
        Assert.Null(watcher.SeatIndex);
        Assert.Equal(new Participant(room.Id, null, "서준", false), (await Rooms.IdentifyAsync(room.Id, watcher.ParticipantKey)));
    }

    [Fact]
    public async Task Join_TakenOrAiSeat_IsRefused()
    {
        var room = await RoomSetup.CreateAsync(Rooms, null, "민지");

        var taken = await Assert.ThrowsAsync<RoomException>(() => Rooms.JoinAsync(room.Id, "서준", 0, false));
        var ai = await Assert.ThrowsAsync<RoomException>(() => Rooms.JoinAsync(room.Id, "서준", 4, false));

        Assert.Equal(RoomErrorCode.SeatTaken, taken.Code);
        Assert.Equal(RoomErrorCode.SeatTaken, ai.Code);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("이름\u0000")]
    public async Task Join_BadName_IsRefusedAndNoSeatIsTaken(string name)
    {
        var room = await RoomSetup.CreateAsync(Rooms);

        await Assert.ThrowsAsync<RoomException>(() => Rooms.JoinAsync(room.Id, name, null, false));

        Assert.All((await Rooms.GetAsync(room.Id))!.Seats, s => Assert.Equal(s.Kind == SeatKind.Ai ? PresenceState.Seated : PresenceState.Empty, s.Presence));
    }

    [Fact]
    public async Task Connect_ShowsSeatedThenDisconnectedWhenThePageCloses()
    {
        var room = await RoomSetup.CreateAsync(Rooms, null, "민지");
        Assert.Equal(PresenceState.Disconnected, (await Rooms.GetAsync(room.Id))!.Seats[0].Presence);

        var page = await Rooms.ConnectAsync(room.Id, room.KeyOf(0));
        var spectator = await Rooms.ConnectAsync(room.Id, null);
        var whileOpen = (await Rooms.GetAsync(room.Id))!;
        await page.DisposeAsync();
        await spectator.DisposeAsync();
        await page.DisposeAsync();   // a second dispose must not count twice

        Assert.Equal(PresenceState.Seated, whileOpen.Seats[0].Presence);
        Assert.Equal(1, whileOpen.SpectatorCount);
        Assert.Equal(PresenceState.Disconnected, (await Rooms.GetAsync(room.Id))!.Seats[0].Presence);
        Assert.Equal(0, (await Rooms.GetAsync(room.Id))!.SpectatorCount);
    }

    [Fact]
    public async Task OwnerKey_IdentifiesTheOwnerAndOthersAreNot()
    {
        var room = await RoomSetup.CreateAsync(Rooms, null, "민지");

        Assert.True((await Rooms.IsOwnerAsync(room.Id, room.Room.OwnerKey)));
        Assert.False((await Rooms.IsOwnerAsync(room.Id, room.KeyOf(0))));
        Assert.True((await Rooms.IdentifyAsync(room.Id, room.Room.OwnerKey))!.IsOwner);
        Assert.Null((await Rooms.IdentifyAsync(room.Id, "made-up")));
    }

    [Fact]
    public async Task SkipKickAndSettings_WithoutTheOwnerKey_AreForbidden()
    {
        var room = await RoomSetup.CreateAsync(Rooms, null, "민지", "서준");

        var skip = await Assert.ThrowsAsync<RoomException>(() => Rooms.SkipTurnAsync(room.Id, room.KeyOf(1)));
        var kick = await Assert.ThrowsAsync<RoomException>(() => Rooms.KickAsync(room.Id, room.KeyOf(1), 0));
        var settings = await Assert.ThrowsAsync<RoomException>(() => Rooms.UpdateSettingsAsync(room.Id, room.KeyOf(1), new RoomSettings("내 방")));

        Assert.All(new[] { skip, kick, settings }, e => Assert.Equal(RoomErrorCode.Forbidden, e.Code));
        Assert.Equal("시험 방", (await Rooms.GetAsync(room.Id))!.Settings.Title);
    }

    [Fact]
    public async Task SkipTurn_ByTheOwner_KeepsTheDraftAsASkippedTurn()
    {
        var room = await RoomSetup.CreateAsync(Rooms, null, "민지", "서준");
        await Rooms.UpdateDraftAsync(room.Id, room.KeyOf(0), "쓰다 만 문장");

        await Rooms.SkipTurnAsync(room.Id, room.Room.OwnerKey);

        var snapshot = (await Rooms.GetAsync(room.Id))!;
        var skipped = Assert.Single(snapshot.Turns);
        Assert.Equal((TurnKind.Skipped, "쓰다 만 문장", "민지"), (skipped.Kind, skipped.Text, skipped.AuthorName));
        Assert.Equal(1, snapshot.BatonSeatIndex);
    }

    [Fact]
    public async Task Kick_TheBatonHolder_FreesTheSeatAndPassesTheBaton()
    {
        var room = await RoomSetup.CreateAsync(Rooms, null, "민지", "서준");

        await Rooms.KickAsync(room.Id, room.Room.OwnerKey, 0);

        var snapshot = (await Rooms.GetAsync(room.Id))!;
        Assert.Equal(PresenceState.Empty, snapshot.Seats[0].Presence);
        Assert.Equal(1, snapshot.BatonSeatIndex);
        Assert.Null((await Rooms.IdentifyAsync(room.Id, room.KeyOf(0)))!.SeatIndex);
        var error = await Assert.ThrowsAsync<RoomException>(() => Rooms.SubmitTurnAsync(room.Id, room.KeyOf(0), "아직 있어요.", null));
        Assert.Equal(RoomErrorCode.NotYourTurn, error.Code);
    }

    [Fact]
    public async Task UpdateSettings_ByTheOwner_ChangesLimitsAndRefusesToRemoveATakenSeat()
    {
        var room = await RoomSetup.CreateAsync(Rooms, null, "민지", "서준");

        await Rooms.UpdateSettingsAsync(room.Id, room.Room.OwnerKey, new RoomSettings("새 제목", MaxTurnChars: 5,
            SeatPlan: [SeatKind.Human, SeatKind.Human, SeatKind.Ai]));
        var removeTaken = await Assert.ThrowsAsync<RoomException>(() => Rooms.UpdateSettingsAsync(room.Id, room.Room.OwnerKey,
            new RoomSettings("새 제목", SeatPlan: [SeatKind.Human, SeatKind.Ai])));

        var snapshot = (await Rooms.GetAsync(room.Id))!;
        Assert.Equal("새 제목", snapshot.Settings.Title);
        Assert.Equal(3, snapshot.Seats.Count);
        Assert.Equal(RoomErrorCode.InvalidSettings, removeTaken.Code);
        var tooLong = await Assert.ThrowsAsync<RoomException>(() => Rooms.SubmitTurnAsync(room.Id, room.KeyOf(0), "여섯 글자다", null));
        Assert.Equal(RoomErrorCode.TooLong, tooLong.Code);
    }

    [Theory]
    [InlineData("", 2000, 300)]
    [InlineData("제목", 0, 300)]
    [InlineData("제목", 2000, -1)]
    public async Task Create_InvalidSettings_AreRefused(string title, int maxChars, int timer)
    {
        var error = await Assert.ThrowsAsync<RoomException>(() => Rooms.CreateAsync(new RoomSettings(title, MaxTurnChars: maxChars, TurnTimerSeconds: timer)));

        Assert.Equal(RoomErrorCode.InvalidSettings, error.Code);
    }
}
