using System.Runtime.InteropServices;
using RelayNovel.Inference.Checkpoints;
using RelayNovel.Inference.Onnx.Proto;

namespace RelayNovel.Inference.Onnx;

/// <summary>
/// Reads the fp32 weights back out of a model.onnx that <see cref="Gpt2OnnxWriter"/> wrote (plain or fused), under
/// their Hugging Face names, so an existing model folder can be rewritten into another graph form without the
/// original checkpoint.
/// </summary>
public static class Gpt2OnnxWeights
{
    /// <summary>Canonical HF weights of <paramref name="onnxPath"/>; throws <see cref="CheckpointFormatException"/> naming what is missing.</summary>
    public static Dictionary<string, NamedTensor> Read(string onnxPath, Gpt2Config config)
    {
        ModelProto model;
        try
        {
            using var stream = File.OpenRead(onnxPath);
            model = ModelProto.Parser.ParseFrom(stream);
        }
        catch (Google.Protobuf.InvalidProtocolBufferException ex)
        {
            throw new CheckpointFormatException($"{onnxPath} is not a readable ONNX model: {ex.Message}");
        }

        var initializers = new Dictionary<string, TensorProto>(StringComparer.Ordinal);
        foreach (var tensor in model.Graph?.Initializer ?? [])
        {
            initializers.TryAdd(tensor.Name, tensor);
        }

        var weights = new Dictionary<string, NamedTensor>(StringComparer.Ordinal);
        var missing = new List<string>();
        foreach (var (name, shape) in Gpt2WeightNames.Expected(config))
        {
            if (initializers.TryGetValue(name, out var tensor))
            {
                weights.Add(name, new NamedTensor(name, shape, Floats(tensor, shape, onnxPath)));
            }
            else if (name == Gpt2WeightNames.TokenEmbedding && initializers.TryGetValue(Gpt2OnnxWriter.TransposedTokenEmbedding, out var transposed))
            {
                // The writer keeps the embedding as [n_embd, vocab] so the tied LM head needs no second copy.
                var data = Floats(transposed, [shape[1], shape[0]], onnxPath);
                weights.Add(name, new NamedTensor(name, shape, Transpose(data, shape[1], shape[0])));
            }
            else
            {
                missing.Add(name);
            }
        }

        if (missing.Count > 0)
        {
            throw new CheckpointFormatException(
                $"{onnxPath} was not written by RelayNovel's ONNX writer (it lacks the weight initializers {string.Join(", ", missing.Take(3))}" +
                $"{(missing.Count > 3 ? $" and {missing.Count - 3} more" : string.Empty)}); convert the Hugging Face checkpoint instead.");
        }

        return weights;
    }

    private static float[] Floats(TensorProto tensor, int[] shape, string onnxPath)
    {
        var expected = shape.Aggregate(1L, (n, d) => n * d);
        var dims = tensor.Dims.ToArray();
        if (tensor.DataType != (int)TensorProto.Types.DataType.Float || dims.Aggregate(1L, (n, d) => n * d) != expected)
        {
            throw new CheckpointFormatException(
                $"{onnxPath}: initializer {tensor.Name} is [{string.Join(", ", dims)}] of ONNX type {tensor.DataType}, but fp32 [{string.Join(", ", shape)}] is expected " +
                "(a quantized or fp16 model cannot be rewritten; rewrite its fp32 source).");
        }

        if (tensor.FloatData.Count == expected)
        {
            return [.. tensor.FloatData];
        }

        if (tensor.RawData.Length != expected * sizeof(float))
        {
            throw new CheckpointFormatException($"{onnxPath}: initializer {tensor.Name} holds {tensor.RawData.Length} bytes, not {expected * sizeof(float)} (external data is not read).");
        }

        if (!BitConverter.IsLittleEndian) throw new PlatformNotSupportedException("ONNX raw_data is little-endian.");
        var result = new float[expected];
        tensor.RawData.Span.CopyTo(MemoryMarshal.AsBytes(result.AsSpan()));
        return result;
    }

    private static float[] Transpose(float[] data, int rows, int cols)
    {
        var result = new float[data.Length];
        for (var r = 0; r < rows; r++)
        {
            for (var c = 0; c < cols; c++) result[c * rows + r] = data[r * cols + c];
        }

        return result;
    }
}
