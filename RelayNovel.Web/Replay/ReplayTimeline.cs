using System.Text;
using RelayNovel.Web.Stories;

namespace RelayNovel.Web.Replay;

/// <summary>
/// A story's history laid out on one clock, built once per page. Keyframes make any position cheap: every turn
/// knows where it starts (binary search, O(log n)) and how long the story text was before it (a prefix of one
/// string built once), so seeking in a 1,000-turn story never replays from the start.
/// </summary>
public sealed class ReplayTimeline
{
    /// <summary>A beat before each turn, so the baton visibly passes (and position 0 is the empty page).</summary>
    public const long TurnGapMs = 500;
    public const string Separator = "\n\n";

    private readonly ReplayTurn[] _turns;
    private readonly long[] _starts;
    private readonly int[] _storyPrefix;
    private readonly string _story;

    public ReplayTimeline(IReadOnlyList<TurnRecord> turns)
    {
        _turns = new ReplayTurn[turns.Count];
        _starts = new long[turns.Count];
        _storyPrefix = new int[turns.Count + 1];
        var story = new StringBuilder();
        var start = TurnGapMs;
        for (var i = 0; i < turns.Count; i++)
        {
            var turn = new ReplayTurn(turns[i], start);
            _turns[i] = turn;
            _starts[i] = start;
            _storyPrefix[i] = story.Length;
            if (turn.IsStory)
            {
                story.Append(story.Length > 0 ? Separator : "").Append(turn.Text);
            }
            start = turn.EndMs + TurnGapMs;
        }
        _storyPrefix[^1] = story.Length;
        _story = story.ToString();
        TotalMs = turns.Count == 0 ? 0 : _turns[^1].EndMs;
    }

    public IReadOnlyList<ReplayTurn> Turns => _turns;

    public long TotalMs { get; }

    /// <summary>The story once every turn is written.</summary>
    public string FinalStory => _story;

    public ReplayState StateAt(long positionMs)
    {
        var position = Math.Clamp(positionMs, 0, TotalMs);
        var started = TurnsStartedBy(position);
        if (started == 0)
        {
            return new ReplayState(position, 0, null, "");
        }
        var turn = _turns[started - 1];
        return position >= turn.EndMs
            ? new ReplayState(position, started, null, "")
            : new ReplayState(position, started - 1, started - 1, turn.TextAt(position - turn.StartMs));
    }

    /// <summary>The story as a reader saw it at that moment: complete turns, then the one being written.</summary>
    public string StoryTextAt(long positionMs)
    {
        var state = StateAt(positionMs);
        var committed = _story[.._storyPrefix[state.CommittedCount]];
        return state.CurrentText.Length == 0 ? committed
            : committed.Length == 0 ? state.CurrentText
            : committed + Separator + state.CurrentText;
    }

    /// <summary>The position where turn <paramref name="index"/> has just been committed.</summary>
    public long EndOf(int index) => _turns[Math.Clamp(index, 0, _turns.Length - 1)].EndMs;

    /// <summary>Moves a playing replay on by <paramref name="elapsed"/> of wall-clock time.</summary>
    public long Advance(long positionMs, TimeSpan elapsed, ReplaySpeed speed)
    {
        if (speed != ReplaySpeed.Instant)
        {
            return Math.Min(TotalMs, positionMs + (long)(elapsed.TotalMilliseconds * (int)speed));
        }
        var state = StateAt(positionMs);
        return state.CommittedCount >= _turns.Length ? TotalMs : _turns[state.CommittedCount].EndMs;
    }

    /// <summary>How many turns have started at <paramref name="position"/> (upper bound of the start times).</summary>
    private int TurnsStartedBy(long position)
    {
        int lo = 0, hi = _starts.Length;
        while (lo < hi)
        {
            var mid = (lo + hi) >>> 1;
            if (_starts[mid] <= position)
            {
                lo = mid + 1;
            }
            else
            {
                hi = mid;
            }
        }
        return lo;
    }
}
