using System.Buffers;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;
using RelayNovel.Inference.Checkpoints;

namespace RelayNovel.Inference.Generation;

/// <summary>
/// <see cref="IBatchDecoder"/> for the plain-op graph (Concat past + new → present, a per-slot attention mask and
/// per-row position ids). The cache is one tight <c>[B, heads, W, headDim]</c> tensor per layer and kind, B the rows
/// in use and W the slots every row shares; two host buffers per tensor take turns as past and present, so a decode
/// step allocates no tensor memory. Rows are ragged: a row's tokens sit at the right end of the slots, the slots it
/// does not use (left padding, or a step it sat out) are masked, and its positions count only its own tokens.
/// A new row's prompt runs alone (batch 1) and its cache is copied in; a released row's place is taken by the last
/// row; when W reaches the capacity the rows are compacted (holes dropped).
/// </summary>
internal sealed class PlainBatchDecoder : IBatchDecoder
{
    private readonly InferenceSession _session;
    private readonly ModelSignature _signature;
    private readonly OrtIoBinding _binding;
    private readonly RunOptions _runOptions = new();
    private readonly List<OrtValue> _perRun = [];
    private readonly int _heads;
    private readonly int _headDim;
    private readonly int _npositions;
    private readonly float[][] _cacheA;
    private readonly float[][] _cacheB;
    private readonly bool[][] _slots;          // per physical row: which of the W slots hold its tokens
    private readonly int[] _physical;          // logical row → physical row, -1 when free
    private readonly int[] _logical;           // physical row → logical row
    private readonly int[] _length;            // per logical row
    private readonly long[] _ids;
    private readonly long[] _positions;
    private readonly long[] _mask;
    private readonly float[] _stepLogits;
    private readonly float[] _outLogits;
    private readonly float[] _prefillLogits;
    private readonly int[] _stepRowOf;         // physical row → index in the Step call's rows, -1 when sitting out
    private bool _aIsPast = true;
    private int _rowsInUse;
    private int _width;
    private bool _disposed;

    private PlainBatchDecoder(InferenceSession session, ModelSignature signature, Gpt2Config config, int rows, int capacity)
    {
        _session = session;
        _signature = signature;
        _heads = config.NHead;
        _headDim = config.HeadDim;
        _npositions = config.NPositions;
        MaxRows = rows;
        Capacity = capacity;
        VocabSize = config.VocabSize;
        KvBytesPerToken = 2L * signature.Layers * _heads * _headDim * sizeof(float);
        _binding = session.CreateIoBinding();
        // Uninitialized: the OS backs only the pages the tight layout touches (rows in use × slots in use).
        var size = (long)rows * _heads * capacity * _headDim;
        if (size > Array.MaxLength)
        {
            throw new ArgumentException($"{rows} rows of {capacity} tokens need more than one array per layer holds; use fewer rows or a smaller capacity.");
        }

        _cacheA = new float[signature.PastNames.Length][];
        _cacheB = new float[signature.PastNames.Length][];
        for (var i = 0; i < _cacheA.Length; i++)
        {
            _cacheA[i] = GC.AllocateUninitializedArray<float>((int)size);
            _cacheB[i] = GC.AllocateUninitializedArray<float>((int)size);
        }

        _slots = new bool[rows][];
        for (var r = 0; r < rows; r++)
        {
            _slots[r] = new bool[capacity];
        }

        _physical = new int[rows];
        Array.Fill(_physical, -1);
        _logical = new int[rows];
        _length = new int[rows];
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
    internal int Width => _width;

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
        return _length[row];
    }

    public ReadOnlySpan<float> Prefill(int row, ReadOnlySpan<int> ids, CancellationToken ct)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        CheckRow(row);
        ct.ThrowIfCancellationRequested();
        var past = _length[row];
        var total = past + ids.Length;
        if (ids.Length < 1 || total > Capacity)
        {
            throw new ArgumentException($"Row {row} holds {past} tokens; {ids.Length} more do not fit its capacity of {Capacity} (or none were given).", nameof(ids));
        }

