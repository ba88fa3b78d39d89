using System.Globalization;
using System.Text;

namespace RelayNovel.Inference.Tokenization;

/// <summary>
/// Turns generated ids into text chunks as they arrive. The chunks concatenate to exactly
/// <see cref="HfTokenizer.Decode"/> of all ids; a chunk never ends inside a grapheme cluster
/// (a Hangul syllable built from jamo, a surrogate pair, an emoji sequence, a letter and its accents),
/// because the last cluster is held back until text after it shows it is complete.
/// </summary>
public sealed class StreamingDecoder
{
    private readonly HfTokenizer _tokenizer;
    private readonly bool _skipSpecialTokens;
    private readonly StringBuilder _pending = new();
    private bool _first;

    internal StreamingDecoder(HfTokenizer tokenizer, bool skipSpecialTokens, bool continuesText)
    {
        _tokenizer = tokenizer;
        _skipSpecialTokens = skipSpecialTokens;
        _first = !continuesText;
    }

    /// <summary>Adds one id and returns the text that can no longer change (possibly empty).</summary>
    public string Push(int id)
    {
        if (_tokenizer.TryAppendToken(_pending, id, _skipSpecialTokens, _first))
        {
            _first = false;
        }

        var pending = _pending.ToString();
        var stable = StartOfLastCluster(pending);
        if (stable == 0)
        {
            return string.Empty;
        }

        _pending.Remove(0, stable);
        return pending[..stable];
    }

    /// <summary>Returns whatever is still held back; call once the sequence has ended.</summary>
    public string Flush()
    {
        var rest = _pending.ToString();
        _pending.Clear();
        return rest;
    }

    private static int StartOfLastCluster(string text)
    {
        var start = 0;
        var position = 0;
        while (position < text.Length)
        {
            start = position;
            position += StringInfo.GetNextTextElementLength(text, position);
        }

        return start;
    }
}
