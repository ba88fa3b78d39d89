namespace RelayNovel.Inference.Generation;

/// <summary>
/// Turns one position's logits into the next token: repetition penalty, no-repeat-ngram and min-new-token
/// bans, then greedy (temperature 0) or temperature → top-k → top-p sampling with a seeded generator.
/// One instance per generation; buffers are reused between tokens.
/// </summary>
internal sealed class Sampler
{
    // Float rounding must not push a nucleus that sums to exactly top-p one token wider.
    private const double TopPTolerance = 1e-6;
    private const int InsertionLimit = 256;

    private readonly GenerationOptions _options;
    private readonly int _usableVocab;
    private readonly int _endOfTextId;
    private readonly SeededRandom _random;
    private readonly float[] _scores;
    private readonly HashSet<int> _seen = [];
    private int[] _candidates;
    private float[] _candidateScores;

    /// <param name="usableVocab">Ids at or above this (model rows the tokenizer cannot decode) are never chosen.</param>
    /// <param name="endOfTextId">Suppressed until <see cref="GenerationOptions.MinNewTokens"/> tokens exist; negative for none.</param>
    public Sampler(GenerationOptions options, int usableVocab, int endOfTextId)
    {
        _options = options;
        _usableVocab = usableVocab;
        _endOfTextId = endOfTextId;
        _random = SeededRandom.FromOptionalSeed(options.Seed);
        _scores = new float[usableVocab];
        _candidates = new int[Math.Max(1, options.TopK > 0 ? Math.Min(options.TopK, usableVocab) : usableVocab)];
        _candidateScores = new float[_candidates.Length];
    }

    /// <summary>Chooses the next token.</summary>
    /// <param name="logits">Logits of the last position (at least <c>usableVocab</c> long).</param>
    /// <param name="context">Prompt and generated ids so far (penalties and n-gram bans look at both).</param>
    /// <param name="generatedCount">How many new tokens exist already.</param>
    public int Next(ReadOnlySpan<float> logits, IReadOnlyList<int> context, int generatedCount)
    {
        ApplyBans(logits, context, generatedCount);
        if (_options.Temperature == 0f)
        {
            return ArgMax(_scores);
        }

        var count = BuildCandidates();
        var draw = _random.NextDouble();
        var cumulative = 0.0;
        for (var i = 0; i < count; i++)
        {
            cumulative += _candidateScores[i];
            if (draw < cumulative)
            {
                return _candidates[i];
            }
        }

        return _candidates[count - 1];
    }

    /// <summary>
    /// The distribution <see cref="Next"/> would sample from, most likely first (for tests and diagnostics).
    /// </summary>
    public IReadOnlyList<(int Id, double Probability)> Distribution(ReadOnlySpan<float> logits, IReadOnlyList<int> context, int generatedCount)
    {
        ApplyBans(logits, context, generatedCount);
        if (_options.Temperature == 0f)
        {
            return [(ArgMax(_scores), 1.0)];
        }

        var count = BuildCandidates();
        var result = new (int, double)[count];
        for (var i = 0; i < count; i++)
        {
            result[i] = (_candidates[i], _candidateScores[i]);
        }

        return result;
    }

    private void ApplyBans(ReadOnlySpan<float> logits, IReadOnlyList<int> context, int generatedCount)
    {
        logits[.._usableVocab].CopyTo(_scores);
        if (_options.RepetitionPenalty != 1f)
        {
            // Same rule as Hugging Face: divide positive logits, multiply negative ones, once per distinct token.
            _seen.Clear();
            foreach (var id in context)
            {
                if ((uint)id < (uint)_usableVocab && _seen.Add(id))
                {
                    var s = _scores[id];
                    _scores[id] = s > 0 ? s / _options.RepetitionPenalty : s * _options.RepetitionPenalty;
                }
            }
        }

        if (_options.NoRepeatNgramSize > 0)
        {
            BanRepeatedNgrams(context, _options.NoRepeatNgramSize);
        }

        if (generatedCount < _options.MinNewTokens && (uint)_endOfTextId < (uint)_usableVocab)
        {
            _scores[_endOfTextId] = float.NegativeInfinity;
        }
    }

