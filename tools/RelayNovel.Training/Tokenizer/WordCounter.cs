namespace RelayNovel.Training.Tokenizer;

/// <summary>Counts Metaspace words over documents, the input of the BPE trainer.</summary>
internal static class WordCounter
{
    public static Dictionary<string, long> Count(IEnumerable<string> documents)
    {
        var counts = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var doc in documents)
        {
            foreach (var word in Metaspace.Words(Metaspace.Normalize(doc)))
            {
                counts[word] = counts.GetValueOrDefault(word) + 1;
            }
        }

        return counts;
    }
}
