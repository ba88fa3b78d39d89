using System.Buffers.Binary;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace RelayNovel.Inference.Checkpoints;

/// <summary>
/// Reads and writes the <c>.safetensors</c> format: an 8-byte little-endian header length, a JSON header
/// naming each tensor's dtype, shape and byte range, then the raw little-endian data.
/// </summary>
public static class SafeTensors
{
    // The reference implementation refuses headers over 100 MB; a bigger one is a corrupt length.
    private const long MaxHeaderBytes = 100_000_000;

    /// <summary>Reads every tensor as float32 (F32, F16, BF16, F64 and integer/bool buffers are converted).</summary>
    public static IReadOnlyDictionary<string, NamedTensor> Read(string path)
    {
        if (!BitConverter.IsLittleEndian)
        {
            throw new PlatformNotSupportedException("safetensors reading needs a little-endian machine.");
        }

        if (!File.Exists(path))
        {
            throw new CheckpointFormatException($"The safetensors file '{path}' does not exist.");
        }

        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 20);
        var entries = ReadHeader(stream, path, out var dataStart);
        var result = new Dictionary<string, NamedTensor>(StringComparer.Ordinal);
        foreach (var entry in entries.OrderBy(e => e.Begin))
        {
            stream.Position = dataStart + entry.Begin;
            result.Add(entry.Name, new NamedTensor(entry.Name, entry.Shape, ReadData(stream, entry)));
        }

        return result;
    }

    /// <summary>Writes the tensors as F32 in the given order with <c>{"format": "pt"}</c> metadata.</summary>
    public static void Write(string path, IEnumerable<NamedTensor> tensors)
    {
        var list = tensors.ToList();
        var header = new JsonObject { ["__metadata__"] = new JsonObject { ["format"] = "pt" } };
        long offset = 0;
        foreach (var t in list)
        {
            if (t.ElementCount != t.Data.Length)
            {
                throw new ArgumentException($"Tensor '{t.Name}' has shape {t.ShapeText} but {t.Data.Length} values.", nameof(tensors));
            }

            long bytes = t.Data.LongLength * sizeof(float);
            header[t.Name] = new JsonObject
            {
                ["dtype"] = "F32",
                ["shape"] = new JsonArray(t.Shape.Select(d => (JsonNode)d).ToArray()),
                ["data_offsets"] = new JsonArray(offset, offset + bytes),
            };
            offset += bytes;
        }

        var headerBytes = Encoding.UTF8.GetBytes(header.ToJsonString());
        // Pad with spaces to a multiple of 8 so the data that follows is aligned, as the reference writer does.
        var padded = (headerBytes.Length + 7) / 8 * 8;
        using var stream = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 20);
        Span<byte> length = stackalloc byte[8];
        BinaryPrimitives.WriteUInt64LittleEndian(length, (ulong)padded);
        stream.Write(length);
        stream.Write(headerBytes);
        for (var i = headerBytes.Length; i < padded; i++) stream.WriteByte((byte)' ');
        foreach (var t in list)
        {
            stream.Write(MemoryMarshal.AsBytes(t.Data.AsSpan()));
        }
    }

    private sealed record Entry(string Name, string Dtype, int[] Shape, long Begin, long End, long Count);

    private static List<Entry> ReadHeader(FileStream stream, string path, out long dataStart)
    {
        CheckpointFormatException Bad(string what) => new($"'{path}' is not a valid safetensors file: {what}");

        Span<byte> lengthBytes = stackalloc byte[8];
        if (stream.Length < 8 || stream.ReadAtLeast(lengthBytes, 8, throwOnEndOfStream: false) < 8)
        {
            throw Bad("it is shorter than the 8-byte header length.");
        }

        var headerLength = BinaryPrimitives.ReadUInt64LittleEndian(lengthBytes);
        if (headerLength > MaxHeaderBytes || (long)headerLength > stream.Length - 8)
        {
            throw Bad($"the header length {headerLength} is larger than the file ({stream.Length} bytes) allows.");
        }

        var headerBytes = new byte[headerLength];
        stream.ReadExactly(headerBytes);
        dataStart = 8 + (long)headerLength;
        var dataLength = stream.Length - dataStart;

        JsonObject header;
        try
        {
            header = JsonNode.Parse(headerBytes) as JsonObject ?? throw Bad("the header is not a JSON object.");
        }
        catch (JsonException ex)
        {
            throw new CheckpointFormatException($"'{path}' is not a valid safetensors file: the header is not valid JSON ({ex.Message}).", ex);
        }

        var entries = new List<Entry>();
        foreach (var (name, node) in header)
        {
            if (name == "__metadata__") continue;
            if (node is not JsonObject info) throw Bad($"tensor '{name}' has no description object.");
            var dtype = info["dtype"]?.GetValue<string>() ?? throw Bad($"tensor '{name}' has no dtype.");
            if (TensorDecoding.Size(dtype) is not { } size)
            {
                throw Bad($"tensor '{name}' has dtype {dtype}; supported are F32, F16, BF16, F64, I64, I32, I16, I8, U8 and BOOL.");
            }

            var shapeNode = info["shape"] as JsonArray ?? throw Bad($"tensor '{name}' has no shape.");
            var offsetsNode = info["data_offsets"] as JsonArray ?? throw Bad($"tensor '{name}' has no data_offsets.");
            int[] shape;
            long begin, end;
            try
            {
                shape = shapeNode.Select(d => d!.GetValue<int>()).ToArray();
                if (offsetsNode.Count != 2) throw Bad($"tensor '{name}' needs two data_offsets.");
                begin = offsetsNode[0]!.GetValue<long>();
                end = offsetsNode[1]!.GetValue<long>();
            }
            catch (Exception ex) when (ex is InvalidOperationException or FormatException or NullReferenceException)
            {
                throw Bad($"tensor '{name}' has a malformed shape or data_offsets.");
            }

            if (shape.Any(d => d < 0)) throw Bad($"tensor '{name}' has a negative dimension.");
            var count = shape.Aggregate(1L, (n, d) => n * d);
            if (count > int.MaxValue) throw Bad($"tensor '{name}' is too large ({count} values).");
            if (begin < 0 || end < begin || end > dataLength)
            {
                throw Bad($"tensor '{name}' claims bytes {begin}..{end}, outside the {dataLength} data bytes.");
            }

            if (end - begin != count * size)
            {
                throw Bad($"tensor '{name}' has shape [{string.Join(", ", shape)}] ({count} × {size} bytes) but {end - begin} data bytes.");
            }

            entries.Add(new Entry(name, dtype, shape, begin, end, count));
        }

        var sorted = entries.OrderBy(e => e.Begin).ToList();
        for (var i = 1; i < sorted.Count; i++)
        {
            if (sorted[i].Begin < sorted[i - 1].End)
            {
                throw Bad($"tensors '{sorted[i - 1].Name}' and '{sorted[i].Name}' overlap.");
            }
        }

        return entries;
    }

    private static float[] ReadData(Stream stream, Entry entry)
    {
        var values = new float[entry.Count];
        if (entry.Dtype == "F32")
        {
            stream.ReadExactly(MemoryMarshal.AsBytes(values.AsSpan()));
            return values;
        }

        var bytes = new byte[entry.End - entry.Begin];
        stream.ReadExactly(bytes);
        TensorDecoding.Decode(entry.Dtype, bytes, values);
        return values;
    }
}
