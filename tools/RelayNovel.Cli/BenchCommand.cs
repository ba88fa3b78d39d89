using System.Diagnostics;
using System.Text.Json;
using RelayNovel.Inference.Generation;

namespace RelayNovel.Cli;

/// <summary>
/// <c>bench</c>: time to first token for a prompt, decode ms/token at batch N, the KV cache's speed-up over
/// recomputing the whole context, and the ratio of ms/token to the machine's floor (weight bytes ÷ the
/// memory read bandwidth measured in the same run). Greedy argmax stands in for sampling so only the model is timed.
/// </summary>
internal static class BenchCommand
{
    private const int CachedSteps = 8;
    private const int Repeats = 2;

    public static int Run(string[] args, TextWriter stdout, TextWriter stderr)
    {
        var a = CliArguments.Parse(args, ["model", "prompt-tokens", "new-tokens", "batch", "kv-context", "bandwidth-mb", "threads"], ["json", "cpu"]);
        var requestedPromptTokens = a.Int("prompt-tokens", 1);
        var newTokens = a.Int("new-tokens", 1) ?? 64;
        var batch = a.Int("batch", 1, 256) ?? 1;
        var bandwidthMb = a.Int("bandwidth-mb", 1, 16384) ?? 256;
        var preference = a.Flag("cpu") ? ExecutionProviderPreference.Cpu : ExecutionProviderPreference.Auto;

        var threads = a.Int("threads", 1, 1024);
        using var generator = Gpt2Generator.Load(ModelLocator.Resolve(a.String("model")), preference, cpuThreads: threads);
        // The default 256-token prompt shrinks to fit a small model's window; an explicit one is checked as given.
        var promptTokens = requestedPromptTokens ?? Math.Max(1, Math.Min(256, generator.ContextLength - newTokens));
        if (promptTokens + newTokens > generator.ContextLength)
        {
            throw new UsageException($"--prompt-tokens + --new-tokens ({promptTokens + newTokens}) exceed the model's context of {generator.ContextLength}");
        }

        var kvContext = a.Int("kv-context", 2) ?? Math.Min(512, generator.ContextLength - CachedSteps);
        if (kvContext + CachedSteps > generator.ContextLength)
        {
            throw new UsageException($"--kv-context must leave {CachedSteps} tokens of the model's context of {generator.ContextLength}");
        }

        stderr.WriteLine($"[bench {generator.ModelName} on {generator.Provider}, {Environment.ProcessorCount} cores]");
        var vocab = Math.Min(generator.Tokenizer.VocabSize, generator.Config.VocabSize);
        var ids = RandomIds(Math.Max(promptTokens, kvContext) * batch, vocab);

        // Measured before and after the decode timing, best kept: on a shared machine a single reading can
        // land in a busy moment and make the floor look slower than the machine is.
        var bandwidthBefore = MemoryBandwidth.MeasureGBs(bandwidthMb);
        var ttft = MeasureTtft(generator, ids, promptTokens, newTokens);
        var (msPerToken, median) = MeasureDecode(generator, ids, batch, promptTokens, newTokens);
        var bandwidth = Math.Max(bandwidthBefore, MemoryBandwidth.MeasureGBs(bandwidthMb));
        var (cachedStep, recompute) = MeasureKvSpeedup(generator, ids, kvContext);

        var weightBytes = generator.WeightBytes;
        var floorMs = weightBytes / (bandwidth * 1e9) * 1000;
        var result = new BenchResult(
            Provider: generator.Provider, Batch: batch, TtftMs: Round(ttft), MsPerToken: Round(msPerToken),
            TokensPerSecond: Round(batch * 1000 / msPerToken), KvSpeedup: Round(recompute / cachedStep),
            BandwidthGBs: Round(bandwidth), FloorMs: Round(floorMs), FloorRatio: Round(msPerToken / floorMs),
            Model: generator.ModelName, PromptTokens: promptTokens, NewTokens: newTokens, KvContext: kvContext,
            CachedStepMs: Round(cachedStep), RecomputeMs: Round(recompute), MsPerTokenMedian: Round(median),
            WeightBytes: weightBytes, Threads: threads ?? Environment.ProcessorCount);

        stdout.WriteLine($"provider         {result.Provider} ({result.Threads} threads on {Environment.ProcessorCount} cores)");
        stdout.WriteLine($"TTFT             {result.TtftMs} ms for a {promptTokens}-token prompt");
        stdout.WriteLine($"decode           {result.MsPerToken} ms/token at batch {batch} (median {result.MsPerTokenMedian}), {result.TokensPerSecond} tokens/s");
        stdout.WriteLine($"KV cache         {result.KvSpeedup}x faster than recomputing {kvContext} tokens ({result.CachedStepMs} vs {result.RecomputeMs} ms)");
        stdout.WriteLine($"bandwidth        {result.BandwidthGBs} GB/s read; floor {result.FloorMs} ms/token for {weightBytes / 1e6:F1} MB of weights; ratio {result.FloorRatio}");
        if (a.Flag("json"))
        {
            stdout.WriteLine(JsonSerializer.Serialize(result, CliJson.Options));
        }

        return CliApp.Ok;
    }

