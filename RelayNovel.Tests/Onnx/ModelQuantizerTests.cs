using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;
using RelayNovel.Inference.Generation;
using RelayNovel.Inference.Onnx;
using RelayNovel.Inference.Onnx.Proto;
using RelayNovel.Inference.Onnx.Quantization;
using RelayNovel.Tests.Checkpoints;
using DataType = RelayNovel.Inference.Onnx.Proto.TensorProto.Types.DataType;

namespace RelayNovel.Tests.Onnx;

public sealed class ModelQuantizerTests
{
    private static readonly long[][] Ids = [[5, 17, 42, 99, 150, 3, 7, 64]];

    [Theory]
    [InlineData(QuantizationKind.Int8)]
    [InlineData(QuantizationKind.Int4)]
    public void Quantize_AnyBits_OnnxRuntimeComputesTheDequantizedWeights(QuantizationKind kind)
    {
        using var temp = new TempDirectory();
        var source = QuantizedModels.WriteSource(temp);
        var target = Path.Combine(temp.Path, "q");
        // fp32 activations, so the only difference left is how ONNX Runtime reads our layout.
        ModelQuantizer.Quantize(source, target, new QuantizationOptions(kind) { AccuracyLevel = 0 });
        var reference = temp.File("reference.onnx");
        QuantizedModels.WriteDequantizedReference(Path.Combine(source, "model.onnx"), reference, kind.Bits()!.Value, 32);

        var quantized = Logits(Path.Combine(target, "model.onnx"));
        var expected = Logits(reference);

        Assert.True(TinyModels.MaxAbsDiff(quantized, expected) < 1e-4f, $"max |Δlogit| {TinyModels.MaxAbsDiff(quantized, expected)}");
    }

    [Theory]
    // Random Gaussian weights and int8 activations (accuracy_level 4) make these loose; on the trained model the
    // cost is measured in bits per character instead (QuantizedEmbeddedModelTests, the closing note).
    [InlineData(QuantizationKind.Int8, 0.05)]
    [InlineData(QuantizationKind.Int4, 0.35)]
    [InlineData(QuantizationKind.Fp16, 0.01)]
    public void Quantize_DefaultOptions_LogitsStayCloseToFp32(QuantizationKind kind, double relativeTolerance)
    {
        using var temp = new TempDirectory();
        var source = QuantizedModels.WriteSource(temp);
        var target = Path.Combine(temp.Path, "q");
        ModelQuantizer.Quantize(source, target, new QuantizationOptions(kind));

        var quantized = Logits(Path.Combine(target, "model.onnx"));
        var fp32 = Logits(Path.Combine(source, "model.onnx"));

        var scale = fp32.Max(MathF.Abs);
        var diff = TinyModels.MaxAbsDiff(quantized, fp32);
        Assert.True(diff <= relativeTolerance * scale, $"{kind}: max |Δlogit| {diff} with logits up to {scale}");
    }

    [Fact]
    public void Quantize_Int8_ReplacesEveryWeightMatMulAndTheEmbeddingTable()
    {
        using var temp = new TempDirectory();
        var source = QuantizedModels.WriteSource(temp);
        var target = Path.Combine(temp.Path, "q");

        var report = ModelQuantizer.Quantize(source, target, new QuantizationOptions(QuantizationKind.Int8));

        var model = QuantizedModels.Load(Path.Combine(target, "model.onnx"));
        var layers = QuantizedModels.Config.NLayer;
        Assert.Equal((4 * layers) + 1, report.MatMuls);
        Assert.Equal((4 * layers) + 1, model.Graph.Node.Count(n => n.OpType == "MatMulNBits" && n.Domain == "com.microsoft"));
        Assert.Single(model.Graph.Node, n => n.OpType == "GatherBlockQuantized");
        Assert.True(report.EmbeddingQuantized);
        // The only 2-D fp32 table left is the position embedding (a plain Gather, no MatMul reads it).
        Assert.Equal(["transformer.wpe.weight"], model.Graph.Initializer.Where(t => t.DataType == (int)DataType.Float && t.Dims.Count == 2 && !t.Name.EndsWith(".scales", StringComparison.Ordinal)).Select(t => t.Name));
        Assert.Contains(model.OpsetImport, o => o.Domain == "com.microsoft");
    }

    [Fact]
    public void Quantize_Int4_RecordsTheKindForTheFolderTheCardAndTheWeightBytes()
    {
        using var temp = new TempDirectory();
        var source = QuantizedModels.WriteSource(temp);
        var target = Path.Combine(temp.Path, "q");

        ModelQuantizer.Quantize(source, target, new QuantizationOptions(QuantizationKind.Int4));

        var quantized = ModelFolder.Open(target);
        var original = ModelFolder.Open(source);
        Assert.Equal("int4", quantized.Quantization);
        Assert.Equal("int4", QuantizationMetadata.Read(quantized.OnnxPath));
        Assert.Equal("fp32", original.Quantization);
        Assert.Equal($"{original.Name} (int4)", quantized.Name);
        Assert.Contains("## Quantization", File.ReadAllText(Path.Combine(target, "MODEL_CARD.md")), StringComparison.Ordinal);
        Assert.True(quantized.WeightBytes() < 0.5 * original.WeightBytes(), $"{quantized.WeightBytes()} vs {original.WeightBytes()} bytes");
        Assert.True(File.Exists(Path.Combine(target, "tokenizer.json")) && File.Exists(Path.Combine(target, "config.json")));
    }

