using RelayNovel.Inference.Checkpoints;
using RelayNovel.Inference.Onnx;

namespace RelayNovel.Cli;

/// <summary><c>random-model --preset kogpt2|small --to DIR [--seed N] [--fused]</c>: a model folder with random weights of that shape.</summary>
internal static class RandomModelCommand
{
    public static int Run(string[] args, TextWriter stdout)
    {
        var a = CliArguments.Parse(args, ["preset", "to", "seed"], ["fused"]);
        var presetName = a.Required("preset");
        var to = a.Required("to");
        var seed = a.Int("seed") ?? 0;
        Gpt2Config config;
        try
        {
            config = Gpt2Presets.ByName(presetName);
        }
        catch (ArgumentException ex)
        {
            throw new UsageException(ex.Message);
        }

        var kind = a.Flag("fused") ? Gpt2GraphKind.Fused : Gpt2GraphKind.Plain;
        RandomModel.Write(to, config, seed, kind);
        stdout.WriteLine($"wrote a random {presetName} model (seed {seed}{(kind == Gpt2GraphKind.Fused ? ", fused attention" : "")}) to {Path.GetFullPath(to)}");
        return CliApp.Ok;
    }
}
