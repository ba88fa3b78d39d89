namespace RelayNovel.Web.Stories;

/// <summary>One seated member's vote for a candidate text (who, by seat and by the name they wrote under).</summary>
public sealed class VoteRecord
{
    public int SeatIndex { get; set; }
    public string Name { get; set; } = "";
}
