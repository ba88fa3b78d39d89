using System.Globalization;
using RelayNovel.Inference.Tokenization;
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
        var ctx = o.Int("ctx", model.Config.NPositions);
        int[] tokens;
        long chars;
        var label = "validation";
        if (o.Get("text") is { } textPath)
        {
            // One text (e.g. the excerpt the main-suite test uses): </s> then its tokens, like a document start.
            var text = File.ReadAllText(textPath).Replace("\r\n", "\n", StringComparison.Ordinal).Trim('\n');
            text = text[..Math.Min(text.Length, o.Int("max-chars", text.Length))];
            tokens = [model.Config.EosTokenId, .. HfTokenizer.Load(Path.Combine(hf, HfExport.TokenizerFile)).Encode(text)];
            chars = text.Length;
            label = $"{Path.GetFileName(textPath)} ({chars} chars)";
        }
        else
        {
            tokens = TokenFile.Read(Path.Combine(run, PreparedData.ValidationFile));
            chars = data.ValidationChars;
        }

        var (nats, count) = Evaluator.Evaluate(model, tokens, ctx, o.Int("batch", 8));
        var loss = nats / count;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{label}: {count} tokens, {chars} chars, context {ctx}: loss {loss:F4} nats/token, perplexity {Math.Exp(loss):F2}, {Evaluator.BitsPerChar(nats, chars):F4} bits/char"));
        return 0;
    }
}
