using System.Text.Json;
using RelayNovel.Web.Rooms;
using RelayNovel.Web.Rooms.Machine;

namespace RelayNovel.Tests.Rooms.Machine;

/// <summary>Drafts on the machine alone, and the commands' and outcomes' plain-data shape.</summary>
public sealed class RoomMachineDraftTests
{
    private static readonly RoomSettings Short = new("초안", SeatPlan: [SeatKind.Human, SeatKind.Human], MaxTurnChars: 10, TurnTimerSeconds: 0);

    [Fact]
    public void UpdateDraft_OverTheLimit_RefusedAsTooLongAndTheDraftUnchanged()
    {
        var room = MachineRoom.WithWriters(Short, "민지", "서준");
        room.Apply(new UpdateDraft(room.Keys[0], "짧은 초안"));

        var refused = Assert.Throws<RoomException>(() => room.Apply(new UpdateDraft(room.Keys[0], new string('가', 21))));

        Assert.Equal(RoomErrorCode.TooLong, refused.Code);
        Assert.Equal("짧은 초안", room.State.Doc.Draft);
    }

    [Fact]
    public void UpdateDraft_FromSomeoneNotHoldingTheBaton_Ignored()
    {
        var room = MachineRoom.WithWriters(Short, "민지", "서준");

        var outcome = room.Apply(new UpdateDraft(room.Keys[1], "남의 차례"));

        Assert.Equal("", room.State.Doc.Draft);
        Assert.Empty(outcome.Events);
        Assert.Null(outcome.Change);
    }

    [Fact]
    public void Tick_DraftTyped_SavedOnceASecondWithItsSnapshotsAppended()
    {
        var room = MachineRoom.WithWriters(Short, "민지", "서준");
        room.Apply(new UpdateDraft(room.Keys[0], "가"));
        room.Time.Advance(TimeSpan.FromMilliseconds(300));
        var typed = room.Apply(new UpdateDraft(room.Keys[0], "가나"));
        Assert.Null(typed.Change);

        room.Pass(TimeSpan.FromSeconds(1));

        var change = room.Outcomes[^1].Change!;
        Assert.Equal("가나", change.Room!.Draft);
        Assert.Equal(["가", "가나"], change.AppendDraftSnapshots.Select(s => s.Text));
        room.Pass(TimeSpan.FromSeconds(1));
        Assert.Null(room.Outcomes[^1].Change);
    }

    [Fact]
    public void Commands_RoundTripThroughSystemTextJson()
    {
        RoomCommand[] commands =
        [
            new JoinRoom("민지", 1, false, null, "key"), new SubmitTurn("key", "글", "s1"), new Tick(),
            new AiTokens(3, 1, new AiChunk("토큰", 2, TimeSpan.FromMilliseconds(5), null)),
            new UpdateGlossary("owner", [new GlossaryEntry("섬", "구름 위")]),
            new AiPromptFitted(1, new AiPrompt("p", 1, 2, 0), null, new PinnedCount("head", 3), null, false),
        ];
        foreach (var command in commands)
        {
            var json = JsonSerializer.Serialize(command);
            var back = JsonSerializer.Deserialize<RoomCommand>(json);
            Assert.Equal(JsonSerializer.Serialize(back), json);
            Assert.Equal(command.GetType(), back!.GetType());
        }
        var effect = JsonSerializer.Deserialize<RoomEffect>(JsonSerializer.Serialize<RoomEffect>(new CancelAiGeneration(4)));
        Assert.Equal(new CancelAiGeneration(4), effect);
    }
}
