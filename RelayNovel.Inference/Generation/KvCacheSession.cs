using Microsoft.ML.OnnxRuntime;

namespace RelayNovel.Inference.Generation;

/// <summary>
/// Forward passes of a GPT-2 decoder over a batch of equally long rows, keeping the KV cache between calls.
/// On CPU the cache lives in two preallocated buffers per tensor that take turns as past and present, so a
/// decode step allocates no tensor memory; on CUDA the cache stays on the device between steps.
/// Not thread-safe: one caller at a time (the generator serializes its runs).
/// </summary>
public sealed class KvCacheSession : IDisposable
{
    private readonly InferenceSession _session;
    private readonly ModelSignature _signature;
    private readonly OrtIoBinding _binding;
    private readonly RunOptions _runOptions = new();
    private readonly OrtMemoryInfo? _deviceMemory;
    private readonly int _heads;
    private readonly int _headDim;
    private readonly int _vocab;
    private readonly long[] _ids;
    private readonly long[] _mask;
    private readonly long[] _positions;
    private readonly float[] _lastLogits;
    private readonly float[][]? _cacheA;
    private readonly float[][]? _cacheB;
    private readonly List<OrtValue> _perRun = [];
    private readonly int[] _presentIndex;
    private bool _disposed;
    private IDisposableReadOnlyCollection<OrtValue>? _deviceCache;
    private bool _aHoldsPast = true;

    internal KvCacheSession(InferenceSession session, ModelSignature signature, int heads, int headDim, int vocab,
        int batch, int capacity, bool cacheOnCuda)
    {
        _session = session;
        _signature = signature;
        _heads = heads;
        _headDim = headDim;
        _vocab = vocab;
        Batch = batch;
        Capacity = capacity;
        _binding = session.CreateIoBinding();
        _ids = new long[batch * capacity];
        _mask = new long[batch * capacity];
        Array.Fill(_mask, 1L);
        _positions = new long[batch * capacity];
        _lastLogits = new float[batch * vocab];
        _presentIndex = new int[signature.PresentNames.Length];
        if (cacheOnCuda)
        {
            _deviceMemory = new OrtMemoryInfo(OrtMemoryInfo.allocatorCUDA, OrtAllocatorType.DeviceAllocator, 0, OrtMemType.Default);
        }
        else
        {
            var size = (long)batch * heads * capacity * headDim;
            _cacheA = new float[signature.PastNames.Length][];
            _cacheB = new float[signature.PastNames.Length][];
            for (var i = 0; i < _cacheA.Length; i++)
            {
                _cacheA[i] = new float[size];
                _cacheB[i] = new float[size];
            }
        }
    }

    public int Batch { get; }

    /// <summary>The most tokens per row the cache can hold.</summary>
    public int Capacity { get; }

    /// <summary>Tokens per row already in the cache.</summary>
    public int Length { get; private set; }

    /// <summary>Empties the cache; the buffers are kept for the next sequence.</summary>
    public void Reset()
    {
        Length = 0;
        _aHoldsPast = true;
        _deviceCache?.Dispose();
        _deviceCache = null;
    }

    /// <summary>
    /// Appends <paramref name="seqLen"/> tokens to every row (ids row by row, <c>Batch × seqLen</c> long) and
    /// returns the logits of each row's last position, <c>Batch × vocab</c>, valid until the next call.
    /// Cancelling stops ONNX Runtime mid-run (a long prompt need not finish) and throws
    /// <see cref="OperationCanceledException"/>; the cache is then as it was before the call.
    /// </summary>
    public ReadOnlySpan<float> Forward(ReadOnlySpan<int> ids, int seqLen, CancellationToken ct = default)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        ct.ThrowIfCancellationRequested();
        if (seqLen < 1 || ids.Length != Batch * seqLen)
        {
            throw new ArgumentException($"Expected {Batch} rows of {seqLen} ids, got {ids.Length} ids.", nameof(ids));
        }

        if (Length + seqLen > Capacity)
        {
            throw new InvalidOperationException($"The KV cache holds {Capacity} tokens per row; {Length} + {seqLen} do not fit.");
        }

        var total = Length + seqLen;
        for (var r = 0; r < Batch; r++)
        {
            for (var j = 0; j < seqLen; j++)
            {
                _ids[r * seqLen + j] = ids[r * seqLen + j];
                _positions[r * seqLen + j] = Length + j;
            }
        }

