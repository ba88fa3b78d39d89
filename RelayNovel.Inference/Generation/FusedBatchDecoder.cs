using Microsoft.ML.OnnxRuntime;
using RelayNovel.Inference.Checkpoints;

namespace RelayNovel.Inference.Generation;

/// <summary>
/// <see cref="IBatchDecoder"/> over the fused-attention graph (<see cref="ModelSignature.IsFused"/>): one preallocated
/// buffer per layer's keys and values, [rows, heads, capacity + 1, head_dim], bound as both past and present, so a
/// step writes only each row's new slot instead of copying the whole cache into new outputs. A prompt (or a chunk of
/// one) runs as batch 1 on its row's slice; a step runs on the rows from the lowest to the highest stepping row.
/// On CUDA the buffers live on the device: only ids, positions and the mask go in and logits come out. (ONNX
/// Runtime's CUDA GroupQueryAttention kernels take fp16/bf16 only; with an fp32 model the attention nodes fall back
/// to the CPU provider, which still computes correctly but moves the cache across every step.)
/// The graph reads a row's length as the sum of its attention_mask (right padding): a decoder that left-pads rows
/// must not run this graph.
/// </summary>
public sealed class FusedBatchDecoder : IBatchDecoder
{
    private readonly InferenceSession _session;
    private readonly ModelSignature _signature;
    private readonly SharedKvBuffer _cache;
    private readonly OrtIoBinding _binding;
    private readonly RunOptions _runOptions = new();
    private readonly int[] _lengths;
    private readonly bool[] _stepping;
    private readonly long[] _ids;
    private readonly long[] _mask;
    private readonly long[] _positions;
    private readonly float[] _runLogits;
    private readonly float[] _result;
    private readonly List<OrtValue> _perRun = [];
    private bool _disposed;

    private FusedBatchDecoder(InferenceSession session, ModelSignature signature, SharedKvBuffer cache, int vocab, int capacity)
    {
        _session = session;
        _signature = signature;
        _cache = cache;
        VocabSize = vocab;
        Capacity = capacity;
        MaxRows = cache.Rows;
        KvBytesPerToken = (long)cache.Tensors * cache.Heads * cache.HeadDim * sizeof(float);
        _binding = session.CreateIoBinding();
        _lengths = new int[MaxRows];
        _stepping = new bool[MaxRows];
        _ids = new long[Math.Max(MaxRows, capacity)];
        _positions = new long[Math.Max(MaxRows, capacity)];
        _mask = new long[MaxRows * cache.Slots];
        _runLogits = new float[MaxRows * vocab];
        _result = new float[MaxRows * vocab];
    }

    public int MaxRows { get; }

    public int Capacity { get; }

    public int VocabSize { get; }

    public long KvBytesPerToken { get; }

    /// <summary>Where the cache lives: true when it stays on the CUDA device between runs.</summary>
    public bool CacheOnDevice => _cache.OnDevice;

    /// <summary>
    /// A decoder over <paramref name="rows"/> rows of <paramref name="capacity"/> tokens, or null when the session's graph
    /// is not the fused form (use the plain-op decoder then).
    /// </summary>
    public static FusedBatchDecoder? TryCreate(InferenceSession session, ModelSignature signature, Gpt2Config config, bool cacheOnCuda, int rows, int capacity)
    {
        ArgumentNullException.ThrowIfNull(session);
        ArgumentNullException.ThrowIfNull(signature);
        ArgumentNullException.ThrowIfNull(config);
        if (!signature.IsFused) return null;
        ArgumentOutOfRangeException.ThrowIfLessThan(rows, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(capacity, config.NPositions);

        // One spare slot per row: a row inside a step's span that does not step writes its throw-away slot there
        // when it is full (see Step), so no run ever writes into another row.
        var slots = capacity + 1;
        var tensors = signature.PastNames.Length;
        var cache = cacheOnCuda
            ? SharedKvBuffer.OnCuda(session, tensors, rows, config.NHead, slots, config.HeadDim)
            : SharedKvBuffer.OnHost(tensors, rows, config.NHead, slots, config.HeadDim);
        return new FusedBatchDecoder(session, signature, cache, config.VocabSize, capacity);
    }

    public int Length(int row)
    {
        CheckRow(row, nameof(row));
        return _lengths[row];
    }

    public ReadOnlySpan<float> Prefill(int row, ReadOnlySpan<int> ids, CancellationToken ct)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        CheckRow(row, nameof(row));
        ct.ThrowIfCancellationRequested();
        if (ids.IsEmpty) throw new ArgumentException("A prefill needs at least one id.", nameof(ids));
        var past = _lengths[row];
        if (past + ids.Length > Capacity)
        {
            throw new InvalidOperationException($"Row {row} holds {past} tokens; {ids.Length} more do not fit its {Capacity}.");
        }

        var total = past + ids.Length;
        for (var j = 0; j < ids.Length; j++)
        {
            _ids[j] = ids[j];
            _positions[j] = past + j;
        }

        // Right-padded lengths: the row's length after this chunk is the mask's sum and its width.
        Array.Fill(_mask, 1L, 0, total);
        try
        {
            Bind(row, 1, ids.Length, total);
            var lastOnly = ids.Length == 1;
            if (lastOnly)
            {
                BindLogits(1);
            }
            else
            {
                // A chunk's [1, seq, vocab] logits are large and short-lived: ONNX Runtime allocates them.
                _binding.BindOutputToDevice(ModelSignature.Logits, OrtMemoryInfo.DefaultInstance);
            }

            RunCancellably(ct);
            if (!lastOnly)
            {
                CopyLastPosition(ids.Length);
            }
        }
        finally
        {
            EndRun();
        }

        _lengths[row] = total;
        return _runLogits.AsSpan(0, VocabSize);
    }

