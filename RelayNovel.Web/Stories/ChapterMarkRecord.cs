namespace RelayNovel.Web.Stories;

/// <summary>A stored chapter break: the story's turn that starts a chapter, and the chapter's title if the owner gave one.</summary>
public sealed class ChapterMarkRecord
{
    public int TurnIndex { get; set; }
    public string? Title { get; set; }
}
