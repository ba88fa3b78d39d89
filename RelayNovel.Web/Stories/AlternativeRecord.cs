namespace RelayNovel.Web.Stories;

/// <summary>
/// An AI text that was not committed as the turn (it lost a vote, or a retry replaced it), kept with the turn so
/// the replay can show it as a branch: the text as it had been shown, with its token timing and how it was made.
/// </summary>
public sealed class AlternativeRecord
{
    public AlternativeOrigin Origin { get; set; }
    public string Text { get; set; } = "";
    public List<TokenChunkRecord> TokenChunks { get; set; } = [];
    public string? Model { get; set; }
    public SamplerRecord? Sampler { get; set; }
    public int? Seed { get; set; }
    public string? FinishReason { get; set; }
    public List<VoteRecord> Votes { get; set; } = [];
    /// <summary>When it was set aside (for a retry, when it was replaced).</summary>
    public long CreatedAtMs { get; set; }
}
