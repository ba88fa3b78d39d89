namespace RelayNovel.Web.Components.Pages.Read;

/// <summary>A turn's text as the reading view's paragraphs: each line its own paragraph, blank lines dropped.</summary>
public static class ReadParagraphs
{
    public static IReadOnlyList<string> Of(string text) =>
        [.. text.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n').Select(l => l.Trim()).Where(l => l.Length > 0)];
}
