using RelayNovel.Web.Rooms;
using RelayNovel.Web.Rooms.Machine;

namespace RelayNovel.Tests.Rooms.Machine;

/// <summary>The turn rules on the machine alone: order, refusals that change nothing, the turn timer and the disconnect grace.</summary>
public sealed class RoomMachineTurnTests
{
    private static readonly RoomSettings TwoWriters = new("규칙", SeatPlan: [SeatKind.Human, SeatKind.Human], TurnTimerSeconds: 60);

    [Fact]
    public void Submit_HolderWrites_BatonPassesAndTheTurnIsAppendedInOneChange()
    {
        var room = MachineRoom.WithWriters(TwoWriters, "민지", "서준");

        var outcome = room.Apply(new SubmitTurn(room.Keys[0], "비가 내렸다.", null));

        Assert.Equal(1, room.State.Doc.BatonSeat);
        var change = Assert.IsType<Web.Stories.RoomChange>(outcome.Change);
        Assert.Equal("비가 내렸다.", Assert.Single(change.AppendTurns).Text);
        Assert.Same(room.State.Doc, change.Room);
        Assert.Contains(outcome.Events, e => e is TurnCommitted);
        Assert.Contains(outcome.Events, e => e is BatonMoved { SeatIndex: 1 });
    }

    [Fact]
    public void Submit_OutOfTurn_RefusedAndTheRoomIsUnchanged()
    {
        var room = MachineRoom.WithWriters(TwoWriters, "민지", "서준");
        var before = room.State.Turns.Count;

        var refused = Assert.Throws<RoomException>(() => room.Apply(new SubmitTurn(room.Keys[1], "끼어들기", null)));

        Assert.Equal(RoomErrorCode.NotYourTurn, refused.Code);
        Assert.Equal(before, room.State.Turns.Count);
        Assert.Equal(0, room.State.Doc.BatonSeat);
    }

    [Fact]
    public void Tick_TurnTimerRunsOut_HolderIsSkippedWithTheDraftKept()
    {
        var room = MachineRoom.WithWriters(TwoWriters, "민지", "서준");
        room.Apply(new UpdateDraft(room.Keys[0], "반쯤 쓴"));

        room.Pass(TimeSpan.FromSeconds(59));
        Assert.Empty(room.State.Turns);
        room.Pass(TimeSpan.FromSeconds(1));

        var skipped = Assert.Single(room.State.Turns);
        Assert.Equal(TurnKind.Skipped, skipped.Kind);
        Assert.Equal("반쯤 쓴", skipped.Text);
        Assert.Equal(1, room.State.Doc.BatonSeat);
    }

    [Fact]
    public void Tick_HolderPageClosedPastTheGrace_TurnPassesOn()
    {
        var room = MachineRoom.WithWriters(new RoomSettings("규칙", SeatPlan: [SeatKind.Human, SeatKind.Human], TurnTimerSeconds: 0), "민지", "서준");
        room.Apply(new ClosePage(RoomKeys.Hash(room.Keys[0])));

        room.Pass(TimeSpan.FromSeconds(1));
        room.Pass(TimeSpan.FromSeconds(new RoomRules().DisconnectGraceSeconds - 2));
        Assert.Empty(room.State.Turns);
        room.Pass(TimeSpan.FromSeconds(2));

        Assert.Equal("the writer left", room.Outcomes[^1].Change!.AppendTurns.Single().Note);
        Assert.Equal(1, room.State.Doc.BatonSeat);
    }

    [Fact]
    public void Undo_AuthorTakesBackTheLastTurn_WithdrawnAndTheTextIsTheDraftAgain()
    {
        var room = MachineRoom.WithWriters(TwoWriters, "민지", "서준");
        room.Apply(new SubmitTurn(room.Keys[0], "첫 문장.", null));

        Assert.Equal(RoomErrorCode.Forbidden, Assert.Throws<RoomException>(() => room.Apply(new UndoTurn(room.Keys[1]))).Code);
        var outcome = room.Apply(new UndoTurn(room.Keys[0]));

        Assert.True(Assert.IsType<TurnReply>(outcome.Reply).Turn.Withdrawn);
        Assert.True(Assert.Single(outcome.Change!.ReplaceTurns).Withdrawn);
        Assert.Equal(0, room.State.Doc.BatonSeat);
        Assert.Equal("첫 문장.", room.State.Doc.Draft);
    }

    [Fact]
    public void UpdateGlossary_OwnerOnly_ChangeCarriesTheRoom()
    {
        var room = MachineRoom.WithWriters(TwoWriters, "민지");
        GlossaryEntry[] entries = [new("하늘섬", "구름 위의 섬")];

        Assert.Equal(RoomErrorCode.Forbidden, Assert.Throws<RoomException>(() => room.Apply(new UpdateGlossary(room.Keys[0], entries))).Code);
        var outcome = room.Apply(new UpdateGlossary(room.OwnerKey, entries));

        Assert.Equal("하늘섬", Assert.Single(outcome.Change!.Room!.Glossary).Name);
        Assert.Contains(outcome.Events, e => e is GlossaryChanged);
    }
}
