using RelayNovel.Tests.Checkpoints;

namespace RelayNovel.Tests.Cli;

/// <summary>A random-weight model folder of the small preset, made once per class by the CLI's own random-model verb.</summary>
public sealed class CliModelFixture : IDisposable
{
    private readonly TempDirectory _temp = new();

    public CliModelFixture()
    {
        ModelDir = Path.Combine(_temp.Path, "small");
        Creation = CliRun.RunAsync("random-model", "--preset", "small", "--to", ModelDir, "--seed", "3").GetAwaiter().GetResult();
    }

    public string ModelDir { get; }

    internal CliRun Creation { get; }

    public string TempPath => _temp.Path;

    public void Dispose() => _temp.Dispose();
}
