using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace RelayNovel.Training.Export;

/// <summary>
/// Minimal safetensors reader/writer (F32 out; F32/F16/BF16 in). Stand-in until the shared
/// RelayNovel.Inference.Checkpoints.SafeTensors lands in main.
/// </summary>
internal static class SafeTensorsFile
{
    public static void Write(string path, IEnumerable<WeightTensor> tensors)
    {
        var list = tensors.OrderBy(t => t.Name, StringComparer.Ordinal).ToList();
        var header = new JsonObject { ["__metadata__"] = new JsonObject { ["format"] = "pt" } };
        long offset = 0;
        foreach (var t in list)
        {
            var bytes = t.Data.LongLength * 4;
            header[t.Name] = new JsonObject
            {
                ["dtype"] = "F32",
                ["shape"] = new JsonArray([.. t.Shape.Select(s => (JsonNode)s)]),
                ["data_offsets"] = new JsonArray(offset, offset + bytes),
            };
            offset += bytes;
        }

        var json = Encoding.UTF8.GetBytes(header.ToJsonString());
        var padded = (json.Length + 7) / 8 * 8;
        using var stream = File.Create(path);
        using var writer = new BinaryWriter(stream);
        writer.Write((ulong)padded);
        writer.Write(json);
        writer.Write(Enumerable.Repeat((byte)' ', padded - json.Length).ToArray());
        foreach (var t in list)
        {
            var raw = new byte[t.Data.Length * 4];
            Buffer.BlockCopy(t.Data, 0, raw, 0, raw.Length);
            writer.Write(raw);
        }
    }

    public static Dictionary<string, WeightTensor> Read(string path)
    {
        using var stream = File.OpenRead(path);
        using var reader = new BinaryReader(stream);
        var headerLength = (long)reader.ReadUInt64();
        using var header = JsonDocument.Parse(reader.ReadBytes((int)headerLength));
        var dataStart = 8 + headerLength;
        var result = new Dictionary<string, WeightTensor>(StringComparer.Ordinal);
        foreach (var entry in header.RootElement.EnumerateObject().Where(e => e.Name != "__metadata__"))
        {
            var dtype = entry.Value.GetProperty("dtype").GetString();
            var shape = entry.Value.GetProperty("shape").EnumerateArray().Select(s => s.GetInt64()).ToArray();
            var offsets = entry.Value.GetProperty("data_offsets").EnumerateArray().Select(s => s.GetInt64()).ToArray();
            stream.Position = dataStart + offsets[0];
            var raw = reader.ReadBytes((int)(offsets[1] - offsets[0]));
            result[entry.Name] = new WeightTensor(entry.Name, shape, Decode(raw, dtype));
        }

        return result;
    }

    private static float[] Decode(byte[] raw, string? dtype)
    {
        switch (dtype)
        {
            case "F32":
                var f = new float[raw.Length / 4];
                Buffer.BlockCopy(raw, 0, f, 0, raw.Length);
                return f;
            case "F16":
                return [.. Enumerable.Range(0, raw.Length / 2).Select(i => (float)BitConverter.ToHalf(raw, i * 2))];
            case "BF16":
                return [.. Enumerable.Range(0, raw.Length / 2).Select(i => BitConverter.Int32BitsToSingle(BitConverter.ToUInt16(raw, i * 2) << 16))];
            default:
                throw new InvalidDataException($"Unsupported safetensors dtype {dtype}.");
        }
    }
}
