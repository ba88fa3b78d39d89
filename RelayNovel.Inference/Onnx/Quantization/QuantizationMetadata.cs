using RelayNovel.Inference.Onnx.Proto;

namespace RelayNovel.Inference.Onnx.Quantization;

/// <summary>
/// The quantization a model.onnx records in its metadata_props (key <see cref="Key"/>), read without loading
/// the graph: the top-level fields of the ModelProto are walked and the graph's bytes skipped.
/// </summary>
public static class QuantizationMetadata
{
    public const string Key = "relaynovel.quantization";

    /// <summary>What <see cref="Read"/> answers for a model that records nothing and was not written by RelayNovel.</summary>
    public const string Unknown = "unknown";

    private const string OurWriter = "RelayNovel.Gpt2OnnxWriter";
    private const int ProducerNameField = 2;
    private const int MetadataPropsField = 14;

    /// <summary>
    /// fp32, int8, int4 or fp16 as recorded; fp32 for an unmarked model from our own writer (convert, random-model,
    /// the embedded model); <see cref="Unknown"/> for an unmarked third-party export.
    /// </summary>
    public static string Read(string onnxPath)
    {
        using var stream = new FileStream(onnxPath, FileMode.Open, FileAccess.Read, FileShare.Read, 4096);
        string? producer = null;
        while (TryReadVarint(stream, out var tag))
        {
            var field = (int)(tag >> 3);
            switch (tag & 7)
            {
                case 0:
                    TryReadVarint(stream, out _);
                    break;
                case 1:
                    stream.Seek(8, SeekOrigin.Current);
                    break;
                case 5:
                    stream.Seek(4, SeekOrigin.Current);
                    break;
                case 2:
                    if (!TryReadVarint(stream, out var length)) return Unknown;
                    if (field is ProducerNameField or MetadataPropsField && length < 1 << 20)
                    {
                        var bytes = new byte[length];
                        stream.ReadExactly(bytes);
                        if (field == ProducerNameField)
                        {
                            producer = System.Text.Encoding.UTF8.GetString(bytes);
                        }
                        else if (StringStringEntryProto.Parser.ParseFrom(bytes) is { Key: Key } entry)
                        {
                            return entry.Value;
                        }
                    }
                    else
                    {
                        stream.Seek((long)length, SeekOrigin.Current);
                    }

                    break;
                default:
                    return Unknown;
            }
        }

        return producer == OurWriter ? QuantizationKind.Fp32.Name() : Unknown;
    }

    /// <summary>Sets the key on a model about to be written (replacing an earlier value).</summary>
    internal static void Write(ModelProto model, QuantizationKind kind)
    {
        var existing = model.MetadataProps.FirstOrDefault(p => p.Key == Key);
        if (existing is not null) model.MetadataProps.Remove(existing);
        model.MetadataProps.Add(new StringStringEntryProto { Key = Key, Value = kind.Name() });
    }

    /// <summary>What <see cref="Read"/> would answer for a parsed model.</summary>
    internal static string Of(ModelProto model) =>
        model.MetadataProps.FirstOrDefault(p => p.Key == Key)?.Value
        ?? (model.ProducerName == OurWriter ? QuantizationKind.Fp32.Name() : Unknown);

    // A truncated or malformed file reads as the end: the answer is then Unknown, and loading it reports the damage.
    private static bool TryReadVarint(Stream stream, out ulong value)
    {
        value = 0;
        for (var shift = 0; shift < 64; shift += 7)
        {
            var b = stream.ReadByte();
            if (b < 0) return false;

            value |= (ulong)(b & 0x7F) << shift;
            if ((b & 0x80) == 0) return true;
        }

        return false;
    }
}
