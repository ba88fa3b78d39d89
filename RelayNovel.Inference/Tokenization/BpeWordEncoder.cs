using System.Collections.Concurrent;
using Microsoft.ML.Tokenizers;

namespace RelayNovel.Inference.Tokenization;

/// <summary>
/// Runs the BPE merges over one pre-tokenized word with Microsoft.ML.Tokenizers' BpeTokenizer and
/// remembers the result, because prose repeats the same words over and over.
/// </summary>
internal sealed class BpeWordEncoder
{
    // Enough for the distinct words of a large corpus; cleared wholesale beyond it to bound memory.
    private const int MaxCachedWords = 500_000;

    private readonly BpeTokenizer _bpe;
    private readonly ConcurrentDictionary<string, int[]> _cache = new(StringComparer.Ordinal);

    public BpeWordEncoder(TokenizerDefinition definition)
    {
        // No normalizer or pre-tokenizer here: HfTokenizer has already done both, so the model sees exactly one word.
        var options = new BpeOptions(definition.Vocab)
        {
            Merges = definition.Merges.Select(m => m.Left + " " + m.Right),
            UnknownToken = definition.UnknownToken,
            FuseUnknownTokens = definition.FuseUnknown,
        };
        _bpe = BpeTokenizer.Create(options);
    }

    public void Encode(string word, List<int> output)
    {
        if (!_cache.TryGetValue(word, out var ids))
        {
            ids = [.. _bpe.EncodeToIds(word, considerPreTokenization: false, considerNormalization: false)];
            if (_cache.Count >= MaxCachedWords)
            {
                _cache.Clear();
            }

            _cache.TryAdd(word, ids);
        }

        output.AddRange(ids);
    }
}
