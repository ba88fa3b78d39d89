using System.Text;
using System.Text.Json;
using RelayNovel.Inference.Generation;
using RelayNovel.Tests.Cli;

namespace RelayNovel.Tests.EmbeddedModel;

/// <summary>
/// `eval` against the training tool's figure, and quantized copies of the shipped model: they load through the
/// same loader as any folder and still write Korean.
/// </summary>
public sealed class QuantizedEmbeddedModelTests(QuantizedEmbeddedModelFixture quantized) : IClassFixture<QuantizedEmbeddedModelFixture>
{
    // The card's figure has three decimals; ONNX Runtime and TorchSharp differ far less than that.
    private const double CardRounding = 0.0006;

    [EmbeddedModelFact]
    public async Task Eval_HeldOutExcerpt_AgreesWithTheTrainingToolsFigure()
    {
        var text = await WriteExcerptAsync();

        var run = await CliRun.RunAsync("eval", "--model", EmbeddedModelFolder.Path, "--text", text, "--json", "--cpu");

        Assert.True(run.ExitCode == 0, run.Stderr);
        using var json = JsonDocument.Parse(run.StdoutLines[^1]);
        var root = json.RootElement;
        Assert.Equal(ModelCardFigures.ExcerptTokens, root.GetProperty("tokens").GetInt32());
        Assert.Equal(HeldOutExcerpt.Chars, root.GetProperty("chars").GetInt32());
        var bitsPerChar = root.GetProperty("bitsPerChar").GetDouble();
        Assert.True(Math.Abs(bitsPerChar - ModelCardFigures.ExcerptBitsPerChar) <= CardRounding,
            $"eval says {bitsPerChar:F4} bits/char, the training tool {ModelCardFigures.ExcerptBitsPerChar}");
    }

    [EmbeddedModelFact]
    public async Task Int8_HeldOutExcerpt_IsNoWorseThanTheModelCardAllows()
    {
        var text = await WriteExcerptAsync();

        var run = await CliRun.RunAsync("eval", "--model", quantized.Int8, "--text", text, "--json", "--cpu");

        Assert.True(run.ExitCode == 0, run.Stderr);
        using var json = JsonDocument.Parse(run.StdoutLines[^1]);
        var bitsPerChar = json.RootElement.GetProperty("bitsPerChar").GetDouble();
        Assert.True(bitsPerChar <= ModelCardFigures.ExcerptBitsPerChar + 0.02, $"int8: {bitsPerChar:F4} bits/char");
    }

    [EmbeddedModelFact]
    public async Task Int8_Generate_WritesKoreanText() => await AssertWritesKoreanAsync(quantized.Int8, "int8");

    [EmbeddedModelFact]
    public async Task Fp16_Generate_WritesKoreanText() => await AssertWritesKoreanAsync(quantized.Fp16, "fp16");

    private static async Task AssertWritesKoreanAsync(string folder, string kind)
    {
        using var generator = Gpt2Generator.Load(folder, ExecutionProviderPreference.Cpu);
        var text = new StringBuilder();
        await foreach (var chunk in generator.GenerateAsync("옛날 옛적에 어느 마을에", new GenerationOptions { MaxNewTokens = 60, Seed = 1 }))
        {
            text.Append(chunk.Text);
        }

        var output = text.ToString();
        var letters = output.Where(char.IsLetter).ToList();
        var hangul = letters.Count(c => c is >= '\uAC00' and <= '\uD7A3');
        Assert.True(letters.Count >= 10 && hangul >= 0.8 * letters.Count, $"{kind}: not mostly Hangul: '{output}'");
        Assert.DoesNotContain('\uFFFD', output);
        Assert.EndsWith($"({kind})", generator.ModelName, StringComparison.Ordinal);
    }

    private async Task<string> WriteExcerptAsync()
    {
        var path = Path.Combine(quantized.TempPath, "excerpt-" + Guid.NewGuid().ToString("N") + ".txt");
        await File.WriteAllTextAsync(path, HeldOutExcerpt.Text);
        return path;
    }
}