    [Fact]
    public void Quantize_Fp16_StoresHalvesButKeepsTheBoundaryFp32()
    {
        using var temp = new TempDirectory();
        var source = QuantizedModels.WriteSource(temp);
        var target = Path.Combine(temp.Path, "q");

        ModelQuantizer.Quantize(source, target, new QuantizationOptions(QuantizationKind.Fp16));

        var model = QuantizedModels.Load(Path.Combine(target, "model.onnx"));
        Assert.DoesNotContain(model.Graph.Initializer, t => t.DataType == (int)DataType.Float);
        Assert.Contains(model.Graph.Initializer, t => t.DataType == (int)DataType.Float16);
        using var session = new InferenceSession(Path.Combine(target, "model.onnx"));
        Assert.Equal(TensorElementType.Float, session.InputMetadata[Gpt2OnnxNames.PastKey(0)].ElementDataType);
        Assert.Equal(TensorElementType.Float, session.OutputMetadata[Gpt2OnnxNames.Logits].ElementDataType);
        Assert.Equal(TensorElementType.Float, session.OutputMetadata[Gpt2OnnxNames.PresentValue(1)].ElementDataType);
        Assert.Equal("fp16", ModelFolder.Open(target).Quantization);
    }

    [Fact]
    public void Quantize_AnAlreadyQuantizedFolder_IsRefusedAndWritesNothing()
    {
        using var temp = new TempDirectory();
        var source = QuantizedModels.WriteSource(temp);
        var int8 = Path.Combine(temp.Path, "int8");
        ModelQuantizer.Quantize(source, int8, new QuantizationOptions(QuantizationKind.Int8));
        var again = Path.Combine(temp.Path, "again");

        var error = Assert.Throws<ModelLoadException>(() => ModelQuantizer.Quantize(int8, again, new QuantizationOptions(QuantizationKind.Int4)));

        Assert.Contains("int8", error.Message, StringComparison.Ordinal);
        Assert.False(Directory.Exists(again));
        Assert.DoesNotContain(Directory.EnumerateDirectories(temp.Path), d => Path.GetFileName(d).StartsWith("again", StringComparison.Ordinal));
    }

    [Fact]
    public void Quantize_UnmarkedThirdPartyExport_IsQuantizedAndMarked()
    {
        using var temp = new TempDirectory();
        var source = QuantizedModels.WriteSource(temp);
        var onnx = Path.Combine(source, "model.onnx");
        var model = QuantizedModels.Load(onnx);
        model.ProducerName = "optimum";
        QuantizedModels.Save(model, onnx);
        var target = Path.Combine(temp.Path, "q");

        ModelQuantizer.Quantize(source, target, new QuantizationOptions(QuantizationKind.Int8));

        Assert.Equal(QuantizationMetadata.Unknown, ModelFolder.Open(source).Quantization);
        Assert.Equal("int8", ModelFolder.Open(target).Quantization);
    }

    [Fact]
    public void Quantize_IntoAFolderThatHoldsFiles_IsRefusedAndLeavesThemAlone()
    {
        using var temp = new TempDirectory();
        var source = QuantizedModels.WriteSource(temp);
        var target = temp.Sub("busy");
        File.WriteAllText(Path.Combine(target, "notes.txt"), "mine");

        Assert.Throws<IOException>(() => ModelQuantizer.Quantize(source, target, new QuantizationOptions(QuantizationKind.Int8)));

        Assert.Equal(["notes.txt"], Directory.EnumerateFiles(target).Select(Path.GetFileName));
    }

    [Fact]
    public void Rewrite_WeightAlsoReadByAnotherOp_QuantizesTheMatMulAndKeepsTheFp32Copy()
    {
        // A graph of another shape than GPT-2's: the rewrite keys on MatMul-with-initializer, not on names.
        var g = new OnnxGraphBuilder();
        g.Input("x", DataType.Float, 1, 64);
        var w = g.FloatInitializer("w", [64, 16], Enumerable.Range(0, 64 * 16).Select(i => MathF.Sin(i)).ToArray());
        g.NodeNamed("MatMul", ["x", w], "y");
        g.NodeNamed("Identity", [w], "w_out");
        g.Output("y", DataType.Float, 1, 16);
        g.Output("w_out", DataType.Float, 64, 16);

        var rewritten = MatMulNBitsRewriter.Rewrite(g.Graph, 8, 32, 0);

        Assert.Equal(1, rewritten);
        Assert.Contains(g.Graph.Node, n => n.OpType == "MatMulNBits");
        Assert.Contains(g.Graph.Initializer, t => t.Name == "w" && t.DataType == (int)DataType.Float);
    }

    private static float[] Logits(string onnxPath)
    {
        using var runner = new OrtGpt2Runner(onnxPath, QuantizedModels.Config);
        var seq = Ids[0].Length;
        return runner.Step(Ids, TinyModels.Ones(1, seq), TinyModels.Positions(1, 0, seq), null).Logits;
    }
}
