namespace RelayNovel.Training.Tokenizer;

/// <summary>
/// Byte-pair-encoding trainer over word counts with incremental pair counts and a lazy max-heap,
/// so each merge only touches the words that contain the merged pair. Ties break by the pair's
/// strings (ordinal), which makes the result independent of dictionary order.
/// </summary>
internal static class BpeTrainer
{
    public static BpeVocabulary Train(IReadOnlyDictionary<string, long> wordCounts, int vocabSize,
        int minCharFrequency = 5, IReadOnlyList<string>? specials = null, string unkToken = "<unk>")
    {
        specials ??= BpeVocabulary.DefaultSpecials;
        var tokens = new List<string>(specials);
        var ids = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < tokens.Count; i++)
        {
            ids[tokens[i]] = i;
        }

        var unkId = ids[unkToken];
        var orderedWords = wordCounts.OrderBy(w => w.Key, StringComparer.Ordinal).ToList();
        AddAlphabet(orderedWords, minCharFrequency, tokens, ids);

        var words = new int[orderedWords.Count][];
        var freqs = new long[orderedWords.Count];
        for (var w = 0; w < words.Length; w++)
        {
            words[w] = Metaspace.Symbols(orderedWords[w].Key).Select(s => ids.TryGetValue(s, out var id) ? id : unkId).ToArray();
            freqs[w] = orderedWords[w].Value;
        }

        var state = new PairState(words, freqs, unkId, tokens);
        var merges = new List<(string, string)>();
        var done = new HashSet<long>();
        while (tokens.Count < vocabSize && state.TryPopBest(out var key, out var count))
        {
            if (count < 2 || !done.Add(key))
            {
                break;
            }

            int a = (int)(key >> 32), b = (int)key;
            var merged = tokens[a] + tokens[b];
            if (!ids.TryGetValue(merged, out var newId))
            {
                newId = tokens.Count;
                tokens.Add(merged);
                ids[merged] = newId;
            }

            merges.Add((tokens[a], tokens[b]));
            state.Merge(key, newId);
        }

        return new BpeVocabulary(specials, tokens, merges, unkToken);
    }

    private static void AddAlphabet(List<KeyValuePair<string, long>> words, int minCharFrequency, List<string> tokens, Dictionary<string, int> ids)
    {
        var charCounts = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var (word, count) in words)
        {
            foreach (var s in Metaspace.Symbols(word))
            {
                charCounts[s] = charCounts.GetValueOrDefault(s) + count;
            }
        }

        foreach (var c in charCounts.Where(c => c.Value >= minCharFrequency).Select(c => c.Key).Order(StringComparer.Ordinal))
        {
            if (ids.TryAdd(c, tokens.Count))
            {
                tokens.Add(c);
            }
        }
    }
}
