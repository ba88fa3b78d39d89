using RelayNovel.Tests.Checkpoints;
using RelayNovel.Tests.Infrastructure;
using RelayNovel.Web.Rooms;
using RelayNovel.Web.Rooms.Grains;
using RelayNovel.Web.Stories.LiteDb;
using RelayNovel.Web.Stories;
using Microsoft.Extensions.DependencyInjection;

namespace RelayNovel.Tests.Rooms;

public sealed class RoomDurabilityTests : IDisposable
{
    private readonly TempDirectory _data = new();

    public void Dispose() => _data.Dispose();

    [Fact]
    public async Task Restart_SameDataFile_RestoresStorySeatsBatonSettingsAndDraft()
    {
        RoomSnapshot before;
        RoomSetup room;
        var settings = new RoomSettings("오래 가는 방", "등대지기의 일기", "담담하게", MaxTurnChars: 500, TurnTimerSeconds: 0,
            Ai: new AiSettings(Temperature: 0.6f, TopK: 20, Pace: AiPace.AsGenerated));
        await using (var first = RelayNovelAppFactory.On(_data))
        {
            room = await RoomSetup.CreateAsync(first.Rooms, settings, "민지", "서준");
            await first.Rooms.SubmitTurnAsync(room.Id, room.KeyOf(0), "첫 문장.", "s-1");
            await first.Rooms.UpdateDraftAsync(room.Id, room.KeyOf(1), "쓰는 중");
            before = (await first.Rooms.GetAsync(room.Id))!;
        }

        await using var second = RelayNovelAppFactory.On(_data);
        var after = (await second.Rooms.GetAsync(room.Id))!;

        Assert.Equal(before.Settings.Title, after.Settings.Title);
        Assert.Equal(before.Settings.Ai, after.Settings.Ai);
        Assert.Equal(before.Settings.SeatPlan, after.Settings.SeatPlan);
        Assert.Equal(before.Turns, after.Turns);
        Assert.Equal(1, after.BatonSeatIndex);
        Assert.Equal("쓰는 중", after.CurrentDraft);
        Assert.Equal(before.Seats.Select(s => (s.Kind, s.Name)), after.Seats.Select(s => (s.Kind, s.Name)));
        // Keys still work after the restart, and a retried submit still finds its turn.
        Assert.True((await second.Rooms.IsOwnerAsync(room.Id, room.Room.OwnerKey)));
        Assert.Equal(before.Turns[0], await second.Rooms.SubmitTurnAsync(room.Id, room.KeyOf(0), "첫 문장.", "s-1"));
        var next = await second.Rooms.SubmitTurnAsync(room.Id, room.KeyOf(1), "두 번째 문장.", null);
        Assert.Equal(1, next.Index);
    }

    [Fact]
    public async Task CommittedTurn_IsInTheFileBeforeItsEventArrives()
    {
        await using var app = RelayNovelAppFactory.On(_data);
        var room = await RoomSetup.CreateAsync(app.Rooms, null, "민지");
        var store = app.Store;
        var announced = new TaskCompletionSource<TurnRecord>(TaskCreationOptions.RunContinuationsAsynchronously);
        using var subscription = app.Broadcaster.Subscribe(room.Id, async e =>
        {
            if (e is TurnCommitted { Turn.Kind: TurnKind.Human } committed)
            {
                announced.TrySetResult(await store.StoredTurnAsync(room.Id, committed.Turn.Index));
            }
        });
        await Deadline.UntilAsync(() => app.Services.GetRequiredService<RoomEventRelay>().IsRelaying(room.Id), "the node to follow the room");

        await app.Rooms.UpdateDraftAsync(room.Id, room.KeyOf(0), "바람");
        await app.Rooms.SubmitTurnAsync(room.Id, room.KeyOf(0), "바람이 분다.", null);

        var storedWhenAnnounced = await announced.Task.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Equal("바람이 분다.", storedWhenAnnounced.Text);
        Assert.Equal(["바람", "바람이 분다."], storedWhenAnnounced.DraftSnapshots.Select(s => s.Text));
        Assert.True(storedWhenAnnounced.EndedAtMs >= storedWhenAnnounced.StartedAtMs);
    }
}
