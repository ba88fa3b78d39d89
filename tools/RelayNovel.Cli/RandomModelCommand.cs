using RelayNovel.Inference.Checkpoints;

namespace RelayNovel.Cli;

/// <summary><c>random-model --preset kogpt2|small --to DIR [--seed N]</c>: a model folder with random weights of that shape.</summary>
internal static class RandomModelCommand
{
    public static int Run(string[] args, TextWriter stdout)
    {
        var a = CliArguments.Parse(args, ["preset", "to", "seed"], []);
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

        RandomModel.Write(to, config, seed);
        stdout.WriteLine($"wrote a random {presetName} model (seed {seed}) to {Path.GetFullPath(to)}");
        return CliApp.Ok;
    }
}
