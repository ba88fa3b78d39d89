using RelayNovel.Inference.Checkpoints;
using RelayNovel.Training.Export;
using RelayNovel.Training.Model;
using TorchSharp;

namespace RelayNovel.Training.Tests;

public sealed class CheckpointTests
{
    [Fact]
    public void Extract_UsesHuggingFaceGpt2NamesAndShapes()
    {
        using var model = new Gpt2LmHeadModel(TinyRun.Config);

        var shapes = ModelWeights.Extract(model).ToDictionary(t => t.Name, t => t.Shape);

        var expected = new Dictionary<string, int[]>
        {
            ["transformer.wte.weight"] = [40, 32],
            ["transformer.wpe.weight"] = [16, 32],
            ["transformer.ln_f.weight"] = [32],
            ["transformer.ln_f.bias"] = [32],
        };
        for (var i = 0; i < 2; i++)
        {
            var h = $"transformer.h.{i}.";
            expected[h + "ln_1.weight"] = [32];
            expected[h + "ln_1.bias"] = [32];
            expected[h + "attn.c_attn.weight"] = [32, 96];
            expected[h + "attn.c_attn.bias"] = [96];
            expected[h + "attn.c_proj.weight"] = [32, 32];
            expected[h + "attn.c_proj.bias"] = [32];
            expected[h + "ln_2.weight"] = [32];
            expected[h + "ln_2.bias"] = [32];
            expected[h + "mlp.c_fc.weight"] = [32, 128];
            expected[h + "mlp.c_fc.bias"] = [128];
            expected[h + "mlp.c_proj.weight"] = [128, 32];
            expected[h + "mlp.c_proj.bias"] = [32];
        }

        Assert.Equal(expected.Keys.Order(), shapes.Keys.Order());
        Assert.All(expected, e => Assert.Equal(e.Value, shapes[e.Key]));
    }

    [Fact]
    public void HfCheckpoint_WriteThenLoad_GivesTheSameLogits()
    {
        using var run = new TinyRun();
        using var model = new Gpt2LmHeadModel(TinyRun.Config);
        var tokenizer = Path.Combine(run.Dir, "tokenizer.json");
        File.WriteAllText(tokenizer, "{}");
        var dir = Path.Combine(run.Dir, "hf");

        HfExport.Write(dir, model, tokenizer);
        using var loaded = HfExport.Load(dir);

        using var input = torch.tensor(new long[] { 4, 9, 12, 7, 5 }, [1, 5], torch.ScalarType.Int64);
        model.eval();
        loaded.eval();
        using var a = model.forward(input);
        using var b = loaded.forward(input);
        Assert.Equal(0f, (a - b).abs().max().item<float>());
        Assert.True(File.Exists(Path.Combine(dir, "tokenizer.json")));
    }

    [Fact]
    public void HfExport_IsAcceptedByTheConvertersCheckpointReader()
    {
        using var run = new TinyRun();
        using var model = new Gpt2LmHeadModel(TinyRun.Config);
        var tokenizer = Path.Combine(run.Dir, "tokenizer.json");
        File.WriteAllText(tokenizer, "{}");
        var dir = Path.Combine(run.Dir, "hf");

        HfExport.Write(dir, model, tokenizer);
        var checkpoint = HfCheckpoint.Load(dir);

        Gpt2WeightNames.Validate(checkpoint.Config, checkpoint.Weights, dir);
        Assert.Equal(new Gpt2Config(2, 4, 32, 16, 40, 0, 1, 2), checkpoint.Config with { LayerNormEpsilon = 1e-5f, NInner = null });
        Assert.Equal(ModelWeights.Extract(model).Single(t => t.Name == "transformer.h.1.mlp.c_fc.weight").Data,
            checkpoint.Weights["transformer.h.1.mlp.c_fc.weight"].Data);
    }

    [Fact]
    public void Config_WrittenAsHfJson_HasTheKeysTheConverterReads()
    {
        var json = System.Text.Json.Nodes.JsonNode.Parse(TinyRun.Config.ToHfJsonString())!;

        Assert.Equal("GPT2LMHeadModel", (string?)json["architectures"]![0]);
        Assert.Equal("gelu_new", (string?)json["activation_function"]);
        Assert.Equal(16, (int?)json["n_positions"]);
        Assert.Equal(16, (int?)json["n_ctx"]);
        Assert.Equal(40, (int?)json["vocab_size"]);
        Assert.Equal(1, (int?)json["eos_token_id"]);
        Assert.Equal(TinyRun.Config with { Dropout = 0 }, ModelConfig.FromHfJson(json.ToJsonString()));
    }

    [Fact]
    public void Load_CheckpointWithMissingTensor_FailsWithItsName()
    {
        using var model = new Gpt2LmHeadModel(TinyRun.Config);
        var weights = ModelWeights.Extract(model).Where(t => t.Name != "transformer.ln_f.bias").ToDictionary(t => t.Name);

        var error = Assert.Throws<InvalidDataException>(() => ModelWeights.Load(model, weights));
        Assert.Contains("transformer.ln_f.bias", error.Message);
    }

    [Fact]
    public void Load_OriginalGpt2NamesWithoutPrefix_AreAccepted()
    {
        using var source = new Gpt2LmHeadModel(TinyRun.Config);
        var weights = ModelWeights.Extract(source)
            .Select(t => t with { Name = t.Name["transformer.".Length..] })
            .Append(new NamedTensor("h.0.attn.bias", [1, 1, 16, 16], new float[256]))
            .ToDictionary(t => t.Name);
        using var target = new Gpt2LmHeadModel(TinyRun.Config);

        ModelWeights.Load(target, weights);

        Assert.Equal(ModelWeights.Extract(source)[0].Data, ModelWeights.Extract(target)[0].Data);
    }
}
