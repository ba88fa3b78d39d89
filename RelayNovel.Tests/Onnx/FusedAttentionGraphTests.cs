using Microsoft.ML.OnnxRuntime;
using RelayNovel.Inference.Checkpoints;
using RelayNovel.Inference.Generation;
using RelayNovel.Inference.Onnx;
using RelayNovel.Tests.Checkpoints;
using RelayNovel.Tests.EmbeddedModel;

namespace RelayNovel.Tests.Onnx;

/// <summary>The fused-attention graph against the plain-op reference, bound the plain way (separate past and present).</summary>
public sealed class FusedAttentionGraphTests(FusedGraphFixture model) : IClassFixture<FusedGraphFixture>
{
    private const float Tolerance = 1e-4f;
    private static readonly int[] Sequence = [5, 17, 42, 3, 79, 0, 23, 61, 8, 11];

    [Fact]
    public void FusedGraph_PromptAtOnce_MatchesPlainLogitsAtEveryPosition()
    {
        var expected = model.Reference(Sequence);
        using var fused = new OrtGpt2Runner(model.FusedPath, FusedGraphFixture.Config);

        var result = fused.Step([Sequence.Select(t => (long)t).ToArray()], TinyModels.Ones(1, Sequence.Length), TinyModels.Positions(1, 0, Sequence.Length), past: null);

        for (var t = 0; t < Sequence.Length; t++)
        {
            Assert.True(TinyModels.MaxAbsDiff(expected[t], result.Row(0, t, Sequence.Length, FusedGraphFixture.Config.VocabSize)) <= Tolerance, $"position {t}");
        }
    }

    [Fact]
    public void FusedGraph_TokenByTokenAndChunkWithSeparatePresent_MatchesPlainLogits()
    {
        var expected = model.Reference(Sequence);
        var vocab = FusedGraphFixture.Config.VocabSize;
        using var fused = new OrtGpt2Runner(model.FusedPath, FusedGraphFixture.Config);

        var first = fused.Step([[Sequence[0]]], TinyModels.Ones(1, 1), TinyModels.Positions(1, 0, 1), past: null);
        var second = fused.Step([[Sequence[1]]], TinyModels.Ones(1, 2), TinyModels.Positions(1, 1, 1), first.Present);
        // A multi-token chunk on top of a cache is GroupQueryAttention's "subsequent prompt" case.
        var chunk = fused.Step([Sequence[2..6].Select(t => (long)t).ToArray()], TinyModels.Ones(1, 6), TinyModels.Positions(1, 2, 4), second.Present);

        Assert.True(TinyModels.MaxAbsDiff(expected[0], first.Row(0, 0, 1, vocab)) <= Tolerance);
        Assert.True(TinyModels.MaxAbsDiff(expected[1], second.Row(0, 0, 1, vocab)) <= Tolerance);
        for (var t = 0; t < 4; t++)
        {
            Assert.True(TinyModels.MaxAbsDiff(expected[2 + t], chunk.Row(0, t, 4, vocab)) <= Tolerance, $"chunk position {t}");
        }

        Assert.Equal(6, chunk.Present[0].Length);
    }

    [Fact]
    public void Signature_FusedAndPlainGraphs_TellThemApart()
    {
        using var plain = new InferenceSession(model.PlainPath);
        var config = FusedGraphFixture.Config;

        Assert.True(model.FusedSignature.IsFused);
        Assert.False(ModelSignature.Check(plain, config.NLayer, config.VocabSize, model.PlainPath).IsFused);
        Assert.Null(FusedBatchDecoder.TryCreate(plain, ModelSignature.Check(plain, config.NLayer, config.VocabSize, model.PlainPath), config, false, 2, 8));
    }

    [Fact]
    public void Signature_EmbeddedModelFolder_LoadsAsPlainGraph()
    {
        using var generator = Gpt2Generator.Load(EmbeddedModelFolder.Path, ExecutionProviderPreference.Cpu);
        using var session = new InferenceSession(Path.Combine(EmbeddedModelFolder.Path, "model.onnx"));

        Assert.False(ModelSignature.Check(session, generator.Config.NLayer, generator.Config.VocabSize, "onnx/model.onnx").IsFused);
    }

    [Fact]
    public void Write_FusedWithHeadSizeNotAMultipleOf8_RefusesWithTheReason()
    {
        using var temp = new TempDirectory();
        var config = TinyModels.Config;

        var ex = Assert.Throws<CheckpointFormatException>(() =>
            Gpt2OnnxWriter.Write(temp.File("m.onnx"), config, RandomModel.CreateWeights(config, seed: 1), Gpt2GraphKind.Fused));

        Assert.Contains("multiple of 8", ex.Message);
        Assert.False(File.Exists(temp.File("m.onnx")));
    }

    [Fact]
    public void ReadWeights_PlainAndFusedFiles_GiveBackTheWrittenWeights()
    {
        var config = FusedGraphFixture.Config;

        foreach (var path in new[] { model.PlainPath, model.FusedPath })
        {
            var read = Gpt2OnnxWeights.Read(path, config);
            Assert.Equal(model.Weights.Keys.Order(), read.Keys.Order());
            foreach (var (name, tensor) in model.Weights)
            {
                Assert.Equal(tensor.Shape, read[name].Shape);
                Assert.Equal(tensor.Data, read[name].Data);
            }
        }
    }

    [Fact]
    public void ReadWeights_ForeignModel_RefusesNamingTheMissingWeights()
    {
        using var temp = new TempDirectory();
        var config = FusedGraphFixture.Config;
        var path = TinyModels.WriteOnnx(temp, config, model.Weights);
        var proto = Inference.Onnx.Proto.ModelProto.Parser.ParseFrom(File.ReadAllBytes(path));
        proto.Graph.Initializer.First(t => t.Name == "transformer.h.0.ln_1.weight").Name = "h.0.ln_1.weight";
        File.WriteAllBytes(path, Google.Protobuf.MessageExtensions.ToByteArray(proto));

        var ex = Assert.Throws<CheckpointFormatException>(() => Gpt2OnnxWeights.Read(path, config));

        Assert.Contains("transformer.h.0.ln_1.weight", ex.Message);
    }
}
