namespace RelayNovel.Soak;

/// <summary>What one node's event streams and memory showed, when the soak drove several nodes.</summary>
public sealed record SoakNodeReport(string Url, int TokenEvents, double? TokenLatencyP50Ms, double? TokenLatencyP99Ms,
    double? EventLatencyP50Ms, double? EventLatencyP99Ms, IReadOnlyList<(double Seconds, double MegaBytes)> Memory);
