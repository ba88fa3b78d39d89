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
    private readonly MetaspacePreTokenizer _preTokenizer;
    private readonly char _replacement;
    private readonly bool _prependPrefix;

    private HfTokenizer(TokenizerDefinition definition)
    {
        _preTokenizer = new MetaspacePreTokenizer(definition.Nfkc, definition.Replacement, definition.PrependPrefix);
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
    public IReadOnlyList<int> Encode(string text) => Encode(text, CancellationToken.None);

    /// <summary>
    /// Text to ids (see <see cref="Encode(string)"/>), stopping with <see cref="OperationCanceledException"/> between
    /// words once <paramref name="ct"/> is cancelled. Encoding takes time linear in the text's length.
    /// </summary>
    public IReadOnlyList<int> Encode(string text, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(text);
        ct.ThrowIfCancellationRequested();
        var ids = new List<int>(text.Length / 2 + 4);
        _addedTokens.Split(text, (start, length) => EncodePlainText(text.Substring(start, length), ids, ct), token => ids.Add(token.Id));
        return ids;
    }

    /// <summary>Ids to text, like HF's <c>decode(ids, skip_special_tokens)</c> without clean-up; unknown ids are skipped as HF does.</summary>
    public string Decode(IEnumerable<int> ids, bool skipSpecialTokens = false) => Decode(ids, skipSpecialTokens, continuesText: false);

    /// <summary>
    /// Ids to text. With <paramref name="continuesText"/> the ids follow earlier text (a generated continuation),
    /// so the first token's ▁ is a real space rather than the prefix the encoder added:
    /// <c>Decode(prompt) + Decode(next, skip, continuesText: true) == Decode(prompt + next)</c>.
    /// </summary>
    public string Decode(IEnumerable<int> ids, bool skipSpecialTokens, bool continuesText)
    {
        ArgumentNullException.ThrowIfNull(ids);
        var text = new StringBuilder();
        var first = !continuesText;
        foreach (var id in ids)
        {
            if (TryAppendToken(text, id, skipSpecialTokens, first))
            {
                first = false;
            }
        }

        return text.ToString();
    }

    public StreamingDecoder CreateStreamingDecoder(bool skipSpecialTokens = false) => new(this, skipSpecialTokens, continuesText: false);

    /// <summary>A streaming decoder for ids that follow earlier text; see <see cref="Decode(IEnumerable{int}, bool, bool)"/>.</summary>
    public StreamingDecoder CreateStreamingDecoder(bool skipSpecialTokens, bool continuesText) => new(this, skipSpecialTokens, continuesText);

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

    private void EncodePlainText(string segment, List<int> ids, CancellationToken ct)
    {
        foreach (var word in _preTokenizer.Words(segment))
        {
            ct.ThrowIfCancellationRequested();
            _words.Encode(word, ids, ct);
        }
    }
}
