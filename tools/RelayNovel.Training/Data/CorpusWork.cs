namespace RelayNovel.Training.Data;

/// <summary>One text file of the corpus with the manifest fields the split needs.</summary>
internal sealed record CorpusWork(string RelativePath, string Title, string Author, string Source, string Licence, int Chars)
{
    /// <summary>Title key that makes the KoCoNovel and Wikisource copies of one story collide.</summary>
    public string TitleKey => TitleNormalizer.Normalize(Title);
}
