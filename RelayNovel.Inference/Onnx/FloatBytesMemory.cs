using System.Buffers;
using System.Runtime.InteropServices;

namespace RelayNovel.Inference.Onnx;

/// <summary>
/// Views a float array as bytes without copying, so a 150 MB weight goes into a protobuf raw_data field
/// (ByteString.UnsafeWrap) without a second copy in memory while the model is written.
/// </summary>
internal sealed class FloatBytesMemory(float[] values) : MemoryManager<byte>
{
    private GCHandle _pin;

    public override Span<byte> GetSpan() => MemoryMarshal.AsBytes(values.AsSpan());

    public override unsafe MemoryHandle Pin(int elementIndex = 0)
    {
        if (!_pin.IsAllocated) _pin = GCHandle.Alloc(values, GCHandleType.Pinned);
        return new MemoryHandle((byte*)_pin.AddrOfPinnedObject() + elementIndex, default, this);
    }

    public override void Unpin()
    {
        if (_pin.IsAllocated) _pin.Free();
    }

    protected override void Dispose(bool disposing) => Unpin();
}
