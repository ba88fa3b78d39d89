using RelayNovel.Tests.Infrastructure;
using RelayNovel.Web.Rooms;
using RelayNovel.Web.Stories;

namespace RelayNovel.Tests.Cluster;

/// <summary>
/// Rooms through <see cref="Web.Rooms.Grains.RoomClient"/> on two silos: saves carry the version the grain holds (a
/// refused save sends it back to the store), unknown rooms, and each viewer's permissions in the snapshot.
/// </summary>
public sealed class RoomClientTests : IAsyncLifetime
{
    private RoomTestCluster _cluster = null!;

    public async Task InitializeAsync() => _cluster = await RoomTestCluster.StartAsync(silos: 2);

    public async Task DisposeAsync() => await _cluster.DisposeAsync();

    [Fact]
    public async Task RoomGrain_StoreMovedOnBehindIt_RefusesTheTurnAndTheNextCallReadsTheStoreAgain()
    {
        var (roomId, _) = await _cluster.Rooms(0).CreateAsync(new RoomSettings("버전", SeatPlan: [SeatKind.Human, SeatKind.Human], TurnTimerSeconds: 0));
        var minji = await _cluster.Rooms(0).JoinAsync(roomId, "민지", seatIndex: null, spectate: false);
        var held = (await _cluster.Store.LoadAsync(roomId))!.Version;
        await _cluster.Store.SaveAsync(new RoomChange(roomId, held));   // another writer moved the room on

        await Assert.ThrowsAnyAsync<Exception>(() => _cluster.Rooms(1).SubmitTurnAsync(roomId, minji.ParticipantKey, "저장되지 않을 문장."));
        var turn = await _cluster.Rooms(1).SubmitTurnAsync(roomId, minji.ParticipantKey, "다시 쓴 문장.");

        Assert.Equal(0, turn.Index);
        var stored = (await _cluster.Store.LoadAsync(roomId))!;
        Assert.Equal("다시 쓴 문장.", Assert.Single(stored.Turns).Text);   // the refused change left nothing behind
        Assert.Equal(held + 2, stored.Version);
    }

    [Fact]
    public async Task RoomClient_UnknownRoom_ReadsNothingAndRefusesActions()
    {
        var unknown = Web.Rooms.RoomKeys.NewRoomId();

        Assert.Null(await _cluster.Rooms(0).GetAsync(unknown));
        var refused = await Assert.ThrowsAsync<RoomException>(() => _cluster.Rooms(1).JoinAsync(unknown, "민지", null, spectate: false));
        Assert.Equal(RoomErrorCode.NotFound, refused.Code);
        Assert.Null(await _cluster.Store.LoadAsync(unknown));
    }

    [Fact]
    public async Task GetAsync_ViewersOnEitherSilo_SnapshotCarriesWhatEachMayDo()
    {
        var (roomId, ownerKey) = await _cluster.Rooms(0).CreateAsync(new RoomSettings("권한", SeatPlan: [SeatKind.Human, SeatKind.Human], TurnTimerSeconds: 0));
        var minji = await _cluster.Rooms(0).JoinAsync(roomId, "민지", seatIndex: null, spectate: false);
        var jun = await _cluster.Rooms(1).JoinAsync(roomId, "준", seatIndex: null, spectate: false);

        var forMinji = (await _cluster.Rooms(1).GetAsync(roomId, minji.ParticipantKey))!.Permissions;
        var forJun = (await _cluster.Rooms(0).GetAsync(roomId, jun.ParticipantKey))!.Permissions;
        var forJunAsOwner = (await _cluster.Rooms(1).GetAsync(roomId, jun.ParticipantKey, ownerKey))!.Permissions;
        var forReader = (await _cluster.Rooms(1).GetAsync(roomId))!.Permissions;

        Assert.True(forMinji.CanWrite);   // the first seat holds the baton
        Assert.False(forMinji.IsOwner);
        Assert.False(forJun.CanWrite);
        Assert.True(forJunAsOwner.IsOwner);
        Assert.True(forJunAsOwner.CanSkip);
        Assert.Equal(Web.Rooms.Machine.RoomPermissions.Reader, forReader);
    }
}
