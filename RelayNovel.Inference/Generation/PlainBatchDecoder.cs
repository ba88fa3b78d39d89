using System.Buffers;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;
using RelayNovel.Inference.Checkpoints;

namespace RelayNovel.Inference.Generation;

/// <summary>
/// <see cref="IBatchDecoder"/> for the plain-op graph (Concat past + new → present, a per-slot attention mask and
/// per-row position ids) over a <see cref="RaggedKvCache"/>: its two host buffers per tensor take turns as past and
/// present, so a decode step allocates no tensor memory. The slots a row does not use (left padding, or a step it sat
/// out) are masked, and its positions count only its own tokens. A new row's prompt runs alone (batch 1) and its cache
/// is copied in; when the shared width reaches the capacity the rows are compacted (holes dropped).
/// </summary>
internal sealed class PlainBatchDecoder : IBatchDecoder
{
    private readonly ModelSignature _signature;
    private readonly HostRunBinding _run;
    private readonly int _heads;
    private readonly int _headDim;
    private readonly int _npositions;
    private readonly RaggedKvCache _cache;
    private readonly long[] _ids;
    private readonly long[] _positions;
    private readonly long[] _mask;
    private readonly float[] _stepLogits;
    private readonly float[] _outLogits;
    private readonly float[] _prefillLogits;
    private readonly int[] _stepRowOf;         // physical row → index in the Step call's rows, -1 when sitting out
    private bool _disposed;

    private PlainBatchDecoder(InferenceSession session, ModelSignature signature, Gpt2Config config, int rows, int capacity)
    {
        _signature = signature;
        _heads = config.NHead;
        _headDim = config.HeadDim;
        _npositions = config.NPositions;
        MaxRows = rows;
        Capacity = capacity;
        VocabSize = config.VocabSize;
        KvBytesPerToken = 2L * signature.Layers * _heads * _headDim * sizeof(float);
        _run = new HostRunBinding(session);
        _cache = new RaggedKvCache(signature.PastNames.Length, _heads, _headDim, rows, capacity);
        _stepRowOf = new int[rows];
        _ids = new long[rows];
        _positions = new long[rows];
        _mask = new long[rows * (capacity + 1)];
        _stepLogits = new float[rows * VocabSize];
        _outLogits = new float[rows * VocabSize];
        _prefillLogits = new float[VocabSize];
    }

    public int MaxRows { get; }

    public int Capacity { get; }

    public int VocabSize { get; }

    public long KvBytesPerToken { get; }

    /// <summary>Slots every row shares now (tests: compaction keeps it within the capacity).</summary>
    internal int Width => _cache.Width;

    /// <summary>
    /// The decoder for a plain-op graph with float32 KV. Throws <see cref="ModelLoadException"/> for another KV
    /// element type (an fp16 model needs the fused decoder or an fp32 cache).
    /// </summary>
    public static PlainBatchDecoder Create(InferenceSession session, ModelSignature signature, Gpt2Config config, int rows, int capacity)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(rows, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 2);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(capacity, config.NPositions);
        var kvType = session.InputMetadata[signature.PastNames[0]].ElementDataType;
        if (kvType != TensorElementType.Float)
        {
            throw new ModelLoadException(
                $"The model's KV cache is {kvType}; the batch decoder for this graph keeps a float32 cache only. Use an fp32 model (or a graph with fused attention).");
        }

