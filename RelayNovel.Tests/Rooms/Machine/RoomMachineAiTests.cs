using RelayNovel.Web.Rooms;
using RelayNovel.Web.Rooms.Machine;

namespace RelayNovel.Tests.Rooms.Machine;

/// <summary>The AI's rules on the machine alone: the host's answers come in as commands; retry and the vote.</summary>
public sealed class RoomMachineAiTests
{
    private static readonly RoomSettings WriterThenAi = new("AI", SeatPlan: [SeatKind.Human, SeatKind.Ai], TurnTimerSeconds: 0);
    private static readonly RoomSettings TwoWritersThenAi = new("AI", SeatPlan: [SeatKind.Human, SeatKind.Human, SeatKind.Ai], TurnTimerSeconds: 0);

    [Fact]
    public void AiTurn_PromptFittedAndTokensFedBack_CommitsTheShownText()
    {
        var room = MachineRoom.WithWriters(WriterThenAi, "민지");
        room.Apply(new SubmitTurn(room.Keys[0], "비가 내렸다.", null));
        Assert.Single(room.Outcomes[^1].Effects.OfType<FitAiPrompt>());

        var generation = room.StartAi();
        room.WriteAi(generation, " 우산을 폈다.");

        var ai = room.State.Turns[^1];
        Assert.Equal(TurnKind.Ai, ai.Kind);
        Assert.Equal("우산을 폈다.", ai.Text);
        Assert.Contains(room.Outcomes.SelectMany(o => o.Effects), e => e is CancelAiGeneration c && c.GenerationId == generation);
        Assert.Equal(0, room.State.Doc.BatonSeat);
    }

    [Fact]
    public void AiTokens_ForAStoppedGeneration_AreIgnored()
    {
        var room = MachineRoom.WithWriters(WriterThenAi, "민지");
        room.Apply(new SubmitTurn(room.Keys[0], "비가 내렸다.", null));
        var generation = room.StartAi();
        room.Apply(new StopAi(room.Keys[0]));

        room.Apply(new AiTokens(generation, 0, new AiChunk("늦은 글", 2, TimeSpan.Zero, null)));

        Assert.Equal(TurnKind.Skipped, room.State.Turns[^1].Kind);
        Assert.DoesNotContain(room.State.Turns, t => t.Text.Contains("늦은", StringComparison.Ordinal));
    }

    [Fact]
    public void RetryAi_AfterCommit_TurnRemovedTextKeptAsAlternativeAndPermissionsAgree()
    {
        var room = MachineRoom.WithWriters(WriterThenAi, "민지");
        room.Apply(new SubmitTurn(room.Keys[0], "비가 내렸다.", null));
        room.WriteAi(room.StartAi(), " 첫 시도.");
        Assert.True(room.Machine.Snapshot(room.State, MachineRoom.Model, null, room.Keys[0]).Permissions.CanRetryAi);

        var outcome = room.Apply(new RetryAi(room.Keys[0]));

        Assert.Equal([1], outcome.Change!.RemoveTurns);
        Assert.Equal("첫 시도.", Assert.Single(room.State.Doc.PendingAlternatives).Text);
        Assert.Single(room.State.Turns);
        Assert.Contains(outcome.Effects, e => e is FitAiPrompt);
    }

    [Fact]
    public void RetryPermission_WithdrawnTurnBeforeTheAi_FollowsTheWriterBeforeIt()
    {
        // 민지 writes, 서준 writes and takes it back, then leaves: the AI's turn follows 서준's skipped turn. The retry
        // rule counts the last turn that is still part of the flow, and the permission says exactly what the rule accepts.
        var room = MachineRoom.WithWriters(TwoWritersThenAi, "민지", "서준");
        room.Apply(new SubmitTurn(room.Keys[0], "하나.", null));
        room.Apply(new SubmitTurn(room.Keys[1], "둘.", null));
        room.Apply(new UndoTurn(room.Keys[1]));
        room.Apply(new SubmitTurn(room.Keys[1], "다시 둘.", null));
        room.WriteAi(room.StartAi(), " 셋.");

        foreach (var (key, index) in room.Keys.Select((k, i) => (k, i)))
        {
            var allowed = room.Machine.Snapshot(room.State, MachineRoom.Model, null, key).Permissions.CanRetryAi;
            Assert.Equal(index == 1, allowed);
        }
        Assert.Throws<RoomException>(() => room.Apply(new RetryAi(room.Keys[0])));
        room.Apply(new RetryAi(room.Keys[1]));
    }

    [Fact]
    public void Vote_MajorityDecides_WinnerAndOtherCandidatesWrittenInOneChange()
    {
        var room = MachineRoom.WithWriters(TwoWritersThenAi, "민지", "서준");
        room.Apply(new SubmitTurn(room.Keys[0], "하나.", null));
        room.Apply(new SubmitTurn(room.Keys[1], "둘.", null));
        room.Apply(new RequestAlternatives(room.Keys[0], 3));
        var generation = room.StartAi();
        room.WriteAi(generation, "후보", candidates: 3);

        room.Apply(new CastVote(room.Keys[0], 2));
        var decided = room.Apply(new CastVote(room.Keys[1], 2));

        var turn = Assert.Single(decided.Change!.AppendTurns);
        Assert.Equal("후보 2", turn.Text);
        Assert.Equal(2, turn.Votes.Count);
        Assert.Equal(2, turn.Alternatives.Count);
        Assert.Null(room.State.Vote);
    }

    [Fact]
    public void Vote_Tied_WaitsForTheOwnerWhoPicks()
    {
        var room = MachineRoom.WithWriters(TwoWritersThenAi, "민지", "서준");
        room.Apply(new SubmitTurn(room.Keys[0], "하나.", null));
        room.Apply(new SubmitTurn(room.Keys[1], "둘.", null));
        room.Apply(new RequestAlternatives(room.Keys[0], 2));
        room.WriteAi(room.StartAi(), "후보", candidates: 2);

        room.Apply(new CastVote(room.Keys[0], 0));
        room.Apply(new CastVote(room.Keys[1], 1));

        Assert.True(room.State.Vote!.AwaitingOwner);
        Assert.Equal(RoomErrorCode.VoteTied, Assert.Throws<RoomException>(() => room.Apply(new CloseVote(room.OwnerKey))).Code);
        Assert.True(room.Machine.Snapshot(room.State, MachineRoom.Model, null, room.OwnerKey).Permissions.CanPickAlternative);
        room.Apply(new PickAlternative(room.OwnerKey, 1));
        Assert.Equal("후보 1", room.State.Turns[^1].Text);
    }

    [Fact]
    public void Generation_QueueFull_AskedAgainOnTheNextBeat()
    {
        var room = MachineRoom.WithWriters(WriterThenAi, "민지");
        room.Apply(new SubmitTurn(room.Keys[0], "비.", null));
        var fit = room.Outcomes[^1].Effects.OfType<FitAiPrompt>().Single();
        var start = room.Apply(new AiPromptFitted(fit.Request.StartId, new AiPrompt("p", 1, 1024, 0),
            new PromptMemoryView(false, false, [], [], 0, 1, 0), null, null, false)).Effects.OfType<StartAiGeneration>().Single();

        room.Apply(new AiGenerationRefused(start.GenerationId));
        Assert.True(room.State.Ai!.WaitingForSlot);
        room.Pass(TimeSpan.FromMilliseconds(50));

        Assert.Equal(start.GenerationId, room.Outcomes[^1].Effects.OfType<StartAiGeneration>().Single().GenerationId);
    }
}
