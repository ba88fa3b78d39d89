using Google.Protobuf;
using RelayNovel.Inference.Checkpoints;
using RelayNovel.Inference.Onnx.Proto;
using RelayNovel.Inference.Onnx.Quantization;
using RelayNovel.Tests.Checkpoints;

namespace RelayNovel.Tests.Onnx;

/// <summary>A small random model folder to quantize (n_embd 32 = one block; n_inner 48 pads a block), and ONNX helpers.</summary>
internal static class QuantizedModels
{
    public static Gpt2Config Config { get; } = new(NLayer: 2, NHead: 4, NEmbd: 32, NPositions: 32, VocabSize: 200,
        BosTokenId: 0, EosTokenId: 1, PadTokenId: 2, NInner: 48);

    public static string WriteSource(TempDirectory temp, int seed = 21)
    {
        var dir = temp.Sub("fp32");
        RandomModel.Write(dir, Config, seed);
        return dir;
    }

    public static ModelProto Load(string onnxPath)
    {
        using var stream = File.OpenRead(onnxPath);
        return ModelProto.Parser.ParseFrom(stream);
    }

    public static void Save(ModelProto model, string onnxPath)
    {
        using var stream = File.Create(onnxPath);
        model.WriteTo(stream);
    }

    /// <summary>
    /// The fp32 model with every MatMul weight replaced by its quantized-then-dequantized values: what the quantized
    /// model must compute if ONNX Runtime reads our bytes, scales and zero points the way we wrote them.
    /// </summary>
    public static void WriteDequantizedReference(string sourceOnnx, string referenceOnnx, int bits, int blockSize)
    {
        var model = Load(sourceOnnx);
        var initializers = model.Graph.Initializer.ToDictionary(t => t.Name);
        foreach (var node in model.Graph.Node.Where(n => n.OpType == "MatMul"))
        {
            if (!initializers.TryGetValue(node.Input[1], out var b) || b.Dims.Count != 2) continue;
            int k = (int)b.Dims[0], n = (int)b.Dims[1];
            var restored = BlockQuantizer.Quantize(OnnxTensors.ReadFloats(b), k, n, bits, blockSize).Dequantize();
            var replacement = OnnxTensors.Floats(b.Name, [k, n], restored);
            b.RawData = replacement.RawData;
            b.FloatData.Clear();
        }

        Save(model, referenceOnnx);
    }
}
