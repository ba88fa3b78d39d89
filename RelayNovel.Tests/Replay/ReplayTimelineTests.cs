using RelayNovel.Web.Replay;

namespace RelayNovel.Tests.Replay;

public sealed class ReplayTimelineTests
{
    private static HistoryBuilder Story() => new HistoryBuilder()
        .Human(0, "민지", 2_000, (0, "비"), (400, "비가"), (900, "비가 내렸다"), (1_500, "비가 내렸다. "))
        .Ai(2, (100, " 우산"), (250, "을"), (600, " 잃었다."))
        .Skipped(1, "서준", "그래서", 4_000)
        .Human(1, "서준", 1_000, (200, "끝."));

    [Fact]
    public void StoryTextAt_EndOfEachTurn_EqualsCommittedStoryUpToThatTurn()
    {
        var timeline = new ReplayTimeline(Story().Turns);

        Assert.Equal("비가 내렸다.", timeline.StoryTextAt(timeline.EndOf(0)));
        Assert.Equal("비가 내렸다.\n\n우산을 잃었다.", timeline.StoryTextAt(timeline.EndOf(1)));
        Assert.Equal("비가 내렸다.\n\n우산을 잃었다.", timeline.StoryTextAt(timeline.EndOf(2)));   // a skipped turn is not story
        Assert.Equal("비가 내렸다.\n\n우산을 잃었다.\n\n끝.", timeline.StoryTextAt(timeline.EndOf(3)));
        Assert.Equal(timeline.FinalStory, timeline.StoryTextAt(timeline.TotalMs));
    }

    [Fact]
    public void StateAt_MidHumanTurn_ShowsTheDraftAsItWasTypedThen()
    {
        var timeline = new ReplayTimeline(Story().Turns);

        var state = timeline.StateAt(timeline.Turns[0].StartMs + 650);

        Assert.Equal(0, state.CommittedCount);
        Assert.Equal(0, state.CurrentTurn);
        Assert.Equal("비가", state.CurrentText);
        Assert.Equal("비가 내렸다", timeline.StoryTextAt(timeline.Turns[0].StartMs + 900));
    }

    [Fact]
    public void StateAt_MidAiTurn_ShowsOnlyTheTokensStreamedSoFar()
    {
        var timeline = new ReplayTimeline(Story().Turns);
        var aiStart = timeline.Turns[1].StartMs;

        Assert.Equal("비가 내렸다.\n\n우산", timeline.StoryTextAt(aiStart + 100));
        Assert.Equal("비가 내렸다.\n\n우산을", timeline.StoryTextAt(aiStart + 599));
        Assert.Equal(new ReplayState(aiStart + 50, 1, 1, ""), timeline.StateAt(aiStart + 50));
    }

    [Fact]
    public void StateAt_BetweenTurns_ShowsTheFinishedTurnsAndNothingBeingWritten()
    {
        var timeline = new ReplayTimeline(Story().Turns);

        var state = timeline.StateAt(timeline.EndOf(0) + ReplayTimeline.TurnGapMs / 2);

        Assert.Equal(1, state.CommittedCount);
        Assert.Null(state.CurrentTurn);
    }

    [Fact]
    public void StateAt_OutsideTheTimeline_ClampsToStartAndEnd()
    {
        var timeline = new ReplayTimeline(Story().Turns);

        Assert.Equal(new ReplayState(0, 0, null, ""), timeline.StateAt(-5_000));
        Assert.Equal("비", timeline.StoryTextAt(timeline.Turns[0].StartMs));   // the first keystroke, right as the turn begins
        Assert.Equal(4, timeline.StateAt(long.MaxValue).CommittedCount);
    }

    [Fact]
    public void StoryTextAt_DraftEmptiedWhileTyping_ShowsAnEmptyDraftThere()
    {
        var turns = new HistoryBuilder().Human(0, "민지", 1_000, (100, "틀린"), (300, ""), (600, "맞는 말.")).Turns;
        turns[0].DraftSnapshots[1].Text = null!;   // how the data file gave an emptied draft back before it kept empty strings

        var timeline = new ReplayTimeline(turns);

        Assert.Equal("틀린", timeline.StoryTextAt(timeline.Turns[0].StartMs + 200));
        Assert.Equal("", timeline.StoryTextAt(timeline.Turns[0].StartMs + 400));
        Assert.Equal("맞는 말.", timeline.FinalStory);
    }

