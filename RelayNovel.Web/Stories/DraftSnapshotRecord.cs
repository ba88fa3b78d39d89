namespace RelayNovel.Web.Stories;

/// <summary>The draft as it stood at a moment of a human turn (milliseconds after the turn began), for replay.</summary>
public sealed class DraftSnapshotRecord
{
    public long OffsetMs { get; set; }
    public string Text { get; set; } = "";
}
