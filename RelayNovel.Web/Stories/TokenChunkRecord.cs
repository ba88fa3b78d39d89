namespace RelayNovel.Web.Stories;

/// <summary>One streamed chunk of an AI turn: its text, how many tokens it carried, and when it was generated.</summary>
public sealed class TokenChunkRecord
{
    public double OffsetMs { get; set; }
    public string Text { get; set; } = "";
    public int Tokens { get; set; }
}