    // Any token that would complete an n-gram already present in the context is banned.
    private void BanRepeatedNgrams(IReadOnlyList<int> context, int n)
    {
        var length = context.Count;
        if (length < n)
        {
            return;
        }

        for (var start = 0; start + n <= length; start++)
        {
            var matches = true;
            for (var j = 0; j < n - 1; j++)
            {
                if (context[start + j] != context[length - n + 1 + j])
                {
                    matches = false;
                    break;
                }
            }

            var banned = context[start + n - 1];
            if (matches && (uint)banned < (uint)_usableVocab)
            {
                _scores[banned] = float.NegativeInfinity;
            }
        }
    }

    // Fills _candidates/_candidateScores (probabilities, descending) and returns how many survive top-k and top-p.
    private int BuildCandidates()
    {
        var count = SelectTop(_options.TopK > 0 ? Math.Min(_options.TopK, _usableVocab) : _usableVocab);
        var max = _candidateScores[0];
        if (float.IsNegativeInfinity(max))
        {
            throw new InvalidOperationException("Every token is banned; relax NoRepeatNgramSize or MinNewTokens.");
        }

        var inverseTemperature = 1.0 / _options.Temperature;
        var sum = 0.0;
        for (var i = 0; i < count; i++)
        {
            var p = Math.Exp((_candidateScores[i] - max) * inverseTemperature);
            _candidateScores[i] = (float)p;
            sum += p;
        }

        var kept = count;
        var cumulative = 0.0;
        for (var i = 0; i < count; i++)
        {
            _candidateScores[i] = (float)(_candidateScores[i] / sum);
            cumulative += _candidateScores[i];
            if (kept == count && _options.TopP < 1f && cumulative >= _options.TopP - TopPTolerance)
            {
                kept = i + 1;
            }
        }

        var keptSum = 0.0;
        for (var i = 0; i < kept; i++)
        {
            keptSum += _candidateScores[i];
        }

        for (var i = 0; i < kept; i++)
        {
            _candidateScores[i] = (float)(_candidateScores[i] / keptSum);
        }

        return kept;
    }

    // The k highest scores, descending; banned (-inf) tokens are left out.
    private int SelectTop(int k)
    {
        if (_candidates.Length < k)
        {
            _candidates = new int[k];
            _candidateScores = new float[k];
        }

        var count = k <= InsertionLimit ? SelectTopByInsertion(k) : SelectTopBySorting(k);
        if (count == 0)
        {
            _candidateScores[0] = float.NegativeInfinity;
            return 1;
        }

        return count;
    }

    private int SelectTopByInsertion(int k)
    {
        var count = 0;
        for (var id = 0; id < _usableVocab; id++)
        {
            var s = _scores[id];
            if (float.IsNegativeInfinity(s) || float.IsNaN(s) || (count == k && s <= _candidateScores[k - 1]))
            {
                continue;
            }

            var pos = count < k ? count++ : k - 1;
            while (pos > 0 && _candidateScores[pos - 1] < s)
            {
                _candidateScores[pos] = _candidateScores[pos - 1];
                _candidates[pos] = _candidates[pos - 1];
                pos--;
            }

            _candidateScores[pos] = s;
            _candidates[pos] = id;
        }

        return count;
    }

    private int SelectTopBySorting(int k)
    {
        var count = 0;
        for (var id = 0; id < _usableVocab; id++)
        {
            var s = _scores[id];
            if (!float.IsNegativeInfinity(s) && !float.IsNaN(s))
            {
                // Negated so the ascending sort puts the most likely first (unstable but deterministic for equal input).
                _candidateScores[count] = -s;
                _candidates[count] = id;
                count++;
            }
        }

        Array.Sort(_candidateScores, _candidates, 0, count);
        for (var i = 0; i < count; i++)
        {
            _candidateScores[i] = -_candidateScores[i];
        }

        return Math.Min(count, k);
    }

    private static int ArgMax(ReadOnlySpan<float> scores)
    {
        var best = 0;
        for (var i = 1; i < scores.Length; i++)
        {
            if (scores[i] > scores[best])
            {
                best = i;
            }
        }

        if (float.IsNegativeInfinity(scores[best]))
        {
            throw new InvalidOperationException("Every token is banned; relax NoRepeatNgramSize or MinNewTokens.");
        }

        return best;
    }
}
