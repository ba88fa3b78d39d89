namespace RelayNovel.Web.Api.Epub;

/// <summary>One chapter: its title (null: the contents name it by number) and its passages in story order.</summary>
public sealed record EpubChapter(string? Title, IReadOnlyList<EpubPassage> Passages);
