namespace RelayNovel.Tests.Ops;

/// <summary>
/// Meters are process-wide: /metrics of one test app also sees the gauges of every other app alive in the test
/// process. Tests that read exact values run alone, after the parallel part of the suite.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ProcessWideMetricsCollection
{
    public const string Name = "Process-wide metrics";
}
