using RelayNovel.Tests.Checkpoints;
using RelayNovel.Tests.Infrastructure;
using RelayNovel.Web.Rooms;
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
            first.Rooms.UpdateDraft(room.Id, room.KeyOf(1), "쓰는 중");
            before = first.Rooms.Get(room.Id)!;
        }

        await using var second = RelayNovelAppFactory.On(_data);
        var after = second.Rooms.Get(room.Id)!;

        Assert.Equal(before.Settings.Title, after.Settings.Title);
        Assert.Equal(before.Settings.Ai, after.Settings.Ai);
        Assert.Equal(before.Settings.SeatPlan, after.Settings.SeatPlan);
        Assert.Equal(before.Turns, after.Turns);
        Assert.Equal(1, after.BatonSeatIndex);
        Assert.Equal("쓰는 중", after.CurrentDraft);
        Assert.Equal(before.Seats.Select(s => (s.Kind, s.Name)), after.Seats.Select(s => (s.Kind, s.Name)));
        // Keys still work after the restart, and a retried submit still finds its turn.
        Assert.True(second.Rooms.IsOwner(room.Id, room.Room.OwnerKey));
        Assert.Equal(before.Turns[0], await second.Rooms.SubmitTurnAsync(room.Id, room.KeyOf(0), "첫 문장.", "s-1"));
        var next = await second.Rooms.SubmitTurnAsync(room.Id, room.KeyOf(1), "두 번째 문장.", null);
        Assert.Equal(1, next.Index);
    }

    [Fact]
    public async Task CommittedTurn_IsInTheFileBeforeItsEventArrives()
    {
        await using var app = RelayNovelAppFactory.On(_data);
        var room = await RoomSetup.CreateAsync(app.Rooms, null, "민지");
        var store = app.Services.GetRequiredService<StoryStore>();
        TurnRecord? storedWhenAnnounced = null;
        using var subscription = app.Broadcaster.Subscribe(room.Id, e =>
        {
            if (e is TurnCommitted { Turn.Kind: TurnKind.Human } committed)
            {
                storedWhenAnnounced = store.FindTurn(room.Id, committed.Turn.Index);
            }
            return ValueTask.CompletedTask;
        });

        Rooms(app).UpdateDraft(room.Id, room.KeyOf(0), "바람");
        await app.Rooms.SubmitTurnAsync(room.Id, room.KeyOf(0), "바람이 분다.", null);

        Assert.NotNull(storedWhenAnnounced);
        Assert.Equal("바람이 분다.", storedWhenAnnounced.Text);
        Assert.Equal(["바람", "바람이 분다."], storedWhenAnnounced.DraftSnapshots.Select(s => s.Text));
        Assert.True(storedWhenAnnounced.EndedAtMs >= storedWhenAnnounced.StartedAtMs);
    }

    private static RoomService Rooms(RelayNovelAppFactory app) => app.Rooms;
}
