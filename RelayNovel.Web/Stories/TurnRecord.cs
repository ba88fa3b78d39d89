using RelayNovel.Web.Rooms;

namespace RelayNovel.Web.Stories;

/// <summary>A committed turn with the timeline needed to replay it.</summary>
public sealed class TurnRecord
{
    public string Id { get; set; } = "";
    public string RoomId { get; set; } = "";
    public int Index { get; set; }
    public int SeatIndex { get; set; }
    public string AuthorName { get; set; } = "";
    public TurnKind Kind { get; set; }
    public string Text { get; set; } = "";
    public long StartedAtMs { get; set; }
    public long EndedAtMs { get; set; }
    /// <summary>The client's id for this submission, so a retried submit returns this turn instead of a new one.</summary>
    public string? SubmissionId { get; set; }
    /// <summary>Why a turn was skipped (timer, owner, kick, no model).</summary>
    public string? Note { get; set; }

    // Human turns: the draft as it was typed.
    public List<DraftSnapshotRecord> DraftSnapshots { get; set; } = [];

    // AI turns: the token stream and what produced it.
    public List<TokenChunkRecord> TokenChunks { get; set; } = [];
    public string? Model { get; set; }
    public SamplerRecord? Sampler { get; set; }
    public int? Seed { get; set; }
    public string? FinishReason { get; set; }
    public int? ContextUsedTokens { get; set; }

    /// <summary>AI texts set aside for this turn (lost votes, replaced attempts), oldest first.</summary>
    public List<AlternativeRecord> Alternatives { get; set; } = [];

    /// <summary>Who voted for this turn's text when a room vote chose it (empty otherwise).</summary>
    public List<VoteRecord> Votes { get; set; } = [];

    /// <summary>
    /// Taken back by its author (undo): kept in the history, but no longer part of the story, the prompt or the
    /// story text of exports.
    /// </summary>
    public bool Withdrawn { get; set; }
    public long? WithdrawnAtMs { get; set; }

    public static string MakeId(string roomId, int index) => $"{roomId}/{index:D6}";

    public TurnView ToView() => new(Index, SeatIndex, AuthorName, Kind, Text,
        DateTimeOffset.FromUnixTimeMilliseconds(StartedAtMs), DateTimeOffset.FromUnixTimeMilliseconds(EndedAtMs))
    {
        Withdrawn = Withdrawn,
        AlternativeCount = Alternatives.Count,
    };
}
