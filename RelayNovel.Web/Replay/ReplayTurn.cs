using RelayNovel.Web.Rooms;
using RelayNovel.Web.Stories;

namespace RelayNovel.Web.Replay;

/// <summary>One turn on the replay timeline: who wrote what, how it was made, and its frames.</summary>
public sealed class ReplayTurn
{
    private readonly long[] _frameTimes;
    private readonly string[] _frameTexts;

    public ReplayTurn(TurnRecord turn, long startMs)
    {
        Index = turn.Index;
        SeatIndex = turn.SeatIndex;
        AuthorName = turn.AuthorName ?? "";
        Kind = turn.Kind;
        Text = turn.Text ?? "";
        Note = turn.Note;
        StartedAt = DateTimeOffset.FromUnixTimeMilliseconds(turn.StartedAtMs);
        EndedAt = DateTimeOffset.FromUnixTimeMilliseconds(turn.EndedAtMs);
        Model = turn.Model;
        Sampler = turn.Sampler;
        Seed = turn.Seed;
        Withdrawn = turn.Withdrawn;
        Alternatives = turn.Alternatives;
        Votes = turn.Votes;
        Tokens = turn.TokenChunks.Sum(c => c.Tokens);
        var generationMs = turn.TokenChunks.Count > 0 ? turn.TokenChunks[^1].OffsetMs : 0;
        TokensPerSecond = Tokens > 0 && generationMs > 0 ? Tokens / (generationMs / 1000.0) : null;
        (_frameTimes, _frameTexts) = ReplayFrames.For(turn);
        StartMs = startMs;
    }

    public int Index { get; }
    public int SeatIndex { get; }
    public string AuthorName { get; }
    public TurnKind Kind { get; }
    /// <summary>The committed text.</summary>
    public string Text { get; }
    public string? Note { get; }
    public DateTimeOffset StartedAt { get; }
    public DateTimeOffset EndedAt { get; }
    public string? Model { get; }
    public SamplerRecord? Sampler { get; }
    public int? Seed { get; }
    public int Tokens { get; }
    /// <summary>Taken back by its author: still in the history, no longer in the story.</summary>
    public bool Withdrawn { get; }
    /// <summary>The AI texts set aside for this turn (lost votes, retried attempts): the story's branches.</summary>
    public IReadOnlyList<AlternativeRecord> Alternatives { get; }
    /// <summary>Who voted for the committed text, when a room vote chose it.</summary>
    public IReadOnlyList<VoteRecord> Votes { get; }
    public double? TokensPerSecond { get; }

    /// <summary>Where the turn begins on the replay timeline.</summary>
    public long StartMs { get; }
    public long DurationMs => _frameTimes[^1];
    public long EndMs => StartMs + DurationMs;

    /// <summary>Part of the story (skipped and withdrawn turns stay in the history but not in the story).</summary>
    public bool IsStory => Kind != TurnKind.Skipped && !Withdrawn && Text.Length > 0;

    /// <summary>Whose colour the turn wears: a skipped AI turn still names the model it was skipped for.</summary>
    public SeatKind SeatKind => Kind == TurnKind.Ai || Model is not null ? SeatKind.Ai : SeatKind.Human;

    public IReadOnlyList<long> FrameTimes => _frameTimes;
    public IReadOnlyList<string> FrameTexts => _frameTexts;

    /// <summary>The text shown <paramref name="elapsedMs"/> into the turn: the last frame at or before it.</summary>
    public string TextAt(long elapsedMs)
    {
        var i = Array.BinarySearch(_frameTimes, elapsedMs);
        if (i < 0)
        {
            i = ~i - 1;
        }
        else
        {
            while (i + 1 < _frameTimes.Length && _frameTimes[i + 1] == elapsedMs)
            {
                i++;   // equal times: the later frame is what was on screen
            }
        }
        return i < 0 ? "" : _frameTexts[i];
    }
}
