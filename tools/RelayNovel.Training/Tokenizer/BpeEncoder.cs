namespace RelayNovel.Training.Tokenizer;

/// <summary>
/// Encodes text the way HF's BPE model does: per Metaspace word, start from characters (unknown
/// ones become the unk id) and apply the lowest-ranked merge until none applies. Words are cached,
/// which makes encoding the whole corpus take seconds.
/// </summary>
internal sealed class BpeEncoder
{
    private readonly Dictionary<string, int> _ids = new(StringComparer.Ordinal);
    private readonly Dictionary<long, (int Rank, int Id)> _merges = [];
    private readonly Dictionary<string, int[]> _cache = new(StringComparer.Ordinal);
    private readonly int _unkId;

    public BpeEncoder(BpeVocabulary vocabulary)
    {
        for (var i = 0; i < vocabulary.Tokens.Count; i++)
        {
            _ids.TryAdd(vocabulary.Tokens[i], i);
        }

        _unkId = _ids[vocabulary.UnkToken];
        for (var r = 0; r < vocabulary.Merges.Count; r++)
        {
            var (left, right) = vocabulary.Merges[r];
            _merges.TryAdd(Key(_ids[left], _ids[right]), (r, _ids[left + right]));
        }
    }

    public int UnkId => _unkId;

    /// <summary>Encodes one document (no BOS/EOS), normalising it first.</summary>
    public List<int> Encode(string text)
    {
        var result = new List<int>();
        foreach (var word in Metaspace.Words(Metaspace.Normalize(text)))
        {
            result.AddRange(EncodeWord(word));
        }

        return result;
    }

    public int[] EncodeWord(string word)
    {
        if (_cache.TryGetValue(word, out var cached))
        {
            return cached;
        }

        var symbols = Metaspace.Symbols(word).Select(s => _ids.TryGetValue(s, out var id) ? id : _unkId).ToArray();
        while (symbols.Length > 1)
        {
            var best = (Rank: int.MaxValue, Id: -1, A: 0, B: 0);
            for (var i = 0; i + 1 < symbols.Length; i++)
            {
                if (_merges.TryGetValue(Key(symbols[i], symbols[i + 1]), out var m) && m.Rank < best.Rank)
                {
                    best = (m.Rank, m.Id, symbols[i], symbols[i + 1]);
                }
            }

            if (best.Id < 0)
            {
                break;
            }

            symbols = PairState.Apply(symbols, best.A, best.B, best.Id);
        }

        _cache[word] = symbols;
        return symbols;
    }

    private static long Key(int a, int b) => ((long)a << 32) | (uint)b;
}
