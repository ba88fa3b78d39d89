using RelayNovel.Inference.Checkpoints;
using RelayNovel.Inference.Generation;
using RelayNovel.Tests.Checkpoints;
using RelayNovel.Tests.Tokenization;

namespace RelayNovel.Tests.Generation;

public sealed class ModelLoadTests(TinyModelFixture model) : IClassFixture<TinyModelFixture>, IDisposable
{
    private const string PeerOnnx = "peer-gpt2/ortgenai-tiny-random-gpt2/past.onnx";
    private readonly TempDirectory _temp = new();

    [Fact]
    public void Load_MissingFolder_SaysTheFolderDoesNotExist()
    {
        var missing = Path.Combine(_temp.Path, "no-such-model");

        var ex = Assert.Throws<ModelLoadException>(() => Gpt2Generator.Load(missing));

        Assert.Contains(missing, ex.Message);
        Assert.Contains("does not exist", ex.Message);
    }

    [Theory]
    [InlineData("model.onnx")]
    [InlineData("config.json")]
    [InlineData("tokenizer.json")]
    public void Load_MissingFile_NamesTheFile(string file)
    {
        var dir = CopyOfTinyModel();
        File.Delete(Path.Combine(dir, file));

        var ex = Assert.Throws<ModelLoadException>(() => Gpt2Generator.Load(dir));

        Assert.Contains($"missing {file}", ex.Message);
    }

    [Fact]
    public void Load_CorruptOnnx_SaysOnnxRuntimeCannotLoadIt()
    {
        var dir = CopyOfTinyModel();
        var onnx = Path.Combine(dir, "model.onnx");
        var bytes = File.ReadAllBytes(onnx);
        File.WriteAllBytes(onnx, bytes[..(bytes.Length / 3)]);

        var ex = Assert.Throws<ModelLoadException>(() => Gpt2Generator.Load(dir, ExecutionProviderPreference.Cpu));

        Assert.Contains("model.onnx", ex.Message);
        Assert.Contains("corrupt", ex.Message);
    }

    [Fact]
    public void Load_CorruptTokenizer_NamesTheTokenizer()
    {
        var dir = CopyOfTinyModel();
        File.WriteAllText(Path.Combine(dir, "tokenizer.json"), "{ \"model\": ");

        var ex = Assert.Throws<ModelLoadException>(() => Gpt2Generator.Load(dir));

        Assert.Contains("tokenizer.json", ex.Message);
    }

    [Fact]
    public void Load_CorruptConfig_NamesTheConfig()
    {
        var dir = CopyOfTinyModel();
        File.WriteAllText(Path.Combine(dir, "config.json"), "{ \"n_layer\": \"two\" }");

        var ex = Assert.Throws<ModelLoadException>(() => Gpt2Generator.Load(dir));

        Assert.Contains("config.json", ex.Message);
    }

    [Fact]
    public void Load_TokenizerLargerThanTheModelVocabulary_SaysTheyDoNotBelongTogether()
    {
        var dir = CopyOfTinyModel();
        (TinyModelFixture.Config with { VocabSize = 200 }).Save(Path.Combine(dir, "config.json"));

        var ex = Assert.Throws<ModelLoadException>(() => Gpt2Generator.Load(dir));

        Assert.Contains("400 tokens", ex.Message);
        Assert.Contains("200", ex.Message);
    }

    [SharedDataFact(PeerOnnx)]
    public void Load_ForeignOnnxLayout_NamesTheMissingInputs()
    {
        // onnxruntime-genai's fused tiny GPT-2 names its cache past_0..past_4: a real model, not our layout.
        var dir = CopyOfTinyModel();
        File.Copy(SharedData.Find(PeerOnnx)!, Path.Combine(dir, "model.onnx"), overwrite: true);
        new Gpt2Config(NLayer: 5, NHead: 4, NEmbd: 32, NPositions: 512, VocabSize: 1000, BosTokenId: 98, EosTokenId: 98, PadTokenId: 98)
            .Save(Path.Combine(dir, "config.json"));

        var ex = Assert.Throws<ModelLoadException>(() => Gpt2Generator.Load(dir, ExecutionProviderPreference.Cpu));

        Assert.Contains("past_key_values.0.key", ex.Message);
    }

    [CpuOnlyOnnxRuntimeFact]
    public void Load_CudaRequestedOnTheCpuBuild_SaysHowToGetCuda()
    {
        var ex = Assert.Throws<ModelLoadException>(() => Gpt2Generator.Load(model.ModelDir, ExecutionProviderPreference.Cuda));

        Assert.Contains("OnnxRuntimeGpu=true", ex.Message);
    }

    [Fact]
    public void Load_ModelCardWithoutTitle_UsesTheFolderName()
    {
        var dir = CopyOfTinyModel("my-story-model");
        File.WriteAllText(Path.Combine(dir, "MODEL_CARD.md"), "no heading here\n## only a subheading\n");

        using var generator = Gpt2Generator.Load(dir, ExecutionProviderPreference.Cpu);

        Assert.Equal("my-story-model", generator.ModelName);
    }

    public void Dispose() => _temp.Dispose();

    private string CopyOfTinyModel(string name = "copy")
    {
        var dir = _temp.Sub(name);
        foreach (var file in Directory.GetFiles(model.ModelDir))
        {
            File.Copy(file, Path.Combine(dir, Path.GetFileName(file)));
        }

        return dir;
    }
}
