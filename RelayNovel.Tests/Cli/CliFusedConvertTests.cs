using Microsoft.ML.OnnxRuntime;
using RelayNovel.Inference.Checkpoints;
using RelayNovel.Inference.Generation;
using RelayNovel.Tests.EmbeddedModel;

namespace RelayNovel.Tests.Cli;

/// <summary><c>convert --fused</c> and <c>random-model --fused</c>: model folders rewritten into the fused-attention graph.</summary>
public sealed class CliFusedConvertTests(CliModelFixture model) : IClassFixture<CliModelFixture>
{
    [Fact]
    public async Task Convert_EmbeddedModelFolderWithFused_KeepsItsFilesAndWritesTheSameText()
    {
        var fusedDir = Path.Combine(model.TempPath, "embedded-fused");

        var convert = await CliRun.RunAsync("convert", "--from", EmbeddedModelFolder.Path, "--to", fusedDir, "--fused");
        var plain = await Generate(EmbeddedModelFolder.Path);
        var fused = await Generate(fusedDir);

        Assert.Equal(0, convert.ExitCode);
        Assert.True(IsFused(fusedDir));
        Assert.Equal(plain, fused);
        foreach (var file in new[] { "config.json", "tokenizer.json", "DATA_LICENSE.md" })
        {
            Assert.Equal(File.ReadAllBytes(Path.Combine(EmbeddedModelFolder.Path, file)), File.ReadAllBytes(Path.Combine(fusedDir, file)));
        }

        var card = File.ReadAllText(Path.Combine(fusedDir, "MODEL_CARD.md"));
        Assert.StartsWith(File.ReadAllLines(Path.Combine(EmbeddedModelFolder.Path, "MODEL_CARD.md"))[0], card, StringComparison.Ordinal);
        Assert.Contains("## Graph rewrite", card);
        Assert.Contains("GroupQueryAttention", card);
    }

    [Fact]
    public async Task Convert_FusedFolderWithoutFused_RewritesItBackToThePlainGraph()
    {
        var fusedDir = Path.Combine(model.TempPath, "small-fused");
        var plainDir = Path.Combine(model.TempPath, "small-plain-again");

        var toFused = await CliRun.RunAsync("convert", "--from", model.ModelDir, "--to", fusedDir, "--fused");
        var toPlain = await CliRun.RunAsync("convert", "--from", fusedDir, "--to", plainDir);

        Assert.Equal(0, toFused.ExitCode);
        Assert.Equal(0, toPlain.ExitCode);
        Assert.True(IsFused(fusedDir));
        Assert.False(IsFused(plainDir));
        Assert.Equal(await Generate(model.ModelDir), await Generate(plainDir));
    }

    [Fact]
    public async Task RandomModel_Fused_WritesAFusedFolderThatGenerates()
    {
        var dir = Path.Combine(model.TempPath, "random-fused");

        var run = await CliRun.RunAsync("random-model", "--preset", "small", "--to", dir, "--seed", "3", "--fused");

        Assert.Equal(0, run.ExitCode);
        Assert.True(IsFused(dir));
        // Same preset and seed as the fixture's plain folder: same weights, so the same text.
        Assert.Equal(await Generate(model.ModelDir), await Generate(dir));
    }

    [Fact]
    public async Task Convert_FolderWithForeignModelOnnx_ExitsWithTheReasonAndWritesNothing()
    {
        var foreign = Path.Combine(model.TempPath, "foreign");
        Directory.CreateDirectory(foreign);
        File.Copy(Path.Combine(model.ModelDir, "config.json"), Path.Combine(foreign, "config.json"), overwrite: true);
        File.Copy(Path.Combine(model.ModelDir, "tokenizer.json"), Path.Combine(foreign, "tokenizer.json"), overwrite: true);
        await File.WriteAllBytesAsync(Path.Combine(foreign, "model.onnx"), [1, 2, 3]);
        var target = Path.Combine(model.TempPath, "foreign-fused");

        var run = await CliRun.RunAsync("convert", "--from", foreign, "--to", target, "--fused");

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("model.onnx", run.Stderr);
        Assert.False(Directory.Exists(target));
    }

    private static async Task<string> Generate(string modelDir)
    {
        var run = await CliRun.RunAsync("generate", "--model", modelDir, "--prompt", "옛날 옛적에", "--max-tokens", "12", "--min-tokens", "12",
            "--temperature", "0", "--cpu");
        Assert.Equal(0, run.ExitCode);
        return run.Stdout;
    }

    private static bool IsFused(string modelDir)
    {
        var config = Gpt2Config.Load(Path.Combine(modelDir, "config.json"));
        using var session = new InferenceSession(Path.Combine(modelDir, "model.onnx"));
        return ModelSignature.Check(session, config.NLayer, config.VocabSize, modelDir).IsFused;
    }
}
