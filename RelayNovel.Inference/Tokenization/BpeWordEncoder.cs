using System.Collections.Concurrent;
using System.Globalization;
using Microsoft.ML.Tokenizers;

namespace RelayNovel.Inference.Tokenization;

/// <summary>
/// Runs the BPE merges over one pre-tokenized word with Microsoft.ML.Tokenizers' BpeTokenizer and
/// remembers the result, because prose repeats the same words over and over.
/// </summary>
internal sealed class BpeWordEncoder
{
    /// <summary>
    /// The longest piece BPE ever sees. BpeTokenizer's cost grows with the square of a word's length (it removes
    /// merged symbols one at a time), and text without spaces — Korean often, a whole story joined by line breaks —
    /// is one word: a 200,000-character word took seconds. Longer words are encoded in pieces of at most this many
    /// characters, so encoding is linear in the text. Words of ordinary prose are far shorter and encode as before.
    /// </summary>
    internal const int MaxPieceLength = 256;

    // Enough for the distinct words of a large corpus; cleared wholesale beyond it to bound memory.
    private const int MaxCachedWords = 500_000;

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

    public void Encode(string word, List<int> output, CancellationToken ct = default)
    {
        if (word.Length <= MaxPieceLength)
        {
            EncodePiece(word, output, cache: true);
            return;
        }

        for (var start = 0; start < word.Length;)
        {
            ct.ThrowIfCancellationRequested();
            var length = PieceLength(word.AsSpan(start));
            // Pieces of an unbroken run rarely repeat; caching them would only hold memory.
            EncodePiece(word.Substring(start, length), output, cache: false);
            start += length;
        }
    }

    /// <summary>
    /// The length of the next piece of an over-long word: at most <see cref="MaxPieceLength"/>, ending after a line
    /// break or punctuation in the piece's last quarter when there is one (merges rarely cross those), and never
    /// between a surrogate pair or before a combining mark.
    /// </summary>
    internal static int PieceLength(ReadOnlySpan<char> rest)
    {
        if (rest.Length <= MaxPieceLength)
        {
            return rest.Length;
        }

        for (var end = MaxPieceLength; end > MaxPieceLength * 3 / 4; end--)
        {
            if (CanCutBefore(rest[end]) && (char.IsPunctuation(rest[end - 1]) || char.IsWhiteSpace(rest[end - 1]) || char.IsSymbol(rest[end - 1])))
            {
                return end;
            }
        }

        for (var end = MaxPieceLength; end > 1; end--)
        {
            if (CanCutBefore(rest[end]))
            {
                return end;
            }
        }

        return MaxPieceLength;   // a run of combining marks this long: nothing better to keep together
    }

    private static bool CanCutBefore(char next) =>
        !char.IsLowSurrogate(next) && CharUnicodeInfo.GetUnicodeCategory(next) is not
            (UnicodeCategory.NonSpacingMark or UnicodeCategory.SpacingCombiningMark or UnicodeCategory.EnclosingMark);

    private void EncodePiece(string word, List<int> output, bool cache)
    {
        if (!_cache.TryGetValue(word, out var ids))
        {
            ids = [.. _bpe.EncodeToIds(word, considerPreTokenization: false, considerNormalization: false)];
            if (!cache)
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
