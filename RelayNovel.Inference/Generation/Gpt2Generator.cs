using System.Diagnostics;
using System.Runtime.CompilerServices;
using System.Text;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.ML.OnnxRuntime;
using RelayNovel.Inference.Checkpoints;
using RelayNovel.Inference.Tokenization;

namespace RelayNovel.Inference.Generation;

/// <summary>
/// Streams a GPT-2 model's continuation of a prompt, token by token, with a KV cache.
/// Thread safety: one generator may serve many requests; generations run one at a time (a caller waits for
/// the one before it, cancellably), because they share one set of cache buffers and a CPU gains nothing
/// from running two at once. <see cref="CreateSession"/> gives independent sessions for batching.
/// </summary>
public sealed class Gpt2Generator : IDisposable
{
    private readonly InferenceSession _session;
    private readonly ModelSignature _signature;
    private readonly ModelFolder _folder;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private KvCacheSession? _cache;
    private bool _disposed;

    private Gpt2Generator(InferenceSession session, string provider, ModelSignature signature, ModelFolder folder, Gpt2Config config, HfTokenizer tokenizer)
    {
        _session = session;
        _signature = signature;
        _folder = folder;
        Provider = provider;
        Config = config;
        Tokenizer = tokenizer;
    }

    /// <summary>From MODEL_CARD.md's title, else the folder's name.</summary>
    public string ModelName => _folder.Name;

    /// <summary>The loaded graph and its I/O names, for whole-window scoring (<see cref="Evaluation.TextScorer"/>).</summary>
    internal InferenceSession Session => _session;

    internal ModelSignature Signature => _signature;

    /// <summary>How the weights are stored: fp32, int8, int4 or fp16 (from the model's metadata), or "unknown".</summary>
    public string Quantization => _folder.Quantization;

    public string ModelDirectory => _folder.Directory;

    /// <summary>"CUDA" or "CPU".</summary>
    public string Provider { get; }

    /// <summary>Tokens the model sees at once (prompt plus generated text).</summary>
    public int ContextLength => Config.NPositions;

    public Gpt2Config Config { get; }

    public HfTokenizer Tokenizer { get; }

    /// <summary>Bytes of weights one decode step reads (for the benchmark's bandwidth floor).</summary>
    public long WeightBytes => _folder.WeightBytes();

    /// <summary>Loads a model folder; throws <see cref="ModelLoadException"/> with the reason when it cannot.</summary>
    /// <param name="cpuThreads">Intra-op threads on CPU; null uses every core.</param>
    public static Gpt2Generator Load(string modelDir, ExecutionProviderPreference preference = ExecutionProviderPreference.Auto, ILogger? logger = null, int? cpuThreads = null)
    {
        if (cpuThreads is < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(cpuThreads), cpuThreads, "At least one CPU thread is needed.");
        }

        var folder = ModelFolder.Open(modelDir);
        var config = folder.LoadConfig();

        HfTokenizer tokenizer;
        try
        {
            tokenizer = HfTokenizer.Load(folder.TokenizerPath);
        }
        catch (TokenizerFormatException ex)
        {
            throw new ModelLoadException($"The tokenizer {folder.TokenizerPath} cannot be used: {ex.Message}", ex);
        }

        if (tokenizer.VocabSize > config.VocabSize)
        {
            throw new ModelLoadException(
                $"The tokenizer in {folder.Directory} has {tokenizer.VocabSize} tokens, but the model's vocabulary has only {config.VocabSize} (config.json vocab_size); they do not belong together.");
        }

        InferenceSession session;
        string provider;
        try
        {
            (session, provider) = OrtSessionFactory.Create(folder.OnnxPath, preference, logger ?? NullLogger.Instance, cpuThreads);
        }
        catch (OnnxRuntimeException ex)
        {
            throw new ModelLoadException($"ONNX Runtime cannot load {folder.OnnxPath} (corrupt or not an ONNX model): {ex.Message}", ex);
        }