        if (_physical[row] < 0 && _rowsInUse == MaxRows)
        {
            throw new InvalidOperationException("Every row is in use.");
        }

        var rowSize = _heads * past * _headDim;
        var pastRows = new float[_cacheA.Length][];
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
            _binding.ClearBoundInputs();
            _binding.ClearBoundOutputs();
            Bind(ModelSignature.InputIds, ids64, [1, ids.Length]);
            Bind(ModelSignature.AttentionMask, mask, [1, total]);
            if (_signature.HasPositionIds)
            {
                Bind(ModelSignature.PositionIds, positions, [1, ids.Length]);
            }

            _binding.BindOutputToDevice(ModelSignature.Logits, OrtMemoryInfo.DefaultInstance);
            for (var i = 0; i < _cacheA.Length; i++)
            {
                pastRows[i] = ArrayPool<float>.Shared.Rent(Math.Max(1, rowSize));
                if (past > 0)
                {
                    GatherRow(Past[i], _physical[row], pastRows[i]);
                }

                _binding.BindInput(_signature.PastNames[i], Track(OrtValue.CreateTensorValueFromMemory(
                    OrtMemoryInfo.DefaultInstance, pastRows[i].AsMemory(0, rowSize), [1, _heads, past, _headDim])));
                _binding.BindOutputToDevice(_signature.PresentNames[i], OrtMemoryInfo.DefaultInstance);
            }

            RunCancellably(ct);
            using var outputs = _binding.GetOutputValues();
            var names = _binding.GetOutputNames();
            var presents = new OrtValue[_cacheA.Length];
            for (var n = 0; n < names.Length; n++)
            {
                if (names[n] == ModelSignature.Logits)
                {
                    outputs.ElementAt(n).GetTensorDataAsSpan<float>().Slice((ids.Length - 1) * VocabSize, VocabSize).CopyTo(_prefillLogits);
                }
                else
                {
                    presents[Array.IndexOf(_signature.PresentNames, names[n])] = outputs.ElementAt(n);
                }
            }

