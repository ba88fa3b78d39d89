using RelayNovel.Inference.Checkpoints;
using RelayNovel.Tests.Onnx;
using RelayNovel.Tests.Reference;

namespace RelayNovel.Tests.Checkpoints;

public sealed class CheckpointConverterTests
{
    private const float Tolerance = 1e-4f;
    private static readonly int[] Prompt = [2, 40, 7, 66, 13, 5];

    [Fact]
    public void Convert_SafetensorsCheckpoint_GivesModelFolderWithReferenceLogits()
    {
        using var temp = new TempDirectory();
        var config = TinyModels.Config;
        var weights = RandomModel.CreateWeights(config, seed: 21);
        var hfDir = WriteHfFolder(temp, config, weights);

        CheckpointConverter.Convert(hfDir, temp.Sub("model"));

        AssertModelFolderMatchesReference(temp.File("model"), config, weights);
    }

    [Fact]
    public void Convert_PyTorchBinWithTiedLmHeadAndMaskBuffers_GivesReferenceLogits()
    {
        using var temp = new TempDirectory();
        var config = TinyModels.Config;
        var weights = RandomModel.CreateWeights(config, seed: 22);
        var hfDir = temp.Sub("hf");
        config.Save(Path.Combine(hfDir, "config.json"));
        WriteTokenizer(hfDir, config);
        // As older transformers saved GPT2LMHeadModel: lm_head shares wte's storage, and each layer carries
        // its causal-mask buffers, which the reader must skip.
        var entries = new List<TorchCheckpointWriter.Entry>();
        var storages = new Dictionary<string, float[]>();
        foreach (var (name, tensor) in weights)
        {
            var key = storages.Count.ToString(System.Globalization.CultureInfo.InvariantCulture);
            storages[key] = tensor.Data;
            entries.Add(new(name, key, 0, tensor.Shape, RowMajorStrides(tensor.Shape)));
            if (name == Gpt2WeightNames.TokenEmbedding) entries.Add(new(Gpt2WeightNames.LmHead, key, 0, tensor.Shape, RowMajorStrides(tensor.Shape)));
        }

        for (var i = 0; i < config.NLayer; i++)
        {
            var key = storages.Count.ToString(System.Globalization.CultureInfo.InvariantCulture);
            storages[key] = new float[config.NPositions * config.NPositions];
            entries.Add(new($"transformer.h.{i}.attn.bias", key, 0, [1, 1, config.NPositions, config.NPositions], [0, 0, config.NPositions, 1]));
        }

        TorchCheckpointWriter.Write(Path.Combine(hfDir, "pytorch_model.bin"), entries, storages);

        CheckpointConverter.Convert(hfDir, temp.Sub("model"));

        AssertModelFolderMatchesReference(temp.File("model"), config, weights);
    }

    [Fact]
    public void Convert_UntiedLmHead_IsRefusedClearly()
    {
        using var temp = new TempDirectory();
        var config = TinyModels.Config;
        var weights = RandomModel.CreateWeights(config, seed: 23);
        var wte = weights[Gpt2WeightNames.TokenEmbedding];
        weights[Gpt2WeightNames.LmHead] = new NamedTensor(Gpt2WeightNames.LmHead, wte.Shape, wte.Data.Select(v => v * 2).ToArray());
        var hfDir = WriteHfFolder(temp, config, weights);

        var ex = Assert.Throws<CheckpointFormatException>(() => CheckpointConverter.Convert(hfDir, temp.Sub("model")));

        Assert.Contains("untied", ex.Message);
    }

    [Fact]
    public void Convert_ShapeDisagreesWithConfig_NamesWeightAndShapes()
    {
        using var temp = new TempDirectory();
        var config = TinyModels.Config;
        var weights = RandomModel.CreateWeights(config, seed: 24);
        var hfDir = WriteHfFolder(temp, config with { VocabSize = 90 }, weights);

        var ex = Assert.Throws<CheckpointFormatException>(() => CheckpointConverter.Convert(hfDir, temp.Sub("model")));

        Assert.Contains("transformer.wte.weight", ex.Message);
        Assert.Contains("[80, 16]", ex.Message);
        Assert.Contains("[90, 16]", ex.Message);
    }

    [Fact]
    public void Convert_MissingLayer_ListsMissingWeights()
    {
        using var temp = new TempDirectory();
        var config = TinyModels.Config;
        var weights = RandomModel.CreateWeights(config, seed: 25);
        var hfDir = WriteHfFolder(temp, config with { NLayer = 3 }, weights);

        var ex = Assert.Throws<CheckpointFormatException>(() => CheckpointConverter.Convert(hfDir, temp.Sub("model")));

        Assert.Contains("missing 12 GPT-2 weight(s)", ex.Message);
        Assert.Contains("transformer.h.2.ln_1.weight", ex.Message);
    }

    [Fact]
    public void Convert_ForeignWeightNames_AreRefused()
    {
        using var temp = new TempDirectory();
        var config = TinyModels.Config;
        var weights = RandomModel.CreateWeights(config, seed: 26);
        weights["score.weight"] = new NamedTensor("score.weight", [2, 16], new float[32]);
        var hfDir = WriteHfFolder(temp, config, weights);

        var ex = Assert.Throws<CheckpointFormatException>(() => CheckpointConverter.Convert(hfDir, temp.Sub("model")));

        Assert.Contains("score.weight", ex.Message);
    }

