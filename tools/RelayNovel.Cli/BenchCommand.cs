using System.Diagnostics;
using System.Text.Json;
using RelayNovel.Inference.Generation;

namespace RelayNovel.Cli;

/// <summary>
/// <c>bench</c>: time to first token for a prompt, decode ms/token at batch N, the KV cache's speed-up over
/// recomputing the whole context, and the ratio of ms/token to the machine's floor (weight bytes ÷ the
/// memory read bandwidth measured in the same run). Greedy argmax stands in for sampling so only the model is timed.
/// Decoding runs in the server's batch decoder (ragged rows, one model run per step); <c>--batch 1,4,16</c> measures
/// each size in the same run and prints a table (with <c>--json</c>, one object per size).
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
        var batches = BatchSizes(a.String("batch"));
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
        var ids = RandomIds(Math.Max(promptTokens, kvContext) * batches.Max(), vocab);

        // Measured before and after the decode timing, best kept: on a shared machine a single reading can
        // land in a busy moment and make the floor look slower than the machine is.
        var bandwidthBefore = MemoryBandwidth.MeasureGBs(bandwidthMb);
        var ttft = MeasureTtft(generator, ids, promptTokens, newTokens);
        var decode = batches.Select(batch => (Batch: batch, Times: MeasureDecode(generator, ids, batch, promptTokens, newTokens))).ToArray();
        var bandwidth = Math.Max(bandwidthBefore, MemoryBandwidth.MeasureGBs(bandwidthMb));
        var (cachedStep, recompute) = MeasureKvSpeedup(generator, ids, kvContext);

        var weightBytes = generator.WeightBytes;
        var floorMs = weightBytes / (bandwidth * 1e9) * 1000;
        var quantization = generator.Quantization;
        var baseline = decode.FirstOrDefault(d => d.Batch == 1).Times.Mean;
        var results = decode.Select(d => new BenchResult(
            Provider: generator.Provider, Batch: d.Batch, TtftMs: Round(ttft), MsPerToken: Round(d.Times.Mean),
            TokensPerSecond: Round(1000 / d.Times.Mean), KvSpeedup: Round(recompute / cachedStep),
            BandwidthGBs: Round(bandwidth), FloorMs: Round(floorMs), FloorRatio: Round(d.Times.Mean / floorMs),
            Model: generator.ModelName, PromptTokens: promptTokens, NewTokens: newTokens, KvContext: kvContext,
            CachedStepMs: Round(cachedStep), RecomputeMs: Round(recompute), MsPerTokenMedian: Round(d.Times.Median),
            WeightBytes: weightBytes, Threads: threads ?? Environment.ProcessorCount)
        {
            AggregateTokensPerSecond = Round(d.Batch * 1000 / d.Times.Mean),
            SpeedupOverBatch1 = baseline > 0 ? Round(d.Batch * baseline / d.Times.Mean) : null,
            Quantization = quantization,
        }).ToArray();

        var first = results[0];
        stdout.WriteLine($"provider         {first.Provider} ({first.Threads} threads on {Environment.ProcessorCount} cores)");
        stdout.WriteLine($"TTFT             {first.TtftMs} ms for a {promptTokens}-token prompt");
        foreach (var result in results)
        {
            stdout.WriteLine($"decode           {result.MsPerToken} ms/token at batch {result.Batch} (median {result.MsPerTokenMedian}), {result.AggregateTokensPerSecond} tokens/s");
        }

        stdout.WriteLine($"KV cache         {first.KvSpeedup}x faster than recomputing {kvContext} tokens ({first.CachedStepMs} vs {first.RecomputeMs} ms)");
        stdout.WriteLine($"bandwidth        {first.BandwidthGBs} GB/s read; floor {first.FloorMs} ms/token for {weightBytes / 1e6:F1} MB of weights");
        if (results.Length > 1)
        {
            stdout.WriteLine();
            stdout.WriteLine("batch  tok/s/request  aggregate tok/s  speed-up  ms/step  floorRatio  quantization");
            foreach (var r in results)
            {
                stdout.WriteLine(FormattableString.Invariant(
                    $"{r.Batch,5}  {r.TokensPerSecond,13:F1}  {r.AggregateTokensPerSecond,15:F1}  {(r.SpeedupOverBatch1 is { } x ? $"{x:F2}x" : "-"),8}  {r.MsPerToken,7:F2}  {r.FloorRatio,10:F2}  {r.Quantization}"));
            }
        }
        else
        {
            stdout.WriteLine($"floor ratio      {first.FloorRatio}");
        }

        if (a.Flag("json"))
        {
            foreach (var result in results)
            {
                stdout.WriteLine(JsonSerializer.Serialize(result, CliJson.Options));
            }
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

    /// <summary>ms per step of the batch decoder with <paramref name="batch"/> rows, each prefilled alone as the server does.</summary>
    private static (double Mean, double Median) MeasureDecode(Gpt2Generator generator, int[] ids, int batch, int promptTokens, int newTokens)
    {
        var vocab = generator.Config.VocabSize;
        using var decoder = generator.CreateBatchDecoder(batch, promptTokens + newTokens + 1);
        var rows = Enumerable.Range(0, batch).ToArray();
        var times = new double[newTokens];
        // The warm-up sequence lets ONNX Runtime settle its buffers before the timed one.
        for (var run = 0; run < 2; run++)
        {
            var next = new int[batch];
            for (var r = 0; r < batch; r++)
            {
                decoder.Release(r);
                next[r] = ArgMax(decoder.Prefill(r, ids.AsSpan(r * promptTokens, promptTokens), default), 0, vocab);
            }

            for (var step = 0; step < newTokens; step++)
            {
                var clock = Stopwatch.StartNew();
                var logits = decoder.Step(rows, next, default);
                times[step] = clock.Elapsed.TotalMilliseconds;
                for (var r = 0; r < batch; r++)
                {
                    next[r] = ArgMax(logits, r, vocab);
                }
            }
        }

        return (times.Average(), Median(times));
    }

    /// <summary>1,4,16 → [1, 4, 16]; each between 1 and 256.</summary>
    private static int[] BatchSizes(string? text)
    {
        if (text is null)
        {
            return [1];
        }

        var sizes = new List<int>();
        foreach (var part in text.Split(',', StringSplitOptions.TrimEntries))
        {
            if (!int.TryParse(part, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var size) || size is < 1 or > 256)
            {
                throw new UsageException($"--batch takes sizes from 1 to 256, one or a comma-separated list (1,4,16), got '{text}'");
            }

            sizes.Add(size);
        }

        return [.. sizes.Distinct()];
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