        return new PlainBatchDecoder(session, signature, config, rows, capacity);
    }

    public int Length(int row)
    {
        CheckRow(row);
        return _cache.Length(row);
    }

    public ReadOnlySpan<float> Prefill(int row, ReadOnlySpan<int> ids, CancellationToken ct)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        CheckRow(row);
        ct.ThrowIfCancellationRequested();
        var past = _cache.Length(row);
        var total = past + ids.Length;
        if (ids.Length < 1 || total > Capacity)
        {
            throw new ArgumentException($"Row {row} holds {past} tokens; {ids.Length} more do not fit its capacity of {Capacity} (or none were given).", nameof(ids));
        }

        if (_cache.PhysicalOf(row) < 0 && _cache.RowsInUse == MaxRows)
        {
            throw new InvalidOperationException("Every row is in use.");
        }

        var rowSize = _heads * past * _headDim;
        var pastRows = new float[_signature.PastNames.Length][];
        try
        {
            var ids64 = new long[ids.Length];
            var positions = new long[ids.Length];
            for (var j = 0; j < ids.Length; j++)
            {
                ids64[j] = ids[j];
                positions[j] = past + j;
            }

            var mask = new long[total];
            Array.Fill(mask, 1L);
            _run.Begin();
            _run.BindInput(ModelSignature.InputIds, ids64, [1, ids.Length]);
            _run.BindInput(ModelSignature.AttentionMask, mask, [1, total]);
            if (_signature.HasPositionIds)
            {
                _run.BindInput(ModelSignature.PositionIds, positions, [1, ids.Length]);
            }

            _run.BindAllocatedOutput(ModelSignature.Logits);
            for (var i = 0; i < pastRows.Length; i++)
            {
                pastRows[i] = ArrayPool<float>.Shared.Rent(Math.Max(1, rowSize));
                if (past > 0)
                {
                    _cache.Gather(i, row, pastRows[i]);
                }

                _run.BindInput(_signature.PastNames[i], pastRows[i].AsMemory(0, rowSize), [1, _heads, past, _headDim]);
                _run.BindAllocatedOutput(_signature.PresentNames[i]);
            }

            _run.Run(ct);
            using var outputs = _run.GetOutputValues();
            var names = _run.GetOutputNames();
            outputs.ElementAt(Array.IndexOf(names, ModelSignature.Logits)).GetTensorDataAsSpan<float>()
                .Slice((ids.Length - 1) * VocabSize, VocabSize).CopyTo(_prefillLogits);
            var presents = _signature.PresentNames.Select(name => outputs.ElementAt(Array.IndexOf(names, name))).ToArray();

            _cache.Place(row, total, presents);
        }
        finally
        {
            _run.EndRun();
            foreach (var rented in pastRows)
            {
                if (rented is not null)
                {
                    ArrayPool<float>.Shared.Return(rented);
                }
            }
        }

        return _prefillLogits;
    }

    public ReadOnlySpan<float> Step(ReadOnlySpan<int> rows, ReadOnlySpan<int> tokens, CancellationToken ct)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        ct.ThrowIfCancellationRequested();
        if (rows.Length != tokens.Length || rows.Length == 0)
        {
            throw new ArgumentException($"Expected one token per row, got {rows.Length} rows and {tokens.Length} tokens.", nameof(tokens));
        }

        Array.Fill(_stepRowOf, -1, 0, _cache.RowsInUse);
        for (var i = 0; i < rows.Length; i++)
        {
            CheckRow(rows[i]);
            var p = _cache.PhysicalOf(rows[i]);
            if (p < 0)
            {
                throw new InvalidOperationException($"Row {rows[i]} is empty: prefill it before stepping it.");
            }

            if (_stepRowOf[p] >= 0)
            {
                throw new ArgumentException($"Row {rows[i]} appears twice.", nameof(rows));
            }

            if (_cache.Length(rows[i]) >= Capacity)
            {
                throw new InvalidOperationException($"Row {rows[i]} is full ({Capacity} tokens).");
            }

            if ((uint)tokens[i] >= (uint)VocabSize)
            {
                throw new ArgumentException($"Token id {tokens[i]} is outside the vocabulary of {VocabSize}.", nameof(tokens));
            }

            _stepRowOf[p] = i;
        }

        if (_cache.Width >= Capacity)
        {
            _cache.Compact();
        }

        var b = _cache.RowsInUse;
        var w = _cache.Width;
        for (var p = 0; p < b; p++)
        {
            var i = _stepRowOf[p];
            _ids[p] = i >= 0 ? tokens[i] : 0;
            _positions[p] = Math.Min(_cache.LengthAt(p), _npositions - 1);
            var mask = _mask.AsSpan(p * (w + 1), w + 1);
            _cache.WriteMask(p, mask);
            mask[w] = i >= 0 ? 1 : 0;
        }

        try
        {
            _run.Begin();
            _run.BindInput(ModelSignature.InputIds, _ids, [b, 1]);
            _run.BindInput(ModelSignature.AttentionMask, _mask, [b, w + 1]);
            if (_signature.HasPositionIds)
            {
                _run.BindInput(ModelSignature.PositionIds, _positions, [b, 1]);
            }

            _run.BindOutput(ModelSignature.Logits, _stepLogits.AsMemory(0, b * VocabSize), [b, 1, VocabSize]);
            var past = _cache.Past;
            var present = _cache.Present;
            var pastSize = b * _heads * w * _headDim;
            var presentSize = b * _heads * (w + 1) * _headDim;
            for (var i = 0; i < past.Length; i++)
            {
                _run.BindInput(_signature.PastNames[i], past[i].AsMemory(0, pastSize), [b, _heads, w, _headDim]);
                _run.BindOutput(_signature.PresentNames[i], present[i].AsMemory(0, presentSize), [b, _heads, w + 1, _headDim]);
            }

            _run.Run(ct);
        }
        finally
        {
            _run.EndRun();
        }

        _cache.Advance(_stepRowOf.AsSpan(0, b));
        for (var p = 0; p < b; p++)
        {
            var i = _stepRowOf[p];
            if (i >= 0)
            {
                _stepLogits.AsSpan(p * VocabSize, VocabSize).CopyTo(_outLogits.AsSpan(i * VocabSize, VocabSize));
            }
        }

        return _outLogits.AsSpan(0, rows.Length * VocabSize);
    }

    public void Fork(int source, int target)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        CheckRow(source);
        CheckRow(target);
        if (_cache.PhysicalOf(source) < 0 || _cache.PhysicalOf(target) >= 0)
        {
            throw new InvalidOperationException($"Fork needs a filled source row and a free target row (source {source}: {_cache.Length(source)} tokens, target {target} in use: {_cache.PhysicalOf(target) >= 0}).");
        }

        _cache.Fork(source, target);
    }

    public void Release(int row)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        CheckRow(row);
        _cache.Release(row);
    }

    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        _run.Dispose();
    }

    private void CheckRow(int row)
    {
        if ((uint)row >= (uint)MaxRows)
        {
            throw new ArgumentOutOfRangeException(nameof(row), row, $"Rows are 0 to {MaxRows - 1}.");
        }
    }
}