        try
        {
            _binding.ClearBoundInputs();
            _binding.ClearBoundOutputs();
            BindInput(ModelSignature.InputIds, _ids, [Batch, seqLen]);
            BindInput(ModelSignature.AttentionMask, _mask, [Batch, total]);
            if (_signature.HasPositionIds)
            {
                BindInput(ModelSignature.PositionIds, _positions, [Batch, seqLen]);
            }

            // A one-token step writes its logits straight into the reused buffer; a prompt's [batch, seq, vocab]
            // logits are large and short-lived, so ONNX Runtime allocates them.
            var stepLogits = seqLen == 1;
            if (stepLogits)
            {
                _binding.BindOutput(ModelSignature.Logits, Track(OrtValue.CreateTensorValueFromMemory(
                    OrtMemoryInfo.DefaultInstance, _lastLogits.AsMemory(), [Batch, 1, _vocab])));
            }
            else
            {
                _binding.BindOutputToDevice(ModelSignature.Logits, OrtMemoryInfo.DefaultInstance);
            }

            if (_deviceMemory is null)
            {
                BindHostCache(total);
            }
            else
            {
                BindDeviceCache();
            }

            RunCancellably(ct);
            CollectOutputs(stepLogits, seqLen);
        }
        finally
        {
            foreach (var value in _perRun)
            {
                value.Dispose();
            }

            _perRun.Clear();
        }

        Length = total;
        _aHoldsPast = !_aHoldsPast;
        return _lastLogits;
    }

    // The past buffers are only read, so a run stopped half-way leaves the cache at its previous length.
    private void RunCancellably(CancellationToken ct) => CancellableRun.Run(_session, _runOptions, _binding, ct);

    /// <summary>The options each run uses (tests: a stale terminate flag must not stop the next run).</summary>
    internal RunOptions RunOptions => _runOptions;

    private void BindHostCache(int total)
    {
        var past = _aHoldsPast ? _cacheA! : _cacheB!;
        var present = _aHoldsPast ? _cacheB! : _cacheA!;
        var pastSize = (long)Batch * _heads * Length * _headDim;
        var presentSize = (long)Batch * _heads * total * _headDim;
        for (var i = 0; i < past.Length; i++)
        {
            _binding.BindInput(_signature.PastNames[i], Track(OrtValue.CreateTensorValueFromMemory(
                OrtMemoryInfo.DefaultInstance, past[i].AsMemory(0, (int)pastSize), [Batch, _heads, Length, _headDim])));
            _binding.BindOutput(_signature.PresentNames[i], Track(OrtValue.CreateTensorValueFromMemory(
                OrtMemoryInfo.DefaultInstance, present[i].AsMemory(0, (int)presentSize), [Batch, _heads, total, _headDim])));
        }
    }

    private void BindDeviceCache()
    {
        for (var i = 0; i < _signature.PastNames.Length; i++)
        {
            var past = _deviceCache is null
                ? Track(OrtValue.CreateTensorValueFromMemory(OrtMemoryInfo.DefaultInstance, _lastLogits.AsMemory(0, 0), [Batch, _heads, 0, _headDim]))
                : _deviceCache.ElementAt(_presentIndex[i]);
            _binding.BindInput(_signature.PastNames[i], past);
            _binding.BindOutputToDevice(_signature.PresentNames[i], _deviceMemory!);
        }
    }

    private void CollectOutputs(bool stepLogits, int seqLen)
    {
        if (stepLogits && _deviceMemory is null)
        {
            return;
        }

        var outputs = _binding.GetOutputValues();
        var names = _binding.GetOutputNames();
        var keep = false;
        try
        {
            for (var n = 0; n < names.Length; n++)
            {
                if (names[n] == ModelSignature.Logits && !stepLogits)
                {
                    CopyLastPositions(outputs.ElementAt(n).GetTensorDataAsSpan<float>(), seqLen);
                }
            }

            if (_deviceMemory is not null)
            {
                for (var i = 0; i < _signature.PresentNames.Length; i++)
                {
                    _presentIndex[i] = Array.IndexOf(names, _signature.PresentNames[i]);
                }

                _deviceCache?.Dispose();
                _deviceCache = outputs;
                keep = true;
            }
        }
        finally
        {
            if (!keep)
            {
                outputs.Dispose();
            }
        }
    }

    private void CopyLastPositions(ReadOnlySpan<float> logits, int seqLen)
    {
        for (var r = 0; r < Batch; r++)
        {
            logits.Slice(((r * seqLen) + seqLen - 1) * _vocab, _vocab).CopyTo(_lastLogits.AsSpan(r * _vocab, _vocab));
        }
    }

    private void BindInput(string name, long[] buffer, long[] shape)
    {
        var count = (int)(shape[0] * shape[1]);
        _binding.BindInput(name, Track(OrtValue.CreateTensorValueFromMemory(OrtMemoryInfo.DefaultInstance, buffer.AsMemory(0, count), shape)));
    }

    private OrtValue Track(OrtValue value)
    {
        _perRun.Add(value);
        return value;
    }

    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        _deviceCache?.Dispose();
        _binding.Dispose();
        _runOptions.Dispose();
        _deviceMemory?.Dispose();
    }
}
