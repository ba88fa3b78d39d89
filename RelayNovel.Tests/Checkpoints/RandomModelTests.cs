using System.Text.Json;
using RelayNovel.Inference.Checkpoints;
using RelayNovel.Inference.Tokenization;
using RelayNovel.Tests.Onnx;
using RelayNovel.Tests.Reference;

namespace RelayNovel.Tests.Checkpoints;

public sealed class RandomModelTests
{
    [Fact]
    public void Write_TinyConfig_WritesAWorkingModelFolder()
    {
        using var temp = new TempDirectory();
        var config = TinyModels.Config;

        RandomModel.Write(temp.Path, config, seed: 3);

        Assert.Equal(config, Gpt2Config.Load(temp.File("config.json")));
        Assert.Contains("Random", File.ReadAllText(temp.File("MODEL_CARD.md")));
        var expected = new Gpt2Reference(config, RandomModel.CreateWeights(config, seed: 3)).Forward([4, 5, 6]);
        using var runner = new OrtGpt2Runner(temp.File("model.onnx"), config);
        var result = runner.Step([[4, 5, 6]], TinyModels.Ones(1, 3), TinyModels.Positions(1, 0, 3), past: null);
        Assert.True(TinyModels.MaxAbsDiff(expected[2], result.Row(0, 2, 3, config.VocabSize)) <= 1e-4f);
    }

    [Fact]
    public void Write_Tokenizer_FitsTheModelAndPutsSpecialsAtTheConfigIds()
    {
        using var temp = new TempDirectory();
        var config = TinyModels.Config with { BosTokenId = 0, EosTokenId = 1, PadTokenId = 3 };

        RandomModel.Write(temp.Path, config, seed: 4);

        using var json = JsonDocument.Parse(File.ReadAllText(temp.File("tokenizer.json")));
        var vocab = json.RootElement.GetProperty("model").GetProperty("vocab").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetInt32());
        Assert.Equal("BPE", json.RootElement.GetProperty("model").GetProperty("type").GetString());
        Assert.True(vocab.Values.Max() < config.VocabSize);
        Assert.Equal(0, vocab["<s>"]);
        Assert.Equal(1, vocab["</s>"]);
        Assert.Equal(3, vocab["<pad>"]);
        Assert.Contains("<unk>", vocab.Keys);
        Assert.Contains("▁", vocab.Keys);
        var added = json.RootElement.GetProperty("added_tokens").EnumerateArray().Select(t => t.GetProperty("content").GetString()).ToList();
        Assert.Equal(["<s>", "</s>", "<unused2>", "<pad>", "<unk>"], added);
    }

    [Fact]
    public void Write_LargerVocab_IncludesHangulSyllables()
    {
        using var temp = new TempDirectory();
        var config = TinyModels.Config with { VocabSize = 300 };

        RandomModel.Write(temp.Path, config, seed: 5);

        var text = File.ReadAllText(temp.File("tokenizer.json"));
        Assert.Contains("\"가\"", text);
        using var json = JsonDocument.Parse(text);
        Assert.Equal(300, json.RootElement.GetProperty("model").GetProperty("vocab").EnumerateObject().Count());
    }

    [Fact]
    public void Write_Tokenizer_LoadsInTheAppTokenizerAndEncodesKoreanWithoutUnk()
    {
        using var temp = new TempDirectory();
        var config = TinyModels.Config with { VocabSize = 11400 }; // room for every Hangul syllable

        RandomModel.Write(temp.Path, config, seed: 6);

        var tokenizer = HfTokenizer.Load(temp.File("tokenizer.json"));
        Assert.True(tokenizer.VocabSize <= config.VocabSize);
        var ids = tokenizer.Encode("옛날 옛적에 Hello!");
        Assert.DoesNotContain(tokenizer.TokenToId("<unk>")!.Value, ids);
        Assert.Equal("옛날 옛적에 Hello!", tokenizer.Decode(ids));
    }

    [Fact]
    public void CreateWeights_SameSeed_SameWeights_OtherSeed_Different()
    {
        var config = TinyModels.Config;

        var a = RandomModel.CreateWeights(config, 7);
        var b = RandomModel.CreateWeights(config, 7);
        var c = RandomModel.CreateWeights(config, 8);

        Assert.Equal(a[Gpt2WeightNames.TokenEmbedding].Data, b[Gpt2WeightNames.TokenEmbedding].Data);
        Assert.NotEqual(a[Gpt2WeightNames.TokenEmbedding].Data, c[Gpt2WeightNames.TokenEmbedding].Data);
    }

    [Fact]
    public void CreateWeights_BiasesAndNormAffine_AreNotTrivial()
    {
        var weights = RandomModel.CreateWeights(TinyModels.Config, 9);

        Assert.Contains(weights[Gpt2WeightNames.Layer(0, "attn.c_attn.bias")].Data, v => MathF.Abs(v) > 0.05f);
        Assert.Contains(weights[Gpt2WeightNames.FinalNormWeight].Data, v => MathF.Abs(v - 1) > 0.05f);
        Assert.Contains(weights[Gpt2WeightNames.FinalNormBias].Data, v => MathF.Abs(v) > 0.05f);
    }
}
