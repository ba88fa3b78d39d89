using RelayNovel.Inference.Generation;
using RelayNovel.Tests.Checkpoints;
using RelayNovel.Tests.Tokenization;

namespace RelayNovel.Tests.Cli;

public sealed class CliConvertTests : IDisposable
{
    private readonly TempDirectory _temp = new();

    [SharedDataFact("peer-gpt2/ortgenai-tiny-random-gpt2/past.onnx")]
    public async Task Convert_HuggingFaceCheckpoint_GivesAFolderThatGenerates()
    {
        var hfDir = Path.Combine(_temp.Path, "hf");
        var modelDir = Path.Combine(_temp.Path, "model");
        PeerModels.WriteTinyRandomGpt2HfFolder(hfDir);

        var convert = await CliRun.RunAsync("convert", "--from", hfDir, "--to", modelDir);
        var generate = await CliRun.RunAsync("generate", "--model", modelDir, "--prompt", "가게", "--max-tokens", "5", "--min-tokens", "5", "--seed", "1", "--cpu");

        Assert.Equal(0, convert.ExitCode);
        Assert.Equal(0, generate.ExitCode);
        Assert.Contains("5 tokens", generate.Stderr);
        using var generator = Gpt2Generator.Load(modelDir, ExecutionProviderPreference.Cpu);
        Assert.Equal(512, generator.ContextLength);
    }

    [Fact]
    public async Task Convert_MissingCheckpointFolder_ExitsWithTheReason()
    {
        var missing = Path.Combine(_temp.Path, "no-checkpoint");

        var run = await CliRun.RunAsync("convert", "--from", missing, "--to", Path.Combine(_temp.Path, "out"));

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("no-checkpoint", run.Stderr);
    }

    public void Dispose() => _temp.Dispose();
}
