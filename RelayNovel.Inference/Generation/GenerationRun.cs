using System.Text;

namespace RelayNovel.Inference.Generation;

/// <summary>
/// The state of one generation between model steps: sampling, streaming decoding, stop strings, sentence
/// ends and the token ids not yet handed out in a chunk.
/// </summary>
internal sealed class GenerationRun
{
    private readonly GenerationOptions _options;
    private readonly int _endOfTextId;
    private readonly int _contextLength;
    private readonly Sampler _sampler;
    private readonly List<int> _context;
    private readonly Tokenization.StreamingDecoder _decoder;
    private readonly StopStringMatcher _stops;
    private readonly Tokenization.HfTokenizer _tokenizer;
    // The generated text token by token, nothing held back, so a sentence end is seen on the token that makes it.
    private readonly StringBuilder _raw = new();
    private readonly List<int> _pendingIds = [];
    private int _generated;

    public GenerationRun(Gpt2Generator generator, int[] prompt, GenerationOptions options)
        : this(generator.Tokenizer, generator.Config, generator.ContextLength, prompt, options)
    {
    }

    /// <param name="contextLength">The most tokens prompt plus output may reach (the model's context, or a cache row's capacity).</param>
    public GenerationRun(Tokenization.HfTokenizer tokenizer, Checkpoints.Gpt2Config config, int contextLength, int[] prompt, GenerationOptions options)
    {
        _options = options;
        _endOfTextId = config.EosTokenId;
        _contextLength = contextLength;
        _sampler = new Sampler(options, Math.Min(tokenizer.VocabSize, config.VocabSize), _endOfTextId);
        _context = new List<int>(prompt.Length + options.MaxNewTokens);
        _context.AddRange(prompt);
        _tokenizer = tokenizer;
        // After prompt text the first new word keeps its leading space; after a bare BOS the text starts fresh.
        _decoder = tokenizer.CreateStreamingDecoder(skipSpecialTokens: true, continuesText: !tokenizer.IsSpecial(prompt[^1]));
        _stops = new StopStringMatcher(options.StopStrings);
    }

    public int Sample(ReadOnlySpan<float> logits) => _sampler.Next(logits, _context, _generated);

    /// <summary>Takes a sampled token; returns the text now safe to show and why to stop, if so.</summary>
    public (string Text, FinishReason Finish) Accept(int token, CancellationToken ct)
    {
        if (token == _endOfTextId)
        {
            return (string.Empty, FinishReason.EndOfText);
        }

        _context.Add(token);
        _generated++;
        _pendingIds.Add(token);
        var text = _stops.Push(_decoder.Push(token));
        if (_stops.Stopped)
        {
            return (text, FinishReason.StopString);
        }

        if (_options.EndAtSentenceAfter is int after && AppendRaw(token) && _generated >= after && SentenceEnd.IsAtSentenceEnd(_raw.ToString()))
        {
            return (text, FinishReason.SentenceEnd);
        }

        if (_generated >= _options.MaxNewTokens || _context.Count >= _contextLength)
        {
            return (text, FinishReason.MaxTokens);
        }

        return ct.IsCancellationRequested ? (text, FinishReason.Cancelled) : (text, FinishReason.None);
    }

    // Metaspace tokens: ▁ is a space. Special tokens add nothing; false when the token added no text.
    private bool AppendRaw(int token)
    {
        if (_tokenizer.IsSpecial(token) || _tokenizer.IdToToken(token) is not { Length: > 0 } piece)
        {
            return false;
        }

        _raw.Append(piece.Replace('▁', ' '));
        return true;
    }

    public TokenChunk Chunk(string text, TimeSpan elapsed)
    {
        var chunk = new TokenChunk(text, _pendingIds.ToArray(), elapsed, FinishReason.None);
        _pendingIds.Clear();
        return chunk;
    }

    /// <summary>The last chunk: the given text plus whatever the decoder and the stop-string matcher still hold.</summary>
    public TokenChunk Finish(string text, FinishReason finish, TimeSpan elapsed)
    {
        if (finish != FinishReason.StopString)
        {
            text += _stops.Push(_decoder.Flush()) + _stops.Flush();
        }

        var chunk = new TokenChunk(text, _pendingIds.ToArray(), elapsed, finish);
        _pendingIds.Clear();
        return chunk;
    }
}