    public ReadOnlySpan<float> Step(ReadOnlySpan<int> rows, ReadOnlySpan<int> tokens, CancellationToken ct)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        ct.ThrowIfCancellationRequested();
        if (rows.IsEmpty || rows.Length != tokens.Length)
        {
            throw new ArgumentException($"A step needs one token per row; got {rows.Length} rows and {tokens.Length} tokens.", nameof(tokens));
        }

        int first = MaxRows, last = -1;
        Array.Clear(_stepping);
        try
        {
            foreach (var row in rows)
            {
                CheckRow(row, nameof(rows));
                if (_stepping[row]) throw new ArgumentException($"Row {row} appears twice in one step.", nameof(rows));
                if (_lengths[row] >= Capacity) throw new InvalidOperationException($"Row {row} is full ({Capacity} tokens).");
                _stepping[row] = true;
                first = Math.Min(first, row);
                last = Math.Max(last, row);
            }

            for (var i = 0; i < rows.Length; i++)
            {
                _ids[rows[i] - first] = tokens[i];
            }

            // The run covers rows first..last. A row in that span that does not step still passes one token through
            // the model; its keys and values land in the slot just past its length (the spare slot when it is
            // full), which it does not hold yet, so its cache is untouched. A free row's lands in its slot 0.
            var batch = last - first + 1;
            var width = 0;
            for (var b = 0; b < batch; b++)
            {
                var row = first + b;
                if (!_stepping[row]) _ids[b] = 0;
                _positions[b] = _stepping[row] ? _lengths[row] : 0;
                width = Math.Max(width, _lengths[row] + 1);
            }

            for (var b = 0; b < batch; b++)
            {
                var ones = _lengths[first + b] + 1;
                Array.Fill(_mask, 1L, b * width, ones);
                Array.Fill(_mask, 0L, b * width + ones, width - ones);
            }

            Bind(first, batch, 1, width);
            BindLogits(batch);
            RunCancellably(ct);
        }
        finally
        {
            EndRun();
        }

        for (var i = 0; i < rows.Length; i++)
        {
            _runLogits.AsSpan((rows[i] - first) * VocabSize, VocabSize).CopyTo(_result.AsSpan(i * VocabSize, VocabSize));
            _lengths[rows[i]]++;
        }

        return _result.AsSpan(0, rows.Length * VocabSize);
    }

    public void Fork(int source, int target)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        CheckRow(source, nameof(source));
        CheckRow(target, nameof(target));
        if (source == target) throw new ArgumentException("A row cannot be forked into itself.", nameof(target));
        if (_lengths[target] != 0) throw new InvalidOperationException($"Row {target} is not free ({_lengths[target]} tokens); release it first.");
        _cache.CopyRow(source, target, _lengths[source]);
        _lengths[target] = _lengths[source];
    }

    public void Release(int row)
    {
        CheckRow(row, nameof(row));
        _lengths[row] = 0;
    }

    /// <summary>The shared buffer (tests: which slots a run wrote).</summary>
    internal SharedKvBuffer Cache => _cache;

    private void Bind(int first, int batch, int sequence, int width)
    {
        _binding.ClearBoundInputs();
        _binding.ClearBoundOutputs();
        BindLongs(ModelSignature.InputIds, _ids, [batch, sequence]);
        BindLongs(ModelSignature.AttentionMask, _mask, [batch, width]);
        if (_signature.HasPositionIds) BindLongs(ModelSignature.PositionIds, _positions, [batch, sequence]);

        // The same tensor as past and present: the attention op sees one buffer and writes the new slots in place.
        var views = _cache.Views(first, batch);
        for (var i = 0; i < views.Length; i++)
        {
            _binding.BindInput(_signature.PastNames[i], views[i]);
            _binding.BindOutput(_signature.PresentNames[i], views[i]);
        }
    }

    private void BindLogits(int batch) =>
        _binding.BindOutput(ModelSignature.Logits, Track(OrtValue.CreateTensorValueFromMemory(
            OrtMemoryInfo.DefaultInstance, _runLogits.AsMemory(0, batch * VocabSize), [batch, 1, VocabSize])));

    private void BindLongs(string name, long[] buffer, long[] shape) =>
        _binding.BindInput(name, Track(OrtValue.CreateTensorValueFromMemory(
            OrtMemoryInfo.DefaultInstance, buffer.AsMemory(0, (int)(shape[0] * shape[1])), shape)));

    private void CopyLastPosition(int sequence)
    {
        using var outputs = _binding.GetOutputValues();
        var names = _binding.GetOutputNames();
        var logits = outputs.ElementAt(Array.IndexOf(names, ModelSignature.Logits)).GetTensorDataAsSpan<float>();
        logits.Slice((sequence - 1) * VocabSize, VocabSize).CopyTo(_runLogits);
    }

    // A row's cache holds what it held before a stopped run: the run writes only slots past each row's length.
    private void RunCancellably(CancellationToken ct) => CancellableRun.Run(_session, _runOptions, _binding, ct);

    private OrtValue Track(OrtValue value)
    {
        _perRun.Add(value);
        return value;
    }

    private void EndRun()
    {
        foreach (var value in _perRun) value.Dispose();
        _perRun.Clear();
    }

    private void CheckRow(int row, string name)
    {
        if ((uint)row >= (uint)MaxRows) throw new ArgumentOutOfRangeException(name, row, $"Rows are 0 to {MaxRows - 1}.");
    }

    public void Dispose()
    {
        if (_disposed) return;
        _disposed = true;
        _binding.Dispose();
        _runOptions.Dispose();
        _cache.Dispose();
    }
}
