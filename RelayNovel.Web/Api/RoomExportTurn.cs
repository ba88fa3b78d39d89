using RelayNovel.Web.Rooms;
using RelayNovel.Web.Stories;

namespace RelayNovel.Web.Api;

/// <summary>
/// One turn in a <see cref="RoomExportFile"/>: what was written, by whom, when, and how (drafts as typed, tokens as
/// generated), with the AI texts set aside for it (branches), the votes that chose it, and whether it was withdrawn.
/// </summary>
public sealed record RoomExportTurn(
    int Index,
    int SeatIndex,
    string? Author,
    TurnKind Kind,
    string? Text,
    DateTimeOffset StartedAt,
    DateTimeOffset EndedAt,
    string? Note = null,
    IReadOnlyList<DraftEdit?>? Drafts = null,
    IReadOnlyList<TokenChunkRecord>? TokenChunks = null,
    string? Model = null,
    SamplerRecord? Sampler = null,
    int? Seed = null,
    string? FinishReason = null,
    int? ContextUsedTokens = null,
    IReadOnlyList<AlternativeRecord>? Alternatives = null,
    IReadOnlyList<VoteRecord>? Votes = null,
    bool Withdrawn = false,
    DateTimeOffset? WithdrawnAt = null)
{
    public static RoomExportTurn From(TurnRecord t) => new(t.Index, t.SeatIndex, t.AuthorName, t.Kind, t.Text,
        DateTimeOffset.FromUnixTimeMilliseconds(t.StartedAtMs), DateTimeOffset.FromUnixTimeMilliseconds(t.EndedAtMs),
        t.Note, DraftEdit.Encode(t.DraftSnapshots), t.TokenChunks, t.Model, t.Sampler, t.Seed, t.FinishReason, t.ContextUsedTokens,
        t.Alternatives, t.Votes, t.Withdrawn,
        t.WithdrawnAtMs is { } withdrawn ? DateTimeOffset.FromUnixTimeMilliseconds(withdrawn) : null);

    /// <summary>A stored turn without a room yet (the import gives it one); <paramref name="budget"/> bounds the drafts' text.</summary>
    public TurnRecord ToDocument(ref long budget) => new()
    {
        Index = Index,
        SeatIndex = SeatIndex,
        AuthorName = Author ?? "",
        Kind = Kind,
        Text = Text ?? "",
        StartedAtMs = StartedAt.ToUnixTimeMilliseconds(),
        EndedAtMs = EndedAt.ToUnixTimeMilliseconds(),
        Note = Note,
        DraftSnapshots = DraftEdit.Decode(Drafts ?? [], $"Turn {Index}", ref budget),
        TokenChunks = [.. TokenChunks ?? []],
        Model = Model,
        Sampler = Sampler,
        Seed = Seed,
        FinishReason = FinishReason,
        ContextUsedTokens = ContextUsedTokens,
        Alternatives = [.. Alternatives ?? []],
        Votes = [.. Votes ?? []],
        Withdrawn = Withdrawn,
        WithdrawnAtMs = WithdrawnAt?.ToUnixTimeMilliseconds(),
    };
}