    [Fact]
    public void StoryTextAt_WithdrawnTurn_ShownInTheHistoryButNotInTheStory()
    {
        var timeline = new ReplayTimeline(new HistoryBuilder()
            .Human(0, "민지", 1_000, (500, "첫 문장."))
            .Human(1, "서준", 1_000, (500, "실수."))
            .Withdraw()
            .Human(1, "서준", 1_000, (500, "고친 문장.")).Turns);

        Assert.True(timeline.Turns[1].Withdrawn);
        Assert.Equal("첫 문장.\n\n실수.", timeline.StoryTextAt(timeline.Turns[1].EndMs - 1));   // while it was being typed
        Assert.Equal("첫 문장.", timeline.StoryTextAt(timeline.EndOf(1)));
        Assert.Equal("첫 문장.\n\n고친 문장.", timeline.FinalStory);
    }

    [Fact]
    public void Frames_WriterPausedTenMinutes_ReplayWaitsAtMostTheMaximumPause()
    {
        var timeline = new ReplayTimeline(new HistoryBuilder()
            .Human(0, "민지", 600_500, (0, "첫"), (600_000, "첫 문장.")).Turns);

        var start = timeline.Turns[0].StartMs;
        Assert.Equal(start + ReplayFrames.MaxPauseMs + 500, timeline.TotalMs);
        Assert.Equal("첫", timeline.StoryTextAt(start + ReplayFrames.MaxPauseMs - 1));
        Assert.Equal("첫 문장.", timeline.StoryTextAt(start + ReplayFrames.MaxPauseMs));
    }

    [Fact]
    public void Turns_AiTurn_CarriesModelSamplerSeedAndTokenRate()
    {
        var ai = new ReplayTimeline(Story().Turns).Turns[1];

        Assert.Equal("tiny-test-model", ai.Model);
        Assert.Equal(40, ai.Sampler?.TopK);
        Assert.Equal(1235, ai.Seed);
        Assert.Equal(3, ai.Tokens);
        Assert.Equal(5.0, ai.TokensPerSecond!.Value, 3);   // 3 tokens in 600 ms
    }

    [Fact]
    public void Advance_EightTimes_MovesEightTimesTheWallClockTime()
    {
        var timeline = new ReplayTimeline(Story().Turns);

        Assert.Equal(1_300, timeline.Advance(500, TimeSpan.FromMilliseconds(100), ReplaySpeed.Eight));
        Assert.Equal(700, timeline.Advance(500, TimeSpan.FromMilliseconds(100), ReplaySpeed.Double));
        Assert.Equal(timeline.TotalMs, timeline.Advance(timeline.TotalMs - 1, TimeSpan.FromSeconds(10), ReplaySpeed.Original));
    }

    [Fact]
    public void Advance_Instant_CompletesOneWholeTurnPerStep()
    {
        var timeline = new ReplayTimeline(Story().Turns);

        var first = timeline.Advance(0, TimeSpan.Zero, ReplaySpeed.Instant);
        var second = timeline.Advance(first, TimeSpan.Zero, ReplaySpeed.Instant);

        Assert.Equal(timeline.EndOf(0), first);
        Assert.Equal(timeline.EndOf(1), second);
        Assert.Equal("비가 내렸다.\n\n우산을 잃었다.", timeline.StoryTextAt(second));
    }

    [Fact]
    public void Timeline_NoTurns_IsEmptyAtEveryPosition()
    {
        var timeline = new ReplayTimeline([]);

        Assert.Equal(0, timeline.TotalMs);
        Assert.Equal("", timeline.StoryTextAt(1_000));
        Assert.Equal(0, timeline.Advance(0, TimeSpan.FromSeconds(1), ReplaySpeed.Instant));
    }
}
