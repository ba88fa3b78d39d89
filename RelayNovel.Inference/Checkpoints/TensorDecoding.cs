using System.Buffers.Binary;

namespace RelayNovel.Inference.Checkpoints;

/// <summary>Turns little-endian element bytes of the checkpoint dtypes into float32.</summary>
internal static class TensorDecoding
{
    /// <summary>Bytes per element of a safetensors dtype name, or null for an unsupported one.</summary>
    public static int? Size(string dtype) => dtype switch
    {
        "F32" or "I32" => 4,
        "F16" or "BF16" or "I16" => 2,
        "F64" or "I64" => 8,
        "U8" or "I8" or "BOOL" => 1,
        _ => null,
    };

    /// <param name="dtype">safetensors dtype name: F32, F16, BF16, F64, I64, I32, I16, I8, U8, BOOL.</param>
    public static void Decode(string dtype, ReadOnlySpan<byte> bytes, Span<float> values)
    {
        var n = values.Length;
        switch (dtype)
        {
            case "F32":
                for (var i = 0; i < n; i++) values[i] = BinaryPrimitives.ReadSingleLittleEndian(bytes[(i * 4)..]);
                break;
            case "F16":
                for (var i = 0; i < n; i++) values[i] = (float)BinaryPrimitives.ReadHalfLittleEndian(bytes[(i * 2)..]);
                break;
            case "BF16":
                // bfloat16 is the top half of a float32.
                for (var i = 0; i < n; i++) values[i] = BitConverter.Int32BitsToSingle(BinaryPrimitives.ReadUInt16LittleEndian(bytes[(i * 2)..]) << 16);
                break;
            case "F64":
                for (var i = 0; i < n; i++) values[i] = (float)BinaryPrimitives.ReadDoubleLittleEndian(bytes[(i * 8)..]);
                break;
            case "I64":
                for (var i = 0; i < n; i++) values[i] = BinaryPrimitives.ReadInt64LittleEndian(bytes[(i * 8)..]);
                break;
            case "I32":
                for (var i = 0; i < n; i++) values[i] = BinaryPrimitives.ReadInt32LittleEndian(bytes[(i * 4)..]);
                break;
            case "I16":
                for (var i = 0; i < n; i++) values[i] = BinaryPrimitives.ReadInt16LittleEndian(bytes[(i * 2)..]);
                break;
            case "I8":
                for (var i = 0; i < n; i++) values[i] = (sbyte)bytes[i];
                break;
            case "U8" or "BOOL":
                for (var i = 0; i < n; i++) values[i] = bytes[i];
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(dtype), dtype, "Unsupported tensor dtype.");
        }
    }
}
