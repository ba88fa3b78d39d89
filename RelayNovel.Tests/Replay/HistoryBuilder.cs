using RelayNovel.Web.Rooms;
using RelayNovel.Web.Stories;

namespace RelayNovel.Tests.Replay;

/// <summary>
/// Stored turns shaped like the ones the room service writes (drafts as snapshots, AI text as timed chunks), for
/// tests that need a history with exact timings: a live room can't be made to type at chosen milliseconds.
/// </summary>
public sealed class HistoryBuilder
{
    private static readonly long T0 = new DateTimeOffset(2026, 11, 25, 12, 0, 0, TimeSpan.Zero).ToUnixTimeMilliseconds();
    private readonly List<TurnRecord> _turns = [];
    private long _clock = T0;

    public IReadOnlyList<TurnRecord> Turns => _turns;

    /// <summary>A typed turn: each (offset, draft) is a snapshot; the last draft, trimmed, is committed at <paramref name="endMs"/>.</summary>
    public HistoryBuilder Human(int seat, string author, long endMs, params (long OffsetMs, string Draft)[] drafts)
    {
        var turn = Next(seat, author, TurnKind.Human, drafts[^1].Draft.Trim(), endMs);
        turn.DraftSnapshots = [.. drafts.Select(d => new DraftSnapshotRecord { OffsetMs = d.OffsetMs, Text = d.Draft })];
        return Add(turn);
    }

    /// <summary>A generated turn: chunks at their offsets; the concatenation, trimmed, is committed.</summary>
    public HistoryBuilder Ai(int seat, params (double OffsetMs, string Text)[] chunks)
    {
        var turn = Next(seat, "AI", TurnKind.Ai, string.Concat(chunks.Select(c => c.Text)).Trim(), (long)chunks[^1].OffsetMs + 400);
        turn.TokenChunks = [.. chunks.Select(c => new TokenChunkRecord { OffsetMs = c.OffsetMs, Text = c.Text, Tokens = 1 })];
        turn.Model = "tiny-test-model";
        turn.Sampler = SamplerRecord.From(new AiSettings(Temperature: 0.7f, TopK: 40));
        turn.Seed = 1234 + _turns.Count;
        turn.FinishReason = "MaxTokens";
        turn.ContextUsedTokens = 17;
        return Add(turn);
    }

    /// <summary>A turn the owner skipped, keeping the abandoned draft as its text.</summary>
    public HistoryBuilder Skipped(int seat, string author, string draft, long endMs)
    {
        var turn = Next(seat, author, TurnKind.Skipped, draft, endMs);
        turn.Note = "skipped by the owner";
        if (draft.Length > 0)
        {
            turn.DraftSnapshots = [new DraftSnapshotRecord { OffsetMs = endMs / 2, Text = draft }];
        }
        return Add(turn);
    }

    /// <summary>The last turn, taken back by its author a moment after it was committed.</summary>
    public HistoryBuilder Withdraw()
    {
        _turns[^1].Withdrawn = true;
        _turns[^1].WithdrawnAtMs = _turns[^1].EndedAtMs + 500;
        return this;
    }

    /// <summary>An AI text set aside for the last turn (a retry replaced it, or it lost a vote).</summary>
    public HistoryBuilder Alternative(string text, AlternativeOrigin origin, params string[] voters)
    {
        _turns[^1].Alternatives.Add(new AlternativeRecord
        {
            Origin = origin,
            Text = text,
            TokenChunks = [new TokenChunkRecord { OffsetMs = 30, Text = text, Tokens = 2 }],
            Model = "tiny-test-model",
            Seed = 99,
            Votes = [.. voters.Select((name, seat) => new VoteRecord { SeatIndex = seat, Name = name })],
            CreatedAtMs = _turns[^1].StartedAtMs,
        });
        return this;
    }

    private TurnRecord Next(int seat, string author, TurnKind kind, string text, long durationMs) => new()
    {
        Index = _turns.Count,
        SeatIndex = seat,
        AuthorName = author,
        Kind = kind,
        Text = text,
        StartedAtMs = _clock,
        EndedAtMs = _clock + durationMs,
    };

    private HistoryBuilder Add(TurnRecord turn)
    {
        _turns.Add(turn);
        _clock = turn.EndedAtMs + 1_000;
        return this;
    }
}
