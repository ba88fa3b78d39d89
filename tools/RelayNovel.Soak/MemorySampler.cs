using System.Globalization;

namespace RelayNovel.Soak;

/// <summary>
/// The server's memory over time: from its <c>/metrics</c> page when that reports process memory, otherwise the
/// resident set of the server process (the one the soak started, or --server-pid) from /proc.
/// </summary>
public sealed class MemorySampler(HttpClient http, int? serverPid)
{
    private static readonly string[] MemoryMetrics = ["process_memory_usage", "working_set", "process_resident_memory"];

    public List<(TimeSpan At, long Bytes)> Samples { get; } = [];

    public string Source { get; private set; } = "none";

    public async Task SampleAsync(TimeSpan at, CancellationToken ct)
    {
        var bytes = await FromMetricsAsync(ct);
        if (bytes is not null)
        {
            Source = "/metrics";
        }
        else if (serverPid is { } pid && ServerProcess.ResidentBytes(pid) is { } rss)
        {
            bytes = rss;
            Source = $"/proc/{pid}/status VmRSS";
        }
        if (bytes is { } b)
        {
            Samples.Add((at, b));
        }
    }

    private async Task<long?> FromMetricsAsync(CancellationToken ct)
    {
        try
        {
            using var response = await http.GetAsync("metrics", ct);
            if (!response.IsSuccessStatusCode)
            {
                return null;
            }
            foreach (var line in (await response.Content.ReadAsStringAsync(ct)).Split('\n'))
            {
                if (line.StartsWith('#') || !MemoryMetrics.Any(m => line.Contains(m, StringComparison.Ordinal)))
                {
                    continue;
                }
                var value = line[(line.LastIndexOf(' ') + 1)..].Trim();
                if (double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var v) && v > 0)
                {
                    return (long)v;
                }
            }
        }
        catch (HttpRequestException)
        {
            // No metrics page: fall back to /proc.
        }
        return null;
    }
}
