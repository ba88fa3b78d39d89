using System.Runtime.InteropServices;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace RelayNovel.Inference.Generation;

/// <summary>
/// The fused graph's KV cache: one preallocated buffer per layer's keys and per layer's values, each
/// [rows, heads, slots, head_dim], on the host (pinned, so a view costs no copy and no pin) or on the CUDA device.
/// A run binds a view of consecutive rows as both past and present, and the attention op writes only the new
/// tokens' slots in place.
/// </summary>
internal sealed class SharedKvBuffer : IDisposable
{
    private readonly float[][]? _host;
    private readonly OrtAllocator? _deviceAllocator;
    private readonly OrtValue[]? _device;
    private readonly OrtMemoryInfo _memoryInfo;
    private readonly bool _ownsMemoryInfo;
    private readonly nint[] _base;
    private readonly Dictionary<(int First, int Count), OrtValue[]> _views = [];

    private SharedKvBuffer(int tensors, int rows, int heads, int slots, int headDim, OrtMemoryInfo memoryInfo, bool ownsMemoryInfo,
        float[][]? host, OrtAllocator? deviceAllocator, OrtValue[]? device, nint[] bases)
    {
        Tensors = tensors;
        Rows = rows;
        Heads = heads;
        Slots = slots;
        HeadDim = headDim;
        _memoryInfo = memoryInfo;
        _ownsMemoryInfo = ownsMemoryInfo;
        _host = host;
        _deviceAllocator = deviceAllocator;
        _device = device;
        _base = bases;
    }

    public int Tensors { get; }

    public int Rows { get; }

    public int Heads { get; }

    /// <summary>Positions per row and head.</summary>
    public int Slots { get; }

    public int HeadDim { get; }

    public bool OnDevice => _device is not null;

    private long RowFloats => (long)Heads * Slots * HeadDim;

    public static SharedKvBuffer OnHost(int tensors, int rows, int heads, int slots, int headDim)
    {
        var size = checked((int)((long)rows * heads * slots * headDim));
        var host = new float[tensors][];
        var bases = new nint[tensors];
        for (var i = 0; i < tensors; i++)
        {
            // Pinned (pinned object heap): views hand ONNX Runtime the address directly, run after run.
            host[i] = GC.AllocateArray<float>(size, pinned: true);
            bases[i] = Marshal.UnsafeAddrOfPinnedArrayElement(host[i], 0);
        }

        return new SharedKvBuffer(tensors, rows, heads, slots, headDim, OrtMemoryInfo.DefaultInstance, false, host, null, null, bases);
    }

    /// <summary>Device memory from the session's CUDA allocator: the cache never crosses to the host.</summary>
    public static SharedKvBuffer OnCuda(InferenceSession session, int tensors, int rows, int heads, int slots, int headDim)
    {
        var memoryInfo = new OrtMemoryInfo(OrtMemoryInfo.allocatorCUDA, OrtAllocatorType.DeviceAllocator, 0, OrtMemType.Default);
        var allocator = new OrtAllocator(session, memoryInfo);
        var device = new OrtValue[tensors];
        var bases = new nint[tensors];
        _ = checked((int)((long)rows * heads * slots * headDim * sizeof(float)));
        try
        {
            for (var i = 0; i < tensors; i++)
            {
                device[i] = OrtValue.CreateAllocatedTensorValue(allocator, TensorElementType.Float, [rows, heads, slots, headDim]);
                bases[i] = DeviceAddress(device[i]);
            }
        }
        catch
        {
            foreach (var allocation in device) allocation?.Dispose();
            allocator.Dispose();
            memoryInfo.Dispose();
            throw;
        }

        return new SharedKvBuffer(tensors, rows, heads, slots, headDim, memoryInfo, true, null, allocator, device, bases);
    }

    // The span is never read: it only carries the device address ONNX Runtime reports for the tensor.
    private static unsafe nint DeviceAddress(OrtValue tensor) =>
        (nint)System.Runtime.CompilerServices.Unsafe.AsPointer(ref MemoryMarshal.GetReference(tensor.GetTensorMutableRawData()));

    /// <summary>Tensors over rows [first, first + count), each [count, heads, slots, head_dim]; kept for reuse.</summary>
    public OrtValue[] Views(int first, int count)
    {
        if (_views.TryGetValue((first, count), out var views)) return views;
        views = new OrtValue[Tensors];
        long[] shape = [count, Heads, Slots, HeadDim];
        var offset = first * RowFloats * sizeof(float);
        for (var i = 0; i < Tensors; i++)
        {
            views[i] = OrtValue.CreateTensorValueWithData(_memoryInfo, TensorElementType.Float, shape, _base[i] + (nint)offset, count * RowFloats * sizeof(float));
        }

        _views.Add((first, count), views);
        return views;
    }

    /// <summary>Copies the first <paramref name="length"/> positions of every head of row <paramref name="source"/> into row <paramref name="target"/>.</summary>
    public void CopyRow(int source, int target, int length)
    {
        if (length == 0) return;
        long headFloats = (long)Slots * HeadDim;
        for (var i = 0; i < Tensors; i++)
        {
            if (_host is not null)
            {
                var tensor = _host[i].AsSpan();
                for (var h = 0; h < Heads; h++)
                {
                    tensor.Slice((int)(source * RowFloats + h * headFloats), length * HeadDim)
                        .CopyTo(tensor.Slice((int)(target * RowFloats + h * headFloats), length * HeadDim));
                }
            }
            else
            {
                // One pitched copy per tensor: each head's first `length` positions.
                var pitch = headFloats * sizeof(float);
                CudaRuntime.Copy2D(_base[i] + (nint)(target * RowFloats * sizeof(float)), pitch,
                    _base[i] + (nint)(source * RowFloats * sizeof(float)), pitch, (long)length * HeadDim * sizeof(float), Heads);
            }
        }
    }

    /// <summary>Host copy of one tensor's row (tests: what a run wrote and did not write).</summary>
    internal float[] HostRow(int tensor, int row) =>
        _host is null ? throw new InvalidOperationException("The cache is on the device.") : _host[tensor].AsSpan((int)(row * RowFloats), (int)RowFloats).ToArray();

    public void Dispose()
    {
        foreach (var views in _views.Values)
        {
            foreach (var view in views) view.Dispose();
        }

        _views.Clear();
        if (_device is not null)
        {
            foreach (var allocation in _device) allocation.Dispose();
        }

        _deviceAllocator?.Dispose();
        if (_ownsMemoryInfo) _memoryInfo.Dispose();
    }
}
