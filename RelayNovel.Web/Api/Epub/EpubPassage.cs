namespace RelayNovel.Web.Api.Epub;

/// <summary>What one author wrote in one go (a turn): the author's name and the paragraphs.</summary>
public sealed record EpubPassage(string Author, IReadOnlyList<string> Paragraphs)
{
    /// <summary>
    /// Each non-blank line is a paragraph, as in the room (a turn's newlines are its line breaks). Characters XML can't
    /// hold go first, so a line of nothing but control characters is no empty paragraph.
    /// </summary>
    public static EpubPassage From(string author, string text) =>
        new(author, [.. EpubXmlText.Clean(text.Replace("\r\n", "\n", StringComparison.Ordinal).Replace('\r', '\n')).Split('\n')
            .Select(line => line.Trim()).Where(line => line.Length > 0)]);

    /// <summary>Characters of text, to keep each content document a size reading systems handle well.</summary>
    public int Length => Author.Length + Paragraphs.Sum(p => p.Length);
}