    [Fact]
    public void Convert_TokenizerLargerThanModel_IsRefused()
    {
        using var temp = new TempDirectory();
        var config = TinyModels.Config;
        var hfDir = WriteHfFolder(temp, config, RandomModel.CreateWeights(config, seed: 27));
        WriteTokenizer(hfDir, config with { VocabSize = 200 });

        var ex = Assert.Throws<CheckpointFormatException>(() => CheckpointConverter.Convert(hfDir, temp.Sub("model")));

        Assert.Contains("does not fit", ex.Message);
        Assert.False(File.Exists(temp.File("model/model.onnx")));
    }

    [Theory]
    [InlineData("config.json", "no config.json")]
    [InlineData("model.safetensors", "neither model.safetensors nor pytorch_model.bin")]
    [InlineData("tokenizer.json", "no tokenizer.json")]
    public void Convert_MissingFile_SaysWhichFile(string missing, string expected)
    {
        using var temp = new TempDirectory();
        var config = TinyModels.Config;
        var hfDir = WriteHfFolder(temp, config, RandomModel.CreateWeights(config, seed: 28));
        File.Delete(Path.Combine(hfDir, missing));

        var ex = Assert.Throws<CheckpointFormatException>(() => CheckpointConverter.Convert(hfDir, temp.Sub("model")));

        Assert.Contains(expected, ex.Message);
    }

    [Fact]
    public void Convert_MissingFolder_SaysSo()
    {
        using var temp = new TempDirectory();

        var ex = Assert.Throws<CheckpointFormatException>(() => CheckpointConverter.Convert(temp.File("nope"), temp.File("model")));

        Assert.Contains("does not exist", ex.Message);
    }

    [Fact]
    public void Convert_CorruptSafetensors_ReportsTheFile()
    {
        using var temp = new TempDirectory();
        var config = TinyModels.Config;
        var hfDir = WriteHfFolder(temp, config, RandomModel.CreateWeights(config, seed: 29));
        File.WriteAllBytes(Path.Combine(hfDir, "model.safetensors"), [200, 0, 0, 0, 0, 0, 0, 0, (byte)'{']);

        var ex = Assert.Throws<CheckpointFormatException>(() => CheckpointConverter.Convert(hfDir, temp.Sub("model")));

        Assert.Contains("model.safetensors", ex.Message);
        Assert.Contains("header length 200", ex.Message);
    }

    [Fact]
    public void Convert_ModelCard_NamesTheSourceAndShape()
    {
        using var temp = new TempDirectory();
        var config = TinyModels.Config;
        var hfDir = WriteHfFolder(temp, config, RandomModel.CreateWeights(config, seed: 30));

        CheckpointConverter.Convert(hfDir, temp.Sub("model"));

        var card = File.ReadAllText(temp.File("model/MODEL_CARD.md"));
        Assert.StartsWith("# hf", card);
        Assert.Contains(Path.GetFullPath(hfDir), card);
        Assert.Contains("2 layers, 4 heads, n_embd 16", card);
        Assert.Contains("CC BY-NC-SA", card);
    }

    private static string WriteHfFolder(TempDirectory temp, Gpt2Config config, IReadOnlyDictionary<string, NamedTensor> weights)
    {
        var hfDir = temp.Sub("hf");
        config.Save(Path.Combine(hfDir, "config.json"));
        SafeTensors.Write(Path.Combine(hfDir, "model.safetensors"), weights.Values);
        WriteTokenizer(hfDir, config);
        return hfDir;
    }

    private static void WriteTokenizer(string hfDir, Gpt2Config config) =>
        File.WriteAllText(Path.Combine(hfDir, "tokenizer.json"), RandomModelTokenizer.Create(config).Json);

    private static long[] RowMajorStrides(int[] shape)
    {
        var strides = new long[shape.Length];
        long stride = 1;
        for (var i = shape.Length - 1; i >= 0; i--)
        {
            strides[i] = stride;
            stride *= shape[i];
        }

        return strides;
    }

    private static void AssertModelFolderMatchesReference(string modelDir, Gpt2Config config, IReadOnlyDictionary<string, NamedTensor> weights)
    {
        foreach (var file in new[] { "model.onnx", "config.json", "tokenizer.json", "MODEL_CARD.md" })
        {
            Assert.True(File.Exists(Path.Combine(modelDir, file)), $"{file} missing");
        }

        Assert.Equal(config, Gpt2Config.Load(Path.Combine(modelDir, "config.json")));
        var expected = new Gpt2Reference(config, weights).Forward(Prompt);
        using var runner = new OrtGpt2Runner(Path.Combine(modelDir, "model.onnx"), config);
        var result = runner.Step([Prompt.Select(t => (long)t).ToArray()], TinyModels.Ones(1, Prompt.Length), TinyModels.Positions(1, 0, Prompt.Length), past: null);
        for (var t = 0; t < Prompt.Length; t++)
        {
            Assert.True(TinyModels.MaxAbsDiff(expected[t], result.Row(0, t, Prompt.Length, config.VocabSize)) <= Tolerance, $"position {t}");
        }
    }
}
