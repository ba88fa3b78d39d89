namespace RelayNovel.Web.Api.Epub;

/// <summary>
/// What an EPUB holds, apart from how a room stores it: <see cref="EpubWriter"/> writes any book, and
/// <see cref="EpubBookBuilder"/> makes one from a room. The book's language is always Korean (<see cref="Language"/>).
/// </summary>
/// <param name="Identifier">The package's unique identifier (a <c>urn:uuid:</c>), stable for a room across exports.</param>
/// <param name="Foreword">The premise; null (no foreword page) when there is none.</param>
/// <param name="Authors">The people who wrote it, in the order they first wrote.</param>
/// <param name="Models">The AI models that wrote turns, each with its training data's attribution.</param>
/// <param name="Modified">When the story last changed (the package's <c>dcterms:modified</c>).</param>
public sealed record EpubBook(string Identifier, string Title, string? Foreword, IReadOnlyList<EpubChapter> Chapters,
    IReadOnlyList<string> Authors, IReadOnlyList<EpubModelCredit> Models, DateTimeOffset Modified, EpubLabels Labels)
{
    public const string Language = "ko";
}
