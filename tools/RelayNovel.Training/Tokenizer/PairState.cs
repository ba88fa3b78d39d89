namespace RelayNovel.Training.Tokenizer;

/// <summary>Pair counts, the words each pair occurs in, and a lazy heap of candidate merges.</summary>
internal sealed class PairState
{
    private readonly int[][] _words;
    private readonly long[] _freqs;
    private readonly int _unkId;
    private readonly IReadOnlyList<string> _tokens;
    private readonly Dictionary<long, long> _counts = [];
    private readonly Dictionary<long, List<int>> _where = [];
    private readonly PriorityQueue<long, (long Count, long Key)> _heap;
    private readonly int[] _stamp;
    private int _generation;

    public PairState(int[][] words, long[] freqs, int unkId, IReadOnlyList<string> tokens)
    {
        _words = words;
        _freqs = freqs;
        _unkId = unkId;
        _tokens = tokens;
        _stamp = new int[words.Length];
        _heap = new PriorityQueue<long, (long Count, long Key)>(Comparer<(long Count, long Key)>.Create(ComparePriority));
        for (var w = 0; w < words.Length; w++)
        {
            foreach (var key in Pairs(words[w]))
            {
                _counts[key] = _counts.GetValueOrDefault(key) + freqs[w];
                Where(key).Add(w);
            }
        }

        foreach (var (key, count) in _counts)
        {
            _heap.Enqueue(key, (count, key));
        }
    }

    public bool TryPopBest(out long key, out long count)
    {
        while (_heap.TryDequeue(out key, out var priority))
        {
            count = _counts.GetValueOrDefault(key);
            if (count == priority.Count && count > 0)
            {
                return true;
            }

            if (count > 0)
            {
                _heap.Enqueue(key, (count, key));
            }
        }

        count = 0;
        return false;
    }

    public void Merge(long key, int newId)
    {
        int a = (int)(key >> 32), b = (int)key;
        _generation++;
        var grown = new HashSet<long>();
        foreach (var w in _where[key])
        {
            if (_stamp[w] == _generation)
            {
                continue;
            }

            _stamp[w] = _generation;
            var word = _words[w];
            if (!Contains(word, a, b))
            {
                continue;
            }

            foreach (var p in Pairs(word))
            {
                _counts[p] -= _freqs[w];
            }

            word = _words[w] = Apply(word, a, b, newId);
            foreach (var p in Pairs(word))
            {
                _counts[p] = _counts.GetValueOrDefault(p) + _freqs[w];
                if ((int)(p >> 32) == newId || (int)p == newId)
                {
                    Where(p).Add(w);
                    grown.Add(p);
                }
            }
        }

        _counts.Remove(key);
        foreach (var p in grown)
        {
            _heap.Enqueue(p, (_counts[p], p));
        }
    }

    private int ComparePriority((long Count, long Key) x, (long Count, long Key) y)
    {
        var byCount = y.Count.CompareTo(x.Count);
        if (byCount != 0 || x.Key == y.Key)
        {
            return byCount;
        }

        var byLeft = string.CompareOrdinal(_tokens[(int)(x.Key >> 32)], _tokens[(int)(y.Key >> 32)]);
        return byLeft != 0 ? byLeft : string.CompareOrdinal(_tokens[(int)x.Key], _tokens[(int)y.Key]);
    }

    private List<int> Where(long key)
    {
        if (!_where.TryGetValue(key, out var list))
        {
            _where[key] = list = [];
        }

        return list;
    }

    private IEnumerable<long> Pairs(int[] word)
    {
        for (var i = 0; i + 1 < word.Length; i++)
        {
            if (word[i] != _unkId && word[i + 1] != _unkId)
            {
                yield return ((long)word[i] << 32) | (uint)word[i + 1];
            }
        }
    }

    private static bool Contains(int[] word, int a, int b)
    {
        for (var i = 0; i + 1 < word.Length; i++)
        {
            if (word[i] == a && word[i + 1] == b)
            {
                return true;
            }
        }

        return false;
    }

    internal static int[] Apply(int[] word, int a, int b, int newId)
    {
        var result = new List<int>(word.Length);
        for (var i = 0; i < word.Length; i++)
        {
            if (i + 1 < word.Length && word[i] == a && word[i + 1] == b)
            {
                result.Add(newId);
                i++;
            }
            else
            {
                result.Add(word[i]);
            }
        }

        return [.. result];
    }
}
