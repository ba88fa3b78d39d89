using RelayNovel.Inference.Checkpoints;

namespace RelayNovel.Cli;

/// <summary><c>convert --from HF_DIR --to DIR</c>: a Hugging Face GPT-2 checkpoint becomes a model folder.</summary>
internal static class ConvertCommand
{
    public static int Run(string[] args, TextWriter stdout)
    {
        var a = CliArguments.Parse(args, ["from", "to"], []);
        var from = a.Required("from");
        var to = a.Required("to");
        CheckpointConverter.Convert(from, to);
        stdout.WriteLine($"converted {Path.GetFullPath(from)} -> {Path.GetFullPath(to)}");
        return CliApp.Ok;
    }
}