            Place(row, total, presents);
        }
        finally
        {
            EndRun();
            foreach (var rented in pastRows)
            {
                if (rented is not null)
                {
                    ArrayPool<float>.Shared.Return(rented);
                }
            }
        }

        _length[row] = total;
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

        Array.Fill(_stepRowOf, -1, 0, _rowsInUse);
        for (var i = 0; i < rows.Length; i++)
        {
            CheckRow(rows[i]);
            var p = _physical[rows[i]];
            if (p < 0)
            {
                throw new InvalidOperationException($"Row {rows[i]} is empty: prefill it before stepping it.");
            }

            if (_stepRowOf[p] >= 0)
            {
                throw new ArgumentException($"Row {rows[i]} appears twice.", nameof(rows));
            }

            if (_length[rows[i]] >= Capacity)
            {
                throw new InvalidOperationException($"Row {rows[i]} is full ({Capacity} tokens).");
            }

            if ((uint)tokens[i] >= (uint)VocabSize)
            {
                throw new ArgumentException($"Token id {tokens[i]} is outside the vocabulary of {VocabSize}.", nameof(tokens));
            }

            _stepRowOf[p] = i;
        }

        if (_width >= Capacity)
        {
            Compact();
        }

        var b = _rowsInUse;
        var w = _width;
        for (var p = 0; p < b; p++)
        {
            var i = _stepRowOf[p];
            var length = _length[_logical[p]];
            _ids[p] = i >= 0 ? tokens[i] : 0;
            _positions[p] = Math.Min(length, _npositions - 1);
            var mask = _mask.AsSpan(p * (w + 1), w + 1);
            for (var s = 0; s < w; s++)
            {
                mask[s] = _slots[p][s] ? 1 : 0;
            }

            mask[w] = i >= 0 ? 1 : 0;
        }

        try
        {
            _binding.ClearBoundInputs();
            _binding.ClearBoundOutputs();
            Bind(ModelSignature.InputIds, _ids, [b, 1]);
            Bind(ModelSignature.AttentionMask, _mask, [b, w + 1]);
            if (_signature.HasPositionIds)
            {
                Bind(ModelSignature.PositionIds, _positions, [b, 1]);
            }

            _binding.BindOutput(ModelSignature.Logits, Track(OrtValue.CreateTensorValueFromMemory(
                OrtMemoryInfo.DefaultInstance, _stepLogits.AsMemory(0, b * VocabSize), [b, 1, VocabSize])));
            var past = Past;
            var present = Present;
            var pastSize = b * _heads * w * _headDim;
            var presentSize = b * _heads * (w + 1) * _headDim;
            for (var i = 0; i < past.Length; i++)
            {
                _binding.BindInput(_signature.PastNames[i], Track(OrtValue.CreateTensorValueFromMemory(
                    OrtMemoryInfo.DefaultInstance, past[i].AsMemory(0, pastSize), [b, _heads, w, _headDim])));
                _binding.BindOutput(_signature.PresentNames[i], Track(OrtValue.CreateTensorValueFromMemory(
                    OrtMemoryInfo.DefaultInstance, present[i].AsMemory(0, presentSize), [b, _heads, w + 1, _headDim])));
            }

            RunCancellably(ct);
        }
        finally
        {
            EndRun();
        }

        _aIsPast = !_aIsPast;
        _width = w + 1;
        for (var p = 0; p < b; p++)
        {
            var i = _stepRowOf[p];
            _slots[p][w] = i >= 0;
            if (i >= 0)
            {
                _length[_logical[p]]++;
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
        if (_physical[source] < 0 || _physical[target] >= 0)
        {
            throw new InvalidOperationException($"Fork needs a filled source row and a free target row (source {source}: {_length[source]} tokens, target {target} in use: {_physical[target] >= 0}).");
        }

        var from = _physical[source];
        var to = AddPhysical(target);
        var block = _heads * _width * _headDim;
        foreach (var buffer in Past)
        {
            Array.Copy(buffer, (long)from * block, buffer, (long)to * block, block);
        }

        Array.Copy(_slots[from], _slots[to], _width);
        _length[target] = _length[source];
    }

    public void Release(int row)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        CheckRow(row);
        var p = _physical[row];
        if (p < 0)
        {
            return;
        }

        var last = _rowsInUse - 1;
        if (p != last)
        {
            // The last row moves into the hole, so the rows in use stay a dense prefix of the batch.
            var block = _heads * _width * _headDim;
            foreach (var buffer in Past)
            {
                Array.Copy(buffer, (long)last * block, buffer, (long)p * block, block);
            }

            Array.Copy(_slots[last], _slots[p], _width);
            _logical[p] = _logical[last];
            _physical[_logical[p]] = p;
        }

        _physical[row] = -1;
        _length[row] = 0;
        _rowsInUse--;
        if (_rowsInUse == 0)
        {
            _width = 0;
        }
    }

    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        _binding.Dispose();
        _runOptions.Dispose();
    }

    private float[][] Past => _aIsPast ? _cacheA : _cacheB;

    private float[][] Present => _aIsPast ? _cacheB : _cacheA;

    private int AddPhysical(int row)
    {
        var p = _rowsInUse++;
        _physical[row] = p;
        _logical[p] = row;
        Array.Clear(_slots[p], 0, _width);
        return p;
    }

    /// <summary>Writes a row's whole cache (<paramref name="total"/> tokens, tight) right-aligned into the batch.</summary>
    private void Place(int row, int total, OrtValue[] present)
    {
        if (total > _width)
        {
            Relayout(total, keepHoles: true);
        }

        var p = _physical[row] >= 0 ? _physical[row] : AddPhysical(row);
        var past = Past;
        var offset = _width - total;
        for (var i = 0; i < past.Length; i++)
        {
            var source = present[i].GetTensorDataAsSpan<float>();
            var target = past[i].AsSpan();
            for (var h = 0; h < _heads; h++)
            {
                // Masked slots still meet the values (weight 0 × value): they must hold numbers, not stale NaNs.
                target.Slice(((p * _heads) + h) * _width * _headDim, offset * _headDim).Clear();
                source.Slice(h * total * _headDim, total * _headDim)
                    .CopyTo(target.Slice((((p * _heads) + h) * _width + offset) * _headDim, total * _headDim));
            }
        }

        Array.Clear(_slots[p], 0, offset);
        Array.Fill(_slots[p], true, offset, total);
    }

    /// <summary>Copies a row's tokens (its masked slots left out) into <paramref name="target"/> as <c>[heads, length, headDim]</c>.</summary>
    private void GatherRow(float[] buffer, int p, float[] target)
    {
        var length = _length[_logical[p]];
        for (var h = 0; h < _heads; h++)
        {
            var k = 0;
            for (var s = 0; s < _width; s++)
            {
                if (_slots[p][s])
                {
                    Array.Copy(buffer, (((long)(p * _heads) + h) * _width + s) * _headDim, target, ((h * length) + k) * _headDim, _headDim);
                    k++;
                }
            }
        }
    }

    /// <summary>Drops every row's holes: the new width is the longest row's length.</summary>
    private void Compact()
    {
        var longest = 0;
        for (var p = 0; p < _rowsInUse; p++)
        {
            longest = Math.Max(longest, _length[_logical[p]]);
        }

        if (longest >= Capacity)
        {
            throw new InvalidOperationException($"A row holds {Capacity} tokens, the capacity; it must be released before the batch can step again.");
        }

        Relayout(longest, keepHoles: false);
    }

    /// <summary>
    /// Lays every row out at a new width in the other buffer, right-aligned, then makes that buffer the past.
    /// Widening keeps the slots as they are (shifted right); compacting keeps only the slots a row uses.
    /// </summary>
    private void Relayout(int width, bool keepHoles)
    {
        var from = Past;
        var to = Present;
        var slots = new bool[width];
        var moves = new List<(int From, int To)>(_width);
        for (var p = 0; p < _rowsInUse; p++)
        {
            Array.Clear(slots);
            moves.Clear();
            var k = keepHoles ? width - _width : width - _length[_logical[p]];
            for (var s = 0; s < _width; s++)
            {
                if (keepHoles || _slots[p][s])
                {
                    slots[k] = _slots[p][s];
                    moves.Add((s, k++));
                }
            }

            for (var i = 0; i < from.Length; i++)
            {
                for (var h = 0; h < _heads; h++)
                {
                    var source = ((long)(p * _heads) + h) * _width;
                    var target = ((long)(p * _heads) + h) * width;
                    Array.Clear(to[i], (int)(target * _headDim), moves.Count > 0 ? moves[0].To * _headDim : width * _headDim);
                    foreach (var (s, t) in moves)
                    {
                        Array.Copy(from[i], (source + s) * _headDim, to[i], (target + t) * _headDim, _headDim);
                    }
                }
            }

            Array.Copy(slots, _slots[p], width);
        }

        _aIsPast = !_aIsPast;
        _width = width;
    }

    private void RunCancellably(CancellationToken ct) => CancellableRun.Run(_session, _runOptions, _binding, ct);

    private void Bind(string name, long[] buffer, long[] shape)
    {
        var count = (int)(shape[0] * shape[1]);
        _binding.BindInput(name, Track(OrtValue.CreateTensorValueFromMemory(OrtMemoryInfo.DefaultInstance, buffer.AsMemory(0, count), shape)));
    }

    private OrtValue Track(OrtValue value)
    {
        _perRun.Add(value);
        return value;
    }

    private void EndRun()
    {
        foreach (var value in _perRun)
        {
            value.Dispose();
        }

        _perRun.Clear();
    }

    private void CheckRow(int row)
    {
        if ((uint)row >= (uint)MaxRows)
        {
            throw new ArgumentOutOfRangeException(nameof(row), row, $"Rows are 0 to {MaxRows - 1}.");
        }
    }
}
