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

    // Long unbroken runs (a paragraph without spaces) rarely repeat; caching them would only hold memory.
    private const int MaxCachedWordLength = 256;

    private readonly BpeTokenizer _bpe;
    // A fixed concurrency level keeps the lock stripes few; the default grows them to 1,024, and every resize
    // (and Count) then takes them all, which made a cold corpus pass several times slower.
    private readonly ConcurrentDictionary<string, int[]> _cache = new(Environment.ProcessorCount, 4096, StringComparer.Ordinal);
    private int _cachedWords;

    public BpeWordEncoder(TokenizerDefinition definition)
    {
        // No normalizer or pre-tokenizer here: HfTokenizer has already done both, so the model sees exactly one word.
        // Merges of pieces holding a space are left out: BpeTokenizer reads merges as "a b" text, and
        // Metaspace has turned every space into ▁ before a word gets here, so they could never apply.
        var options = new BpeOptions(definition.Vocab)
        {
            Merges = definition.Merges
                .Where(m => !m.Left.Contains(' ', StringComparison.Ordinal) && !m.Right.Contains(' ', StringComparison.Ordinal))
                .Select(m => m.Left + " " + m.Right),
            UnknownToken = definition.UnknownToken,
            FuseUnknownTokens = definition.FuseUnknown,
        };
        try
        {
            _bpe = BpeTokenizer.Create(options);
        }
        catch (Exception ex) when (ex is InvalidOperationException or ArgumentException or FormatException)
        {
            throw new TokenizerFormatException($"The BPE model could not be built: {ex.Message}", ex);
        }
    }

    public void Encode(string word, List<int> output)
    {
        if (!_cache.TryGetValue(word, out var ids))
        {
            ids = [.. _bpe.EncodeToIds(word, considerPreTokenization: false, considerNormalization: false)];
            if (word.Length > MaxCachedWordLength)
            {
                output.AddRange(ids);
                return;
            }

            if (Interlocked.Increment(ref _cachedWords) > MaxCachedWords)
            {
                _cache.Clear();
                Interlocked.Exchange(ref _cachedWords, 0);
            }

            _cache.TryAdd(word, ids);
        }

        output.AddRange(ids);
    }
}
