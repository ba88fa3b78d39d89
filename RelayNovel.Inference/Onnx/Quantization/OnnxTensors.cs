using System.Runtime.InteropServices;
using Google.Protobuf;
using RelayNovel.Inference.Onnx.Proto;
using DataType = RelayNovel.Inference.Onnx.Proto.TensorProto.Types.DataType;

namespace RelayNovel.Inference.Onnx.Quantization;

/// <summary>Reads and makes the initializers the quantizers touch (little-endian raw_data, as ONNX stores it).</summary>
internal static class OnnxTensors
{
    public static bool IsFloat(TensorProto tensor) => tensor.DataType == (int)DataType.Float;

    public static long ElementCount(TensorProto tensor) => tensor.Dims.Aggregate(1L, (a, d) => a * d);

    /// <summary>The values of a float initializer stored inside the file (raw_data or float_data).</summary>
    public static float[] ReadFloats(TensorProto tensor)
    {
        var count = ElementCount(tensor);
        if (tensor.RawData.Length == count * sizeof(float))
        {
            return MemoryMarshal.Cast<byte, float>(tensor.RawData.Span).ToArray();
        }

        if (tensor.FloatData.Count == count)
        {
            return [.. tensor.FloatData];
        }

        throw new InvalidDataException(
            $"Initializer '{tensor.Name}' holds no inline data for its {count} values (external data files are not supported by quantize).");
    }

    public static TensorProto Bytes(string name, long[] dims, byte[] data) =>
        Make(name, DataType.Uint8, dims, ByteString.CopyFrom(data));

    public static TensorProto Floats(string name, long[] dims, float[] data) =>
        Make(name, DataType.Float, dims, ByteString.CopyFrom(MemoryMarshal.AsBytes(data.AsSpan())));

    /// <summary>An fp16 initializer; values beyond fp16's range saturate to ±65504 rather than becoming infinite.</summary>
    public static TensorProto Halves(string name, IEnumerable<long> dims, float[] data)
    {
        var halves = new Half[data.Length];
        for (var i = 0; i < data.Length; i++)
        {
            halves[i] = (Half)Math.Clamp(data[i], (float)Half.MinValue, (float)Half.MaxValue);
        }

        return Make(name, DataType.Float16, dims, ByteString.CopyFrom(MemoryMarshal.AsBytes(halves.AsSpan())));
    }

    private static TensorProto Make(string name, DataType type, IEnumerable<long> dims, ByteString raw)
    {
        if (!BitConverter.IsLittleEndian) throw new PlatformNotSupportedException("ONNX raw_data is little-endian.");
        var tensor = new TensorProto { Name = name, DataType = (int)type, RawData = raw };
        tensor.Dims.AddRange(dims);
        return tensor;
    }
}
