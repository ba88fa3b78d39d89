namespace RelayNovel.Soak;

/// <summary>Delays in milliseconds, kept whole so percentiles are exact; each also counts in <paramref name="total"/> when given.</summary>
public sealed class LatencyRecorder(LatencyRecorder? total = null)
{
    private readonly List<double> _values = [];

    public void Add(double milliseconds)
    {
        lock (_values)
        {
            _values.Add(milliseconds);
        }
        total?.Add(milliseconds);
    }

    public int Count
    {
        get
        {
            lock (_values)
            {
                return _values.Count;
            }
        }
    }

    /// <summary>The nearest-rank percentile (0–100), or null without samples.</summary>
    public double? Percentile(double p)
    {
        double[] sorted;
        lock (_values)
        {
            sorted = [.. _values];
        }
        if (sorted.Length == 0)
        {
            return null;
        }
        Array.Sort(sorted);
        var rank = (int)Math.Ceiling(p / 100 * sorted.Length);
        return sorted[Math.Clamp(rank - 1, 0, sorted.Length - 1)];
    }
}
