using System.Globalization;
using System.Text.Json;
using RelayNovel.Inference.Evaluation;
using RelayNovel.Inference.Generation;

namespace RelayNovel.Cli;

/// <summary>
/// <c>eval --model DIR --text FILE [--json]</c>: the model's bits per character over a UTF-8 text, computed as the
/// training tool's held-out figure (see <see cref="TextScorer"/>), so a quantized folder's quality cost is a number.
/// </summary>
internal static class EvalCommand
{
    public static int Run(string[] args, TextWriter stdout)
    {
        var a = CliArguments.Parse(args, ["model", "text", "threads"], ["json", "cpu"]);
        var textPath = a.Required("text");
        var threads = a.Int("threads", 1, 1024);
        var text = TextScorer.Normalize(File.ReadAllText(textPath));
        if (text.Length == 0) throw new ArgumentException($"{textPath} holds no text to score.");

        var preference = a.Flag("cpu") ? ExecutionProviderPreference.Cpu : ExecutionProviderPreference.Auto;
        using var scorer = TextScorer.Load(ModelLocator.Resolve(a.String("model")), preference, threads);
        var score = scorer.Score(text);
        stdout.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{Path.GetFileName(textPath)}: {score.Tokens} tokens, {score.Chars} chars, context {scorer.Config.NPositions} (stride {scorer.Config.NPositions}): loss {score.Loss:F4} nats/token, {score.BitsPerChar:F4} bits/char"));
        if (a.Flag("json"))
        {
            stdout.WriteLine(JsonSerializer.Serialize(new { bitsPerChar = Math.Round(score.BitsPerChar, 6), tokens = score.Tokens, chars = score.Chars }, CliJson.Options));
        }

        return CliApp.Ok;
    }
}
