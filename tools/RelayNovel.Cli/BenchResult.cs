namespace RelayNovel.Cli;

/// <summary>The figures <c>bench --json</c> prints as its last line (keys fixed by DESIGN.md, extended here).</summary>
internal sealed record BenchResult(
    string Provider,
    int Batch,
    double TtftMs,
    double MsPerToken,
    double TokensPerSecond,
    double KvSpeedup,
    double BandwidthGBs,
    double FloorMs,
    double FloorRatio,
    string Model,
    int PromptTokens,
    int NewTokens,
    int KvContext,
    double CachedStepMs,
    double RecomputeMs,
    double MsPerTokenMedian,
    long WeightBytes,
    int Threads)
{
    /// <summary>Tokens per second of all rows together (<see cref="TokensPerSecond"/> is one request's).</summary>
    public double AggregateTokensPerSecond { get; init; }

    /// <summary>Aggregate tokens/s over batch 1's, when batch 1 ran too.</summary>
    public double? SpeedupOverBatch1 { get; init; }

    public string Quantization { get; init; } = "fp32";
}
