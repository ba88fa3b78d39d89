using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using RelayNovel.Tests.Infrastructure;
using RelayNovel.Web.Hosting;
using RelayNovel.Web.Rooms;

namespace RelayNovel.Tests.Cluster;

/// <summary>The room's time rules run in its grain, on the rooms' clock (a fake one here, beaten by hand; the silos keep real time).</summary>
public sealed class RoomGrainClockTests : IAsyncLifetime
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 12, 3, 23, 0, 0, TimeSpan.Zero));
    private RoomTestCluster _cluster = null!;

    public async Task InitializeAsync() =>
        _cluster = await RoomTestCluster.StartAsync(silos: 2, services: s => s.AddKeyedSingleton<TimeProvider>(RoomCoreServices.RoomTimeKey, _time));

    public async Task DisposeAsync() => await _cluster.DisposeAsync();

    [Fact]
    public async Task RoomGrain_TurnTimerRunsOut_BatonPassesAsASkippedTurnThatEveryNodeHears()
    {
        var (roomId, _) = await _cluster.Rooms(0).CreateAsync(new RoomSettings("시계", SeatPlan: [SeatKind.Human, SeatKind.Human], TurnTimerSeconds: 60));
        using var onNode1 = await RoomEventLog.StartAsync(_cluster.Service<RoomBroadcaster>(1), roomId);
        await Deadline.UntilAsync(() => _cluster.Service<Web.Rooms.Grains.RoomEventRelay>(1).IsRelaying(roomId), "node 1 to follow the room");
        var minji = await _cluster.Rooms(0).JoinAsync(roomId, "민지", seatIndex: null, spectate: false);
        var jun = await _cluster.Rooms(1).JoinAsync(roomId, "준", seatIndex: null, spectate: false);
        await using var minjiPage = await _cluster.Rooms(0).ConnectAsync(roomId, minji.ParticipantKey);
        await using var junPage = await _cluster.Rooms(1).ConnectAsync(roomId, jun.ParticipantKey);
        await _cluster.Rooms(0).UpdateDraftAsync(roomId, minji.ParticipantKey, "쓰다 만 문장");

        _time.Advance(TimeSpan.FromSeconds(61));
        await _cluster.Rooms(1).TickAsync(roomId);

        var skipped = await onNode1.WaitForAsync<TurnCommitted>(t => t.Turn.Kind == TurnKind.Skipped);
        var moved = await onNode1.WaitForAsync<BatonMoved>(b => b.SeatIndex == 1);
        Assert.Equal(0, skipped.Turn.SeatIndex);
        Assert.Equal(_time.GetUtcNow().AddSeconds(60), moved.Deadline);   // the next holder's timer runs from the room's now
    }
}