        try
        {
            var signature = ModelSignature.Check(session, config.NLayer, config.VocabSize, folder.OnnxPath);
            return new Gpt2Generator(session, provider, signature, folder, config, tokenizer);
        }
        catch
        {
            session.Dispose();
            throw;
        }
    }

    /// <summary>
    /// The prompt the model will see for <paramref name="parts"/> when <paramref name="maxNewTokens"/> must
    /// still fit: the pinned head whole, then as much of the newest story text as fits.
    /// </summary>
    public PromptFit FitPrompt(PromptParts parts, int maxNewTokens) => Fit(parts, maxNewTokens).Fit;

    /// <summary>The token ids of <paramref name="parts"/> fitted as <see cref="FitPrompt"/> fits them (the batch engine's prompt).</summary>
    public IReadOnlyList<int> EncodePrompt(PromptParts parts, int maxNewTokens) => Fit(parts, maxNewTokens).Ids;

    /// <summary>Continues <paramref name="prompt"/>; when it is too long, its oldest text is dropped.</summary>
    public IAsyncEnumerable<TokenChunk> GenerateAsync(string prompt, GenerationOptions options, CancellationToken ct = default) =>
        GenerateAsync(new PromptParts(string.Empty, prompt), options, ct);

    /// <summary>Continues a pinned head plus story, fitted into the context by <see cref="FitPrompt"/>.</summary>
    public IAsyncEnumerable<TokenChunk> GenerateAsync(PromptParts prompt, GenerationOptions options, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(prompt);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        return GenerateIdsAsync(Fit(prompt, options.MaxNewTokens).Ids, options, ct);
    }

    /// <summary>
    /// Continues a prompt given as token ids (an empty prompt starts from the BOS token). The prompt must
    /// leave room in the context; generation ends with <see cref="FinishReason.MaxTokens"/> when the context is full.
    /// Cancellation stops the running model step (even a long prompt's) and ends with a last chunk whose
    /// <see cref="TokenChunk.Finish"/> is <see cref="FinishReason.Cancelled"/>; an
    /// <see cref="OperationCanceledException"/> is thrown only when cancelled while waiting for an earlier generation.
    /// </summary>
    public async IAsyncEnumerable<TokenChunk> GenerateIdsAsync(IReadOnlyList<int> promptIds, GenerationOptions options,
        [EnumeratorCancellation] CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(promptIds);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        int[] prompt = promptIds.Count == 0 ? [Config.BosTokenId] : [.. promptIds];
        ValidatePrompt(prompt);

        await _gate.WaitAsync(ct).ConfigureAwait(false);
        try
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            var clock = Stopwatch.StartNew();
            var run = new GenerationRun(this, prompt, options);
            var cache = RentCache(Math.Min(ContextLength, prompt.Length + options.MaxNewTokens));
            var token = await StepAsync(() => run.Sample(cache.Forward(prompt, prompt.Length, ct)), ct).ConfigureAwait(false);
            if (token is not null)
            {
                GenerationMetrics.FirstToken(clock.Elapsed, Provider);
            }
            while (token is int current)
            {
                GenerationMetrics.Token(Provider);
                var (text, finish) = run.Accept(current, ct);
                if (finish != FinishReason.None)
                {
                    yield return run.Finish(text, finish, clock.Elapsed);
                    yield break;
                }

                if (text.Length > 0)
                {
                    yield return run.Chunk(text, clock.Elapsed);
                }

                token = await StepAsync(() => run.Sample(cache.Forward([current], 1, ct)), ct).ConfigureAwait(false);
            }

            yield return run.Finish(string.Empty, FinishReason.Cancelled, clock.Elapsed);
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>
    /// An independent KV-cache session on this model for <paramref name="batch"/> rows of up to
    /// <paramref name="capacity"/> tokens (benchmarks, batched scheduling). The caller disposes it.
    /// </summary>
    public KvCacheSession CreateSession(int batch, int capacity)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(batch, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(capacity, ContextLength);
        ObjectDisposedException.ThrowIf(_disposed, this);
        return new KvCacheSession(_session, _signature, Config.NHead, Config.HeadDim, Config.VocabSize, batch, capacity,
            cacheOnCuda: Provider == OrtSessionFactory.Cuda);
    }

    /// <summary>
    /// A batch decoder on this model for <paramref name="rows"/> rows of up to <paramref name="capacity"/> tokens
    /// (the batch scheduler's). The caller disposes it; it must not outlive this generator.
    /// </summary>
    public IBatchDecoder CreateBatchDecoder(int rows, int capacity)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        return BatchDecoderFactory.Create(_session, _signature, Config, Provider == OrtSessionFactory.Cuda, rows, capacity);
    }

    /// <summary>Bytes of KV cache one token takes (all layers, keys and values, float32): the memory budget's unit.</summary>
    public long KvBytesPerToken => 2L * Config.NLayer * Config.NEmbd * sizeof(float);

    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        // Waiting for the gate lets a running generation finish its step before the session goes away.
        _gate.Wait();
        _disposed = true;
        _cache?.Dispose();
        _session.Dispose();
        _gate.Release();
    }

    private (List<int> Ids, PromptFit Fit) Fit(PromptParts parts, int maxNewTokens)
    {
        ArgumentNullException.ThrowIfNull(parts);
        if (maxNewTokens < 1 || maxNewTokens >= ContextLength)
        {
            throw new ArgumentException($"maxNewTokens must be between 1 and {ContextLength - 1} (the context is {ContextLength} tokens), got {maxNewTokens}.", nameof(maxNewTokens));
        }

        var pinned = Tokenizer.Encode(parts.Pinned ?? string.Empty);
        // Only as much of the story's end as can fill the context is tokenized, however long the story has grown.
        var (ids, dropped) = PromptFitter.Fit(pinned, parts.Story ?? string.Empty, ContextLength - maxNewTokens, Tokenizer.Encode, IsWordStart);
        var fit = new PromptFit(Tokenizer.Decode(ids), pinned.Count, ids.Count - pinned.Count, dropped, ContextLength);
        return (ids, fit);
    }

    // Metaspace (▁, KoGPT2) and byte-level (Ġ, OpenAI GPT-2) tokenizers mark a word's first token.
    private bool IsWordStart(int id) => Tokenizer.IdToToken(id) is { Length: > 0 } t && (t[0] == '▁' || t[0] == 'Ġ');

    private void ValidatePrompt(int[] prompt)
    {
        if (prompt.Length >= ContextLength)
        {
            throw new ArgumentException($"The prompt is {prompt.Length} tokens; the context holds {ContextLength} including at least one new token. Use PromptParts to fit it.", nameof(prompt));
        }

        foreach (var id in prompt)
        {
            if ((uint)id >= (uint)Config.VocabSize)
            {
                throw new ArgumentException($"Token id {id} is outside the model's vocabulary of {Config.VocabSize}.", nameof(prompt));
            }
        }
    }

    // One model step on a worker thread, so the async caller is not blocked; null when cancelled.
    private static async Task<int?> StepAsync(Func<int> step, CancellationToken ct)
    {
        if (ct.IsCancellationRequested)
        {
            return null;
        }

        try
        {
            return await Task.Run(step, CancellationToken.None).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            return null;
        }
    }

    private KvCacheSession RentCache(int capacity)
    {
        // Capacity grows in steps of 128 so a room's growing prompts do not reallocate every turn.
        if (_cache is null || _cache.Capacity < capacity)
        {
            _cache?.Dispose();
            _cache = CreateSession(1, Math.Min(ContextLength, (capacity + 127) / 128 * 128));
        }

        _cache.Reset();
        return _cache;
    }
}
