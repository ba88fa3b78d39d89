using RelayNovel.Training.Export;
using RelayNovel.Training.Model;

namespace RelayNovel.Training.Cli;

/// <summary>`export --run RUN --out HF_DIR`: HF checkpoint from the run's last checkpoint.</summary>
internal static class ExportCommand
{
    public static int Run(Options o)
    {
        var run = o.Require("run");
        using var model = new Gpt2LmHeadModel(RunFolder.LoadConfig(run, 0.0));
        model.load(Path.Combine(run, "checkpoint", "model.dat"));
        var outDir = o.Require("out");
        HfExport.Write(outDir, model, RunFolder.Tokenizer(run));
        Console.WriteLine($"exported {outDir}");
        return 0;
    }
}
