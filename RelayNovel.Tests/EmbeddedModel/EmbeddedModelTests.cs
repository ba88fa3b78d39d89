using System.Text;
using RelayNovel.Inference.Checkpoints;
using RelayNovel.Inference.Generation;
using RelayNovel.Inference.Tokenization;
using RelayNovel.Tests.Onnx;

namespace RelayNovel.Tests.EmbeddedModel;

/// <summary>
/// Guards the shipped model: a broken export, config or tokenizer would make it write garbage or
/// lose its measured quality, and these tests would fail.
/// </summary>
public sealed class EmbeddedModelTests
{
    /// <summary>Held-out bits/char of <see cref="HeldOutExcerpt"/> as stated in onnx/MODEL_CARD.md.</summary>
    private const double CardExcerptBitsPerChar = ModelCardFigures.ExcerptBitsPerChar;

    private const double Tolerance = 0.02;

    [EmbeddedModelFact]
    public async Task Generate_FixedSeed_WritesKoreanText()
    {
        using var generator = Gpt2Generator.Load(EmbeddedModelFolder.Path, ExecutionProviderPreference.Cpu);
        var options = new GenerationOptions { MaxNewTokens = 80, Seed = 1 };

        var text = new StringBuilder();
        var tokens = 0;
        await foreach (var chunk in generator.GenerateAsync("옛날 옛적에 어느 마을에", options))
        {
            text.Append(chunk.Text);
            tokens += chunk.TokenIds.Count;
        }

        var output = text.ToString();
        Assert.True(tokens >= 10, $"only {tokens} tokens: '{output}'");
        Assert.DoesNotContain("<unk>", output, StringComparison.Ordinal);
        Assert.DoesNotContain('\uFFFD', output);
        var letters = output.Where(char.IsLetter).ToList();
        var hangul = letters.Count(c => c is >= '\uAC00' and <= '\uD7A3');
        Assert.True(letters.Count > 0 && hangul >= 0.8 * letters.Count, $"not mostly Hangul: '{output}'");
        Assert.False(string.IsNullOrWhiteSpace(generator.ModelName));
    }

    [EmbeddedModelFact]
    public void HeldOutExcerpt_BitsPerChar_IsNoWorseThanTheModelCard()
    {
        var (config, tokenizer, runner) = Load();
        using var _ = runner;
        long[] tokens = [config.EosTokenId, .. tokenizer.Encode(HeldOutExcerpt.Text).Select(i => (long)i)];

        double nats = 0;
        for (var start = 0; start + 1 < tokens.Length; start += config.NPositions)
        {
            var length = Math.Min(config.NPositions, tokens.Length - 1 - start);
            var input = tokens.AsSpan(start, length).ToArray();
            var result = Step(runner, input);
            for (var i = 0; i < length; i++)
            {
                var row = result.Row(0, i, length, config.VocabSize);
                nats += LogSumExp(row) - row[tokens[start + i + 1]];
            }
        }

        var bitsPerChar = nats / Math.Log(2) / HeldOutExcerpt.Text.Length;
        Assert.True(bitsPerChar <= CardExcerptBitsPerChar + Tolerance,
            $"held-out excerpt: {bitsPerChar:F4} bits/char, model card says {CardExcerptBitsPerChar:F4}");
    }

    [EmbeddedModelFact]
    public void Folder_HasTheContractFilesAndStaysUnder40MB()
    {
        var dir = EmbeddedModelFolder.Path;
        foreach (var file in new[] { "model.onnx", "config.json", "tokenizer.json", "MODEL_CARD.md" })
        {
            Assert.True(File.Exists(Path.Combine(dir, file)), $"onnx/{file} is missing");
        }

        var bytes = Directory.EnumerateFiles(dir, "*", SearchOption.AllDirectories).Sum(f => new FileInfo(f).Length);
        Assert.True(bytes <= 40L * 1024 * 1024, $"onnx/ holds {bytes / 1e6:F1} MB");
        Assert.StartsWith("# ", File.ReadLines(Path.Combine(dir, "MODEL_CARD.md")).First(), StringComparison.Ordinal);
    }

    private static (Gpt2Config Config, HfTokenizer Tokenizer, OrtGpt2Runner Runner) Load()
    {
        var dir = EmbeddedModelFolder.Path;
        var config = Gpt2Config.Load(Path.Combine(dir, "config.json"));
        return (config, HfTokenizer.Load(Path.Combine(dir, "tokenizer.json")), new OrtGpt2Runner(Path.Combine(dir, "model.onnx"), config));
    }

    private static OrtGpt2Runner.StepResult Step(OrtGpt2Runner runner, long[] input) =>
        runner.Step([input], [[.. Enumerable.Repeat(1L, input.Length)]], [[.. Enumerable.Range(0, input.Length).Select(i => (long)i)]], null);

    private static double LogSumExp(float[] row)
    {
        double max = row.Max(), sum = 0;
        foreach (var v in row)
        {
            sum += Math.Exp(v - max);
        }

        return max + Math.Log(sum);
    }
}
