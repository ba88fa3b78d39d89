using System.Text.Json;

namespace RelayNovel.Tests.Cli;

public sealed class CliQuantizeEvalTests(CliModelFixture model) : IClassFixture<CliModelFixture>
{
    [Fact]
    public async Task Quantize_Bits8_WritesAFolderThatGenerates()
    {
        var target = Path.Combine(model.TempPath, "int8-" + Guid.NewGuid().ToString("N"));

        var quantize = await CliRun.RunAsync("quantize", "--model", model.ModelDir, "--to", target, "--bits", "8");
        var generate = await CliRun.RunAsync("generate", "--model", target, "--prompt", "옛날 옛적에", "--max-tokens", "8", "--min-tokens", "8", "--seed", "1", "--cpu");

        Assert.True(quantize.ExitCode == 0, quantize.Stderr);
        Assert.Contains("int8", quantize.Stdout, StringComparison.Ordinal);
        Assert.True(generate.ExitCode == 0, generate.Stderr);
        Assert.False(string.IsNullOrWhiteSpace(generate.Stdout));
    }

    [Theory]
    [InlineData("--bits", "3")]
    [InlineData("--bits", "8", "--fp16")]
    [InlineData]
    public async Task Quantize_WithoutOneValidPrecision_IsAUsageError(params string[] precision)
    {
        var target = Path.Combine(model.TempPath, "bad-" + Guid.NewGuid().ToString("N"));

        var run = await CliRun.RunAsync(["quantize", "--model", model.ModelDir, "--to", target, .. precision]);

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("--bits", run.Stderr, StringComparison.Ordinal);
        Assert.False(Directory.Exists(target));
    }

    [Fact]
    public async Task Eval_Json_LastLineCarriesBitsPerCharTokensAndChars()
    {
        var text = Path.Combine(model.TempPath, "text-" + Guid.NewGuid().ToString("N") + ".txt");
        await File.WriteAllTextAsync(text, "\r\n옛날 옛적에 호랑이가 살았다.\r\n그 호랑이는 떡을 좋아했다.\r\n");

        var run = await CliRun.RunAsync("eval", "--model", model.ModelDir, "--text", text, "--json", "--cpu");

        Assert.True(run.ExitCode == 0, run.Stderr);
        using var json = JsonDocument.Parse(run.StdoutLines[^1]);
        var root = json.RootElement;
        // CRLF counts as one character and the leading and trailing newlines are dropped, as the training tool reads a text.
        Assert.Equal("옛날 옛적에 호랑이가 살았다.\n그 호랑이는 떡을 좋아했다.".Length, root.GetProperty("chars").GetInt32());
        Assert.True(root.GetProperty("tokens").GetInt32() > 0);
        Assert.True(root.GetProperty("bitsPerChar").GetDouble() > 0);
    }

    [Fact]
    public async Task Eval_EmptyText_FailsWithAClearMessage()
    {
        var text = Path.Combine(model.TempPath, "empty-" + Guid.NewGuid().ToString("N") + ".txt");
        await File.WriteAllTextAsync(text, "\n\n");

        var run = await CliRun.RunAsync("eval", "--model", model.ModelDir, "--text", text);

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("no text", run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Eval_MissingTextOption_IsAUsageError()
    {
        var run = await CliRun.RunAsync("eval", "--model", model.ModelDir);

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("--text", run.Stderr, StringComparison.Ordinal);
    }
}
