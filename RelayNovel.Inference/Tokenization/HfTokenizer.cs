using System.Text;

namespace RelayNovel.Inference.Tokenization;

/// <summary>
/// A Hugging Face tokenizer.json of the KoGPT2 kind (BPE, NFKC, Metaspace ▁, added special tokens),
/// giving the same ids and decoded text as HF tokenizers. The BPE merges run in Microsoft.ML.Tokenizers;
/// this class adds what it lacks: added-token splitting in the raw text, NFKC, the ▁ rules and decoding.
/// </summary>
public sealed class HfTokenizer
{
    private readonly AddedTokenMatcher _addedTokens;
    private readonly BpeWordEncoder _words;
    private readonly Dictionary<string, int> _tokenToId;
    private readonly string?[] _idToToken;
    private readonly bool[] _special;
    private readonly bool _nfkc;
    private readonly char _replacement;
    private readonly bool _prependPrefix;

    private HfTokenizer(TokenizerDefinition definition)
    {
        _nfkc = definition.Nfkc;
        _replacement = definition.Replacement;
        _prependPrefix = definition.PrependPrefix;
        _addedTokens = new AddedTokenMatcher(definition.AddedTokens);
        _words = new BpeWordEncoder(definition);

        _tokenToId = new Dictionary<string, int>(definition.Vocab, StringComparer.Ordinal);
        var maxId = Math.Max(definition.Vocab.Count == 0 ? -1 : definition.Vocab.Values.Max(),
            definition.AddedTokens.Count == 0 ? -1 : definition.AddedTokens.Max(t => t.Id));
        VocabSize = maxId + 1;
        _idToToken = new string?[VocabSize];
        _special = new bool[VocabSize];
        foreach (var (token, id) in definition.Vocab)
        {
            _idToToken[id] = token;
        }

        // Added tokens win over a model entry with the same id or content, as in HF.
        foreach (var added in definition.AddedTokens)
        {
            _idToToken[added.Id] = added.Content;
            _tokenToId[added.Content] = added.Id;
            _special[added.Id] = added.Special;
        }
    }

    /// <summary>Largest id + 1 over the model vocabulary and the added tokens.</summary>
    public int VocabSize { get; }

    /// <exception cref="TokenizerFormatException">The file is missing, corrupt or uses an unsupported feature.</exception>
    public static HfTokenizer Load(string tokenizerJsonPath)
    {
        ArgumentNullException.ThrowIfNull(tokenizerJsonPath);
        string json;
        try
        {
            json = File.ReadAllText(tokenizerJsonPath, Encoding.UTF8);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new TokenizerFormatException($"Cannot read tokenizer file '{tokenizerJsonPath}': {ex.Message}", ex);
        }

        try
        {
            return FromJson(json);
        }
        catch (TokenizerFormatException ex)
        {
            throw new TokenizerFormatException($"{tokenizerJsonPath}: {ex.Message}", ex);
        }
    }

    /// <exception cref="TokenizerFormatException">The JSON is corrupt or uses an unsupported feature.</exception>
    public static HfTokenizer FromJson(string json)
    {
        ArgumentNullException.ThrowIfNull(json);
        return new HfTokenizer(TokenizerJsonReader.Read(json));
    }

    public int? TokenToId(string token) => _tokenToId.TryGetValue(token, out var id) ? id : null;

    public string? IdToToken(int id) => (uint)id < (uint)_idToToken.Length ? _idToToken[id] : null;

    public bool IsSpecial(int id) => (uint)id < (uint)_special.Length && _special[id];

    /// <summary>Text to ids, like HF's <c>encode(text, add_special_tokens=False)</c>: BOS/EOS are never added.</summary>
    public IReadOnlyList<int> Encode(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var ids = new List<int>(text.Length / 2 + 4);
        _addedTokens.Split(text, (start, length) => EncodePlainText(text.Substring(start, length), ids), token => ids.Add(token.Id));
        return ids;
    }

    /// <summary>Ids to text, like HF's <c>decode(ids, skip_special_tokens)</c> without clean-up; unknown ids are skipped as HF does.</summary>
    public string Decode(IEnumerable<int> ids, bool skipSpecialTokens = false)
    {
        ArgumentNullException.ThrowIfNull(ids);
        var text = new StringBuilder();
        var first = true;
        foreach (var id in ids)
        {
            if (TryAppendToken(text, id, skipSpecialTokens, first))
            {
                first = false;
            }
        }

        return text.ToString();
    }

    public StreamingDecoder CreateStreamingDecoder(bool skipSpecialTokens = false) => new(this, skipSpecialTokens);

    /// <summary>Appends one token's decoded text; false when the token is skipped (unknown id or skipped special).</summary>
    internal bool TryAppendToken(StringBuilder text, int id, bool skipSpecialTokens, bool first)
    {
        var token = IdToToken(id);
        if (token is null || (skipSpecialTokens && _special[id]))
        {
            return false;
        }

        // HF's Metaspace decoder drops the replacement in the first token (the prefix it added) and turns it into a space elsewhere.
        var dropReplacement = first && _prependPrefix;
        foreach (var c in token)
        {
            if (c != _replacement)
            {
                text.Append(c);
            }
            else if (!dropReplacement)
            {
                text.Append(' ');
            }
        }

        return true;
    }

    private void EncodePlainText(string segment, List<int> ids)
    {
        var normalized = _nfkc ? NormalizeKc(segment) : segment;
        if (normalized.Length == 0)
        {
            return;
        }

        // Metaspace: every ' ' becomes ▁, the segment gets a ▁ unless it already starts with one,
        // and each ▁ opens a new word (merged with what follows it).
        var prefix = _prependPrefix && normalized[0] != ' ' && normalized[0] != _replacement;
        var words = string.Create(normalized.Length + (prefix ? 1 : 0), (normalized, prefix, _replacement), static (span, state) =>
        {
            var offset = 0;
            if (state.prefix)
            {
                span[0] = state._replacement;
                offset = 1;
            }

            for (var i = 0; i < state.normalized.Length; i++)
            {
                var c = state.normalized[i];
                span[offset + i] = c == ' ' ? state._replacement : c;
            }
        });

        var start = 0;
        for (var i = 1; i <= words.Length; i++)
        {
            if (i == words.Length || words[i] == _replacement)
            {
                _words.Encode(words.Substring(start, i - start), ids);
                start = i;
            }
        }
    }

    private static string NormalizeKc(string text)
    {
        // HF works on Rust strings, where a lone surrogate cannot exist (it arrives as U+FFFD); .NET would throw instead.
        if (!text.AsSpan().ContainsAnyInRange('\uD800', '\uDFFF') || IsWellFormed(text))
        {
            return text.IsNormalized(NormalizationForm.FormKC) ? text : text.Normalize(NormalizationForm.FormKC);
        }

        var repaired = new StringBuilder(text.Length);
        for (var i = 0; i < text.Length; i++)
        {
            if (char.IsHighSurrogate(text[i]) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                repaired.Append(text[i]).Append(text[++i]);
            }
            else
            {
                repaired.Append(char.IsSurrogate(text[i]) ? '\uFFFD' : text[i]);
            }
        }

        return repaired.ToString().Normalize(NormalizationForm.FormKC);
    }

    private static bool IsWellFormed(string text)
    {
        for (var i = 0; i < text.Length; i++)
        {
            if (char.IsHighSurrogate(text[i]) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                i++;
            }
            else if (char.IsSurrogate(text[i]))
            {
                return false;
            }
        }

        return true;
    }
}