    // Best of a few runs after a warm-up: the figures describe the code, not the neighbours on a shared machine.
    private static double MeasureTtft(Gpt2Generator generator, int[] ids, int promptTokens, int newTokens)
    {
        using var session = generator.CreateSession(1, promptTokens + newTokens);
        var best = double.MaxValue;
        for (var run = 0; run <= Repeats; run++)
        {
            session.Reset();
            var clock = Stopwatch.StartNew();
            ArgMax(session.Forward(ids.AsSpan(0, promptTokens), promptTokens), 0, generator.Config.VocabSize);
            if (run > 0)
            {
                best = Math.Min(best, clock.Elapsed.TotalMilliseconds);
            }
        }

        return best;
    }

    private static (double Mean, double Median) MeasureDecode(Gpt2Generator generator, int[] ids, int batch, int promptTokens, int newTokens)
    {
        var vocab = generator.Config.VocabSize;
        using var session = generator.CreateSession(batch, promptTokens + newTokens);
        // The warm-up sequence lets ONNX Runtime settle its buffers before the timed one.
        var times = new double[newTokens];
        for (var run = 0; run < 2; run++)
        {
            session.Reset();
            var logits = session.Forward(ids.AsSpan(0, batch * promptTokens), promptTokens);
            var next = new int[batch];
            for (var step = 0; step < newTokens; step++)
            {
                for (var r = 0; r < batch; r++)
                {
                    next[r] = ArgMax(logits, r, vocab);
                }

                var clock = Stopwatch.StartNew();
                logits = session.Forward(next, 1);
                times[step] = clock.Elapsed.TotalMilliseconds;
            }
        }

        return (times.Average(), Median(times));
    }

    private static (double CachedStepMs, double RecomputeMs) MeasureKvSpeedup(Gpt2Generator generator, int[] ids, int kvContext)
    {
        using var session = generator.CreateSession(1, kvContext + CachedSteps);
        var recompute = double.MaxValue;
        for (var run = 0; run <= Repeats; run++)
        {
            session.Reset();
            var clock = Stopwatch.StartNew();
            session.Forward(ids.AsSpan(0, kvContext), kvContext);
            if (run > 0)
            {
                recompute = Math.Min(recompute, clock.Elapsed.TotalMilliseconds);
            }
        }

        var steps = new double[CachedSteps];
        for (var step = 0; step < CachedSteps; step++)
        {
            var clock = Stopwatch.StartNew();
            session.Forward(ids.AsSpan(step, 1), 1);
            steps[step] = clock.Elapsed.TotalMilliseconds;
        }

        return (Median(steps), recompute);
    }

    private static int ArgMax(ReadOnlySpan<float> logits, int row, int vocab)
    {
        var span = logits.Slice(row * vocab, vocab);
        var best = 0;
        for (var i = 1; i < span.Length; i++)
        {
            if (span[i] > span[best])
            {
                best = i;
            }
        }

        return best;
    }

    private static int[] RandomIds(int count, int vocab)
    {
        var random = new Random(1234);
        return Enumerable.Range(0, count).Select(_ => random.Next(vocab)).ToArray();
    }

    private static double Median(double[] values)
    {
        var sorted = values.Order().ToArray();
        return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[sorted.Length / 2 - 1] + sorted[sorted.Length / 2]) / 2;
    }

    private static double Round(double value) => Math.Round(value, 3);
}
