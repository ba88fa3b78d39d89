using System.Diagnostics;
using RelayNovel.Web.Replay;
using Xunit.Abstractions;

namespace RelayNovel.Tests.Replay;

/// <summary>
/// The keyframed timeline against the obvious slow replay (walk every turn from the start) on a long history:
/// any position must show the same story both ways.
/// </summary>
public sealed class ReplayKeyframeTests(ITestOutputHelper output)
{
    private const int TurnCount = 1_200;

    [Fact]
    public void StateAt_LongHistoryAtRandomPositions_MatchesReplayFromTheStart()
    {
        var history = GenerateHistory(TurnCount, seed: 20261125).Turns;
        var built = Stopwatch.StartNew();
        var timeline = new ReplayTimeline(history);
        built.Stop();
        var random = new Random(42);
        var positions = Enumerable.Range(0, 3_000).Select(_ => random.NextInt64(-10, timeline.TotalMs + 10))
            .Concat(timeline.Turns.SelectMany(t => new[] { t.StartMs - 1, t.StartMs, t.StartMs + 1, t.EndMs - 1, t.EndMs, t.EndMs + 1 }));

        foreach (var position in positions)
        {
            var (committed, current, text, story) = NaiveReplay(timeline, position);
            var state = timeline.StateAt(position);
            Assert.True(committed == state.CommittedCount && current == state.CurrentTurn && text == state.CurrentText,
                $"at {position} ms: expected {committed} committed, turn {current} showing \"{text}\"; got {state}");
            Assert.Equal(story, timeline.StoryTextAt(position));
        }
        Assert.Equal(TurnCount, timeline.StateAt(timeline.TotalMs).CommittedCount);

        // Figures, not assertions: what opening and seeking a long story costs here.
        var seeks = Stopwatch.StartNew();
        for (var i = 0; i < 10_000; i++)
        {
            timeline.StateAt(random.NextInt64(timeline.TotalMs));
        }
        seeks.Stop();
        output.WriteLine($"{TurnCount} turns: timeline built in {built.Elapsed.TotalMilliseconds:F1} ms; " +
            $"10,000 seeks (state only) in {seeks.Elapsed.TotalMilliseconds:F1} ms");
    }

    [Fact]
    public void EndOf_EveryTurnOfALongHistory_ShowsExactlyTheStoryUpToIt()
    {
        var turns = GenerateHistory(TurnCount, seed: 7).Turns;
        var timeline = new ReplayTimeline(turns);

        var story = new List<string>();
        for (var i = 0; i < turns.Count; i++)
        {
            if (turns[i].Kind != Web.Rooms.TurnKind.Skipped && turns[i].Text.Length > 0)
            {
                story.Add(turns[i].Text);
            }
            Assert.Equal(string.Join("\n\n", story), timeline.StoryTextAt(timeline.EndOf(i)));
        }
    }

    /// <summary>Walks the turns in order, adding up their durations and scanning their frames one by one.</summary>
    private static (int Committed, int? Current, string Text, string Story) NaiveReplay(ReplayTimeline timeline, long position)
    {
        position = Math.Clamp(position, 0, timeline.TotalMs);   // outside the timeline means its start or end
        var story = new List<string>();
        var clock = ReplayTimeline.TurnGapMs;
        var committed = 0;
        foreach (var turn in timeline.Turns)
        {
            if (position < clock)
            {
                break;
            }
            if (position < clock + turn.DurationMs)
            {
                var text = "";
                for (var f = 0; f < turn.FrameTimes.Count && turn.FrameTimes[f] <= position - clock; f++)
                {
                    text = turn.FrameTexts[f];
                }
                var shown = text.Length > 0 ? story.Append(text) : story;
                return (committed, committed, text, string.Join("\n\n", shown));
            }
            if (turn.IsStory)
            {
                story.Add(turn.Text);
            }
            committed++;
            clock += turn.DurationMs + ReplayTimeline.TurnGapMs;
        }
        return (committed, null, "", string.Join("\n\n", story));
    }

    /// <summary>Seats 0–2 are people, seat 3 the AI; drafts grow and shrink (backspace), pauses are sometimes long.</summary>
    internal static HistoryBuilder GenerateHistory(int turns, int seed)
    {
        var random = new Random(seed);
        var builder = new HistoryBuilder();
        const string syllables = "가나다라마바사아자차카타파하 은는이가을를에서.";
        for (var i = 0; i < turns; i++)
        {
            var seat = i % 4;
            var roll = random.Next(10);
            if (seat == 3)
            {
                var chunks = Enumerable.Range(0, random.Next(1, 12))
                    .Select(c => ((double)(c * random.Next(20, 90)), syllables[random.Next(syllables.Length)].ToString() + (c == 0 ? "첫" : "")))
                    .ToArray();
                builder.Ai(seat, chunks);
            }
            else if (roll == 0)
            {
                builder.Skipped(seat, $"작가{seat}", random.Next(2) == 0 ? "" : "미완성", random.Next(0, 20_000));
            }
            else
            {
                var draft = "";
                long offset = 0;
                var drafts = new List<(long, string)>();
                for (var k = random.Next(1, 15); k > 0; k--)
                {
                    offset += random.Next(10) == 0 ? random.Next(5_000, 120_000) : random.Next(0, 700);
                    draft = random.Next(6) == 0 && draft.Length > 0 ? draft[..^1] : draft + syllables[random.Next(syllables.Length)];
                    drafts.Add((offset, draft));
                }
                drafts.Add((offset + random.Next(0, 900), draft + $" {i}번."));
                builder.Human(seat, $"작가{seat}", offset + random.Next(900, 2_000), [.. drafts]);
            }
        }
        return builder;
    }
}
