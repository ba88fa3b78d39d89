using RelayNovel.Inference.Generation;

namespace RelayNovel.Cli;

/// <summary><c>generate</c>: streams a model's continuation of a prompt to stdout as it is generated.</summary>
internal static class GenerateCommand
{
    private static readonly string[] ValueOptions =
    [
        "model", "prompt", "max-tokens", "seed", "temperature", "top-k", "top-p", "min-tokens",
        "repetition-penalty", "no-repeat-ngram", "stop", "end-at-sentence", "threads",
    ];

    public static async Task<int> RunAsync(string[] args, TextWriter stdout, TextWriter stderr, CancellationToken ct)
    {
        var a = CliArguments.Parse(args, ValueOptions, ["cpu"]);
        var prompt = a.Required("prompt");
        var defaults = new GenerationOptions();
        var options = new GenerationOptions
        {
            MaxNewTokens = a.Int("max-tokens", 1, GenerationOptions.MaxAllowedNewTokens) ?? defaults.MaxNewTokens,
            MinNewTokens = a.Int("min-tokens", 0) ?? 0,
            Seed = a.Int("seed"),
            Temperature = a.Float("temperature") ?? defaults.Temperature,
            TopK = a.Int("top-k", 0) ?? defaults.TopK,
            TopP = a.Float("top-p") ?? defaults.TopP,
            RepetitionPenalty = a.Float("repetition-penalty") ?? defaults.RepetitionPenalty,
            NoRepeatNgramSize = a.Int("no-repeat-ngram", 0) ?? 0,
            StopStrings = a.All("stop").Select(s => s.Replace("\\n", "\n", StringComparison.Ordinal)).ToArray(),
            EndAtSentenceAfter = a.Int("end-at-sentence", 0),
        };
        try
        {
            options.Validate();
        }
        catch (ArgumentException ex)
        {
            throw new UsageException(ex.Message);
        }

        var preference = a.Flag("cpu") ? ExecutionProviderPreference.Cpu : ExecutionProviderPreference.Auto;
        using var generator = Gpt2Generator.Load(ModelLocator.Resolve(a.String("model")), preference, cpuThreads: a.Int("threads", 1, 1024));
        stderr.WriteLine($"[{generator.ModelName} on {generator.Provider}]");
        var tokens = 0;
        var finish = FinishReason.None;
        var elapsed = TimeSpan.Zero;
        await foreach (var chunk in generator.GenerateAsync(prompt, options, ct).ConfigureAwait(false))
        {
            await stdout.WriteAsync(chunk.Text).ConfigureAwait(false);
            await stdout.FlushAsync(CancellationToken.None).ConfigureAwait(false);
            tokens += chunk.TokenIds.Count;
            finish = chunk.Finish;
            elapsed = chunk.Elapsed;
        }

        await stdout.WriteLineAsync().ConfigureAwait(false);
        stderr.WriteLine($"[{tokens} tokens in {elapsed.TotalMilliseconds:F0} ms, finished: {finish}]");
        return CliApp.Ok;
    }
}
