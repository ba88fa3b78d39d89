using RelayNovel.Inference.Checkpoints;
using RelayNovel.Inference.Onnx;
using RelayNovel.Inference.Onnx.Proto;
using RelayNovel.Tests.Checkpoints;
using RelayNovel.Tests.Reference;

namespace RelayNovel.Tests.Onnx;

public sealed class Gpt2OnnxWriterTests
{
    private const float Tolerance = 1e-4f;
    private static readonly int[] Prompt = [5, 17, 42, 3, 79, 0, 23, 61, 8];

    [Fact]
    public void Prefill_WholePrompt_MatchesReferenceLogitsAtEveryPosition()
    {
        using var temp = new TempDirectory();
        var config = TinyModels.Config;
        var weights = RandomModel.CreateWeights(config, seed: 11);
        var expected = new Gpt2Reference(config, weights).Forward(Prompt);
        using var runner = new OrtGpt2Runner(TinyModels.WriteOnnx(temp, config, weights), config);

        var result = runner.Step([Prompt.Select(t => (long)t).ToArray()], TinyModels.Ones(1, Prompt.Length), TinyModels.Positions(1, 0, Prompt.Length), past: null);

        Assert.Equal([1, Prompt.Length, config.VocabSize], result.LogitsShape);
        for (var t = 0; t < Prompt.Length; t++)
        {
            Assert.True(TinyModels.MaxAbsDiff(expected[t], result.Row(0, t, Prompt.Length, config.VocabSize)) <= Tolerance, $"position {t}");
        }
    }

    [Fact]
    public void Decode_TokenByTokenWithCache_MatchesReferenceLogits()
    {
        using var temp = new TempDirectory();
        var config = TinyModels.Config;
        var weights = RandomModel.CreateWeights(config, seed: 12);
        var expected = new Gpt2Reference(config, weights).Forward(Prompt);
        using var runner = new OrtGpt2Runner(TinyModels.WriteOnnx(temp, config, weights), config);

        OrtGpt2Runner.LayerCache[]? past = null;
        for (var t = 0; t < Prompt.Length; t++)
        {
            var result = runner.Step([[Prompt[t]]], TinyModels.Ones(1, t + 1), TinyModels.Positions(1, t, 1), past);
            Assert.True(TinyModels.MaxAbsDiff(expected[t], result.Row(0, 0, 1, config.VocabSize)) <= Tolerance, $"token {t}");
            Assert.Equal(t + 1, result.Present[0].Length);
            past = result.Present;
        }
    }

    [Fact]
    public void Decode_AfterMultiTokenPrefill_MatchesReferenceLogits()
    {
        using var temp = new TempDirectory();
        var config = TinyModels.Config;
        var weights = RandomModel.CreateWeights(config, seed: 13);
        var expected = new Gpt2Reference(config, weights).Forward(Prompt);
        using var runner = new OrtGpt2Runner(TinyModels.WriteOnnx(temp, config, weights), config);

        var prefill = runner.Step([Prompt[..5].Select(t => (long)t).ToArray()], TinyModels.Ones(1, 5), TinyModels.Positions(1, 0, 5), past: null);
        // A second multi-token chunk on top of a cache exercises the causal mask with past > 0 and seq > 1.
        var chunk = runner.Step([Prompt[5..8].Select(t => (long)t).ToArray()], TinyModels.Ones(1, 8), TinyModels.Positions(1, 5, 3), prefill.Present);
        var last = runner.Step([[Prompt[8]]], TinyModels.Ones(1, 9), TinyModels.Positions(1, 8, 1), chunk.Present);

        for (var t = 0; t < 3; t++)
        {
            Assert.True(TinyModels.MaxAbsDiff(expected[5 + t], chunk.Row(0, t, 3, config.VocabSize)) <= Tolerance, $"chunk position {t}");
        }

        Assert.True(TinyModels.MaxAbsDiff(expected[8], last.Row(0, 0, 1, config.VocabSize)) <= Tolerance);
    }

