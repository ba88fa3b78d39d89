namespace RelayNovel.Web.Api.Epub;

/// <summary>What one author wrote in one go (a turn): the author's name and the paragraphs.</summary>
public sealed record EpubPassage(string Author, IReadOnlyList<string> Paragraphs)
{
    /// <summary>Each non-blank line is a paragraph, as in the room (a turn's newlines are its line breaks).</summary>
    public static EpubPassage From(string author, string text) =>
        new(author, [.. text.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n', '\r')
            .Select(line => line.Trim()).Where(line => line.Length > 0)]);

    /// <summary>Characters of text, to keep each content document a size reading systems handle well.</summary>
    public int Length => Author.Length + Paragraphs.Sum(p => p.Length);
}
