using RelayNovel.Web.Rooms;

namespace RelayNovel.Web.Api;

/// <summary>
/// One chapter of the story: its story turns in order, and the owner's mark that starts it (null for the turns
/// before the first mark, which have no heading). <see cref="Number"/> counts marked chapters from 1 (0 when unmarked).
/// </summary>
public sealed record StoryChapter(int Number, ChapterMark? Mark, IReadOnlyList<TurnView> Turns)
{
    /// <summary>How exports name a chapter the owner marked without a title ("제2장").</summary>
    public const string UntitledFormat = "제{0}장";

    public string? Title => Mark?.Title;

    /// <summary>The heading to show: the title, else <paramref name="untitledFormat"/> with the number; null when unmarked.</summary>
    public string? Heading(string untitledFormat = UntitledFormat) =>
        Mark is null ? null : Title ?? string.Format(System.Globalization.CultureInfo.InvariantCulture, untitledFormat, Number);
}