    [Fact]
    public void Batch_LeftPaddedRow_MatchesItsUnpaddedReference()
    {
        using var temp = new TempDirectory();
        var config = TinyModels.Config;
        var weights = RandomModel.CreateWeights(config, seed: 14);
        var reference = new Gpt2Reference(config, weights);
        int[] shortPrompt = [9, 33, 2, 70];
        var expectedShort = reference.Forward([.. shortPrompt, 55]);
        var expectedLong = reference.Forward([.. Prompt[..6], 55]);
        using var runner = new OrtGpt2Runner(TinyModels.WriteOnnx(temp, config, weights), config);

        // Row 0 is left-padded by two pad tokens whose mask is 0; its positions start at 0 at the first real token.
        long pad = config.PadTokenId;
        long[][] ids = [[pad, pad, .. shortPrompt.Select(t => (long)t)], Prompt[..6].Select(t => (long)t).ToArray()];
        long[][] mask = [[0, 0, 1, 1, 1, 1], [1, 1, 1, 1, 1, 1]];
        long[][] positions = [[0, 0, 0, 1, 2, 3], [0, 1, 2, 3, 4, 5]];
        var prefill = runner.Step(ids, mask, positions, past: null);
        var next = runner.Step([[55], [55]], [[0, 0, 1, 1, 1, 1, 1], [1, 1, 1, 1, 1, 1, 1]], [[4], [6]], prefill.Present);

        for (var t = 0; t < 4; t++)
        {
            Assert.True(TinyModels.MaxAbsDiff(expectedShort[t], prefill.Row(0, 2 + t, 6, config.VocabSize)) <= Tolerance, $"padded row position {t}");
        }

        // Padded queries see only masked keys; they must stay finite, or NaN would reach real tokens through the cache.
        Assert.All(prefill.Logits, v => Assert.True(float.IsFinite(v)));
        Assert.All(next.Present[1].Value, v => Assert.True(float.IsFinite(v)));
        Assert.True(TinyModels.MaxAbsDiff(expectedLong[5], prefill.Row(1, 5, 6, config.VocabSize)) <= Tolerance);
        Assert.True(TinyModels.MaxAbsDiff(expectedShort[4], next.Row(0, 0, 1, config.VocabSize)) <= Tolerance);
        Assert.True(TinyModels.MaxAbsDiff(expectedLong[6], next.Row(1, 0, 1, config.VocabSize)) <= Tolerance);
    }

    [Fact]
    public void Reference_DroppedBias_ChangesLogitsBeyondTolerance()
    {
        // Guards the other tests: the random weights must be such that a missing bias would be caught.
        var config = TinyModels.Config;
        var weights = RandomModel.CreateWeights(config, seed: 15);
        var withoutBias = new Dictionary<string, NamedTensor>(weights);
        var name = Gpt2WeightNames.Layer(1, "attn.c_proj.bias");
        withoutBias[name] = weights[name] with { Data = new float[config.NEmbd] };

        var a = new Gpt2Reference(config, weights).Forward(Prompt);
        var b = new Gpt2Reference(config, withoutBias).Forward(Prompt);

        Assert.True(TinyModels.MaxAbsDiff(a[^1], b[^1]) > 100 * Tolerance);
    }

    [Fact]
    public void Build_Graph_UsesOnlyStandardOpsWithOptimumNames()
    {
        var config = TinyModels.Config;
        var model = Gpt2OnnxWriter.Build(config, RandomModel.CreateWeights(config, seed: 16));

        Assert.All(model.Graph.Node, n => Assert.Equal("", n.Domain));
        Assert.Equal(17, model.OpsetImport.Single().Version);
        Assert.Equal(
            ["input_ids", "attention_mask", "position_ids", "past_key_values.0.key", "past_key_values.0.value", "past_key_values.1.key", "past_key_values.1.value"],
            model.Graph.Input.Select(i => i.Name));
        Assert.Equal(["logits", "present.0.key", "present.0.value", "present.1.key", "present.1.value"], model.Graph.Output.Select(o => o.Name));
        Assert.All(model.Graph.Input.Take(3), i => Assert.Equal((int)TensorProto.Types.DataType.Int64, i.Type.TensorType.ElemType));
    }

    [Fact]
    public void Write_TokenEmbedding_IsStoredOnce()
    {
        var config = TinyModels.Config;
        var model = Gpt2OnnxWriter.Build(config, RandomModel.CreateWeights(config, seed: 17));

        var embeddingSized = model.Graph.Initializer.Where(t => t.Dims.Aggregate(1L, (n, d) => n * d) == config.VocabSize * config.NEmbd);

        Assert.Single(embeddingSized);
    }

    [Fact]
    public void Write_WrongShape_ThrowsNamingTheWeight()
    {
        using var temp = new TempDirectory();
        var config = TinyModels.Config;
        var weights = RandomModel.CreateWeights(config, seed: 18);
        var name = Gpt2WeightNames.Layer(0, "attn.c_attn.weight");
        weights[name] = new NamedTensor(name, [48, 16], weights[name].Data);

        var ex = Assert.Throws<CheckpointFormatException>(() => Gpt2OnnxWriter.Write(temp.File("m.onnx"), config, weights));

        Assert.Contains(name, ex.Message);
        Assert.Contains("transposed", ex.Message);
        Assert.False(File.Exists(temp.File("m.onnx")));
    }

    [Fact]
    public void Build_ModelOverTwoGigabytes_IsRefusedBeforeAnyWork()
    {
        // GPT-2 XL: 1.5 B parameters, 6 GB as fp32. No weights are needed: the size guard comes first.
        var config = new Gpt2Config(48, 25, 1600, 1024, 50257, 50256, 50256, 50256);

        var ex = Assert.Throws<CheckpointFormatException>(() => Gpt2OnnxWriter.Build(config, new Dictionary<string, NamedTensor>()));

        Assert.Contains("2 GB", ex.Message);
    }
}
