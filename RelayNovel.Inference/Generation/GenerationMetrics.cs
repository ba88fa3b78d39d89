using System.Diagnostics.Metrics;

namespace RelayNovel.Inference.Generation;

/// <summary>
/// What every generation reports, whoever asked for it (a room's AI seat, /api/continue, /v1): tokens sampled
/// and the time to the first one. Measured here because this is the one place all of them pass through;
/// the web app exports the meter (Prometheus at /metrics). Costs nothing while nobody listens.
/// </summary>
public static class GenerationMetrics
{
    public const string MeterName = "RelayNovel.Inference";

    private static readonly Meter Meter = new(MeterName);

    private static readonly Counter<long> Tokens = Meter.CreateCounter<long>(
        "relaynovel.ai.tokens", unit: "{token}", description: "Tokens the model generated (rate = tokens/s).");

    private static readonly Histogram<double> FirstTokenSeconds = Meter.CreateHistogram<double>(
        "relaynovel.ai.time_to_first_token", unit: "s", description: "From the start of a generation (prompt in) to its first sampled token.",
        tags: null,
        advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10] });

    internal static void FirstToken(TimeSpan elapsed, string provider) =>
        FirstTokenSeconds.Record(elapsed.TotalSeconds, new KeyValuePair<string, object?>("provider", provider));

    internal static void Token(string provider) =>
        Tokens.Add(1, new KeyValuePair<string, object?>("provider", provider));
}
