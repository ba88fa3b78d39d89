using System.Globalization;
using RelayNovel.Training.Data;
using RelayNovel.Training.Export;
using RelayNovel.Training.Training;
using TorchSharp;

namespace RelayNovel.Training.Cli;

/// <summary>`eval --run RUN [--hf HF_DIR]`: loss, perplexity and bits/char on all held-out works.</summary>
internal static class EvalCommand
{
    public static int Run(Options o)
    {
        torch.set_num_threads(o.Int("threads", 2));
        var run = o.Require("run");
        var data = PreparedData.Load(run);
        var hf = o.Str("hf", Path.Combine(run, "hf"));
        using var model = HfExport.Load(hf);
        var tokens = TokenFile.Read(Path.Combine(run, PreparedData.ValidationFile));
        var ctx = o.Int("ctx", model.Config.NPositions);
        var (nats, count) = Evaluator.Evaluate(model, tokens, ctx, o.Int("batch", 8));
        var loss = nats / count;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"validation: {count} tokens, {data.ValidationChars} chars, context {ctx}: loss {loss:F4} nats/token, perplexity {Math.Exp(loss):F2}, {Evaluator.BitsPerChar(nats, data.ValidationChars):F4} bits/char"));
        return 0;
    }
}
