using RelayNovel.Inference.Checkpoints;
using RelayNovel.Inference.Onnx;

namespace RelayNovel.Cli;

/// <summary>
/// <c>convert --from HF_DIR|MODEL_DIR --to DIR [--fused]</c>: a Hugging Face GPT-2 checkpoint becomes a model folder,
/// or a model folder is rewritten; <c>--fused</c> writes the fused-attention graph (shared KV buffer).
/// </summary>
internal static class ConvertCommand
{
    public static int Run(string[] args, TextWriter stdout)
    {
        var a = CliArguments.Parse(args, ["from", "to"], ["fused"]);
        var from = a.Required("from");
        var to = a.Required("to");
        var kind = a.Flag("fused") ? Gpt2GraphKind.Fused : Gpt2GraphKind.Plain;
        CheckpointConverter.Convert(from, to, kind);
        stdout.WriteLine($"converted {Path.GetFullPath(from)} -> {Path.GetFullPath(to)} ({(kind == Gpt2GraphKind.Fused ? "fused attention" : "plain graph")})");
        return CliApp.Ok;
    }
}
