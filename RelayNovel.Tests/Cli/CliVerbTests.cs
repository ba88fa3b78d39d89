using System.Text.Json;

namespace RelayNovel.Tests.Cli;

public sealed class CliVerbTests(CliModelFixture model) : IClassFixture<CliModelFixture>
{
    [Fact]
    public void RandomModel_SmallPreset_WritesACompleteModelFolder()
    {
        Assert.True(model.Creation.ExitCode == 0, model.Creation.Stderr);
        foreach (var file in new[] { "model.onnx", "config.json", "tokenizer.json", "MODEL_CARD.md" })
        {
            Assert.True(File.Exists(Path.Combine(model.ModelDir, file)), $"{file} missing");
        }
    }

    [Fact]
    public async Task Generate_SameSeed_PrintsTheSameContinuation()
    {
        string[] args = ["generate", "--model", model.ModelDir, "--prompt", "옛날 옛적에", "--max-tokens", "12", "--seed", "7", "--temperature", "0.9", "--top-k", "40", "--top-p", "0.9"];

        var first = await CliRun.RunAsync(args);
        var second = await CliRun.RunAsync(args);

        Assert.True(first.ExitCode == 0, first.Stderr);
        Assert.False(string.IsNullOrWhiteSpace(first.Stdout));
        Assert.Equal(first.Stdout, second.Stdout);
        Assert.Contains("on CPU", first.Stderr);
        Assert.Contains("12 tokens", first.Stderr);
    }

    [Fact]
    public async Task Generate_DifferentSeeds_PrintDifferentContinuations()
    {
        var one = await CliRun.RunAsync("generate", "--model", model.ModelDir, "--prompt", "옛날", "--max-tokens", "16", "--min-tokens", "16", "--seed", "1");
        var two = await CliRun.RunAsync("generate", "--model", model.ModelDir, "--prompt", "옛날", "--max-tokens", "16", "--min-tokens", "16", "--seed", "2");

        Assert.NotEqual(one.Stdout, two.Stdout);
    }

    [Fact]
    public async Task Bench_BatchList_PrintsATableAndOneJsonObjectPerSize()
    {
        var run = await CliRun.RunAsync("bench", "--model", model.ModelDir, "--prompt-tokens", "8", "--new-tokens", "3",
            "--batch", "1,3", "--kv-context", "16", "--bandwidth-mb", "16", "--threads", "1", "--json");

        Assert.True(run.ExitCode == 0, run.Stderr);
        Assert.Contains(run.StdoutLines, line => line.StartsWith("batch  tok/s/request", StringComparison.Ordinal));
        using var one = JsonDocument.Parse(run.StdoutLines[^2]);
        using var three = JsonDocument.Parse(run.StdoutLines[^1]);
        Assert.Equal((1, 3), (one.RootElement.GetProperty("batch").GetInt32(), three.RootElement.GetProperty("batch").GetInt32()));
        var perRequest = three.RootElement.GetProperty("tokensPerSecond").GetDouble();
        Assert.Equal(3 * perRequest, three.RootElement.GetProperty("aggregateTokensPerSecond").GetDouble(), 0.01 * perRequest + 0.01);
        Assert.Equal(1.0, one.RootElement.GetProperty("speedupOverBatch1").GetDouble());
        Assert.Equal("fp32", three.RootElement.GetProperty("quantization").GetString());
    }

    [Fact]
    public async Task Bench_Json_LastLineCarriesEveryContractKey()
    {
        var run = await CliRun.RunAsync("bench", "--model", model.ModelDir, "--prompt-tokens", "16", "--new-tokens", "4",
            "--batch", "2", "--kv-context", "32", "--bandwidth-mb", "16", "--threads", "1", "--json");

        Assert.True(run.ExitCode == 0, run.Stderr);
        using var json = JsonDocument.Parse(run.StdoutLines[^1]);
        var root = json.RootElement;
        foreach (var key in new[] { "ttftMs", "msPerToken", "tokensPerSecond", "kvSpeedup", "bandwidthGBs", "floorMs", "floorRatio" })
        {
            Assert.True(root.GetProperty(key).GetDouble() > 0, $"{key} should be positive");
        }

        Assert.Equal("CPU", root.GetProperty("provider").GetString());
        Assert.Equal(2, root.GetProperty("batch").GetInt32());
        Assert.Equal(1, root.GetProperty("threads").GetInt32());
    }

    [Fact]
    public async Task Tokenize_JsonLines_GivesIdsAndTheDecodedText()
    {
        var tokenizer = Path.Combine(model.ModelDir, "tokenizer.json");

        var run = await CliRun.RunWithInputAsync("{\"text\": \"가게 곁\"}\n\n{\"text\": \"abc!\"}\n", "tokenize", "--tokenizer", tokenizer);

        Assert.True(run.ExitCode == 0, run.Stderr);
        Assert.Equal(2, run.StdoutLines.Length);
        using var first = JsonDocument.Parse(run.StdoutLines[0]);
        Assert.Equal("가게 곁", first.RootElement.GetProperty("decoded").GetString());
        Assert.Equal(5, first.RootElement.GetProperty("ids").GetArrayLength());
        Assert.Contains("가게 곁", run.StdoutLines[0]);
    }

    [Fact]
    public async Task Tokenize_NotJson_FailsNamingTheLine()
    {
        var run = await CliRun.RunWithInputAsync("{\"text\": \"가\"}\nnot json\n", "tokenize", "--tokenizer", model.ModelDir);

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("line 2", run.Stderr);
    }

    [Theory]
    [InlineData("compose")]
    [InlineData("generate", "--model", "x")]
    [InlineData("generate", "--prompt", "가", "--max-tokens", "many")]
    [InlineData("generate", "--prompt", "가", "--top-p", "1.5")]
    [InlineData("generate", "--prompt", "가", "--colour", "red")]
    [InlineData("random-model", "--preset", "huge", "--to", "x")]
    [InlineData("bench", "--batch")]
    [InlineData("bench", "--batch", "1,x")]
    public async Task Run_BadCommandLine_ExitsWithUsageError(params string[] args)
    {
        var run = await CliRun.RunAsync(args);

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("usage:", run.Stderr);
    }

    [Fact]
    public void Run_NoArguments_PrintsUsageAndFails()
    {
        using var error = new StringWriter();

        var code = RelayNovel.Cli.CliApp.Run([], TextReader.Null, TextWriter.Null, error);

        Assert.Equal(2, code);
        Assert.Contains("random-model", error.ToString());
    }

    [Fact]
    public async Task Generate_MissingModelFolder_ExitsWithTheReason()
    {
        var missing = Path.Combine(model.TempPath, "nothing-here");

        var run = await CliRun.RunAsync("generate", "--model", missing, "--prompt", "가");

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("does not exist", run.Stderr);
    }
}
