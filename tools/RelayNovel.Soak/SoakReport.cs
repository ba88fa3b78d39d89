using System.Globalization;
using System.Text.Json;

namespace RelayNovel.Soak;

/// <summary>What a soak run measured.</summary>
public sealed record SoakReport
{
    public int Rooms { get; init; }
    public int Participants { get; init; }
    public double Seconds { get; init; }
    public int Errors { get; init; }
    public IReadOnlyList<string> FirstErrors { get; init; } = [];
    public int HumanTurns { get; init; }
    public int AiTurns { get; init; }
    public int SkippedTurns { get; init; }
    public int Events { get; init; }
    public string? EventsUnavailable { get; init; }
    public int TokenEvents { get; init; }
    public double? TokenLatencyP50Ms { get; init; }
    public double? TokenLatencyP99Ms { get; init; }
    public double? EventLatencyP50Ms { get; init; }
    public double? EventLatencyP99Ms { get; init; }
    public double? SubmitP50Ms { get; init; }
    public double? SubmitP99Ms { get; init; }
    public string MemorySource { get; init; } = "none";
    public IReadOnlyList<(double Seconds, double MegaBytes)> Memory { get; init; } = [];

    /// <summary>Per node, when the soak drove several (<see cref="Memory"/> is then the first node's).</summary>
    public IReadOnlyList<SoakNodeReport> Nodes { get; init; } = [];

    public int TurnsCommitted => HumanTurns + AiTurns + SkippedTurns;

    /// <summary>Memory at the end minus memory after the first minute (or the first sample), in MB.</summary>
    public double? MemoryGrowthMb
    {
        get
        {
            if (Memory.Count < 2)
            {
                return null;
            }
            var baseline = Memory.FirstOrDefault(m => m.Seconds >= 60, Memory[0]);
            return Memory[^1].MegaBytes - baseline.MegaBytes;
        }
    }

    public void Print(TextWriter output)
    {
        string Ms(double? v) => v is { } x ? x.ToString("F1", CultureInfo.InvariantCulture) + " ms" : "n/a";
        output.WriteLine($"soak: {Rooms} rooms, {Participants} participants, {Seconds:F0} s");
        output.WriteLine($"errors: {Errors}");
        foreach (var e in FirstErrors)
        {
            output.WriteLine($"  {e}");
        }
        output.WriteLine($"turns committed: {TurnsCommitted} ({HumanTurns} human, {AiTurns} AI, {SkippedTurns} skipped)");
        output.WriteLine($"submit round trip: p50 {Ms(SubmitP50Ms)}, p99 {Ms(SubmitP99Ms)}");
        output.WriteLine(EventsUnavailable is { } why
            ? $"events: none ({why})"
            : $"events: {Events}; token events {TokenEvents}: server 'at' → receipt p50 {Ms(TokenLatencyP50Ms)}, p99 {Ms(TokenLatencyP99Ms)}; " +
              $"all events p50 {Ms(EventLatencyP50Ms)}, p99 {Ms(EventLatencyP99Ms)}");
        output.WriteLine($"server memory ({MemorySource}): " +
            string.Join(", ", Memory.Select(m => $"{m.Seconds:F0}s {m.MegaBytes:F0} MB")) +
            (MemoryGrowthMb is { } g ? $"; growth after the first minute {g:+0.0;-0.0} MB" : ""));
        foreach (var node in Nodes)
        {
            output.WriteLine($"node {node.Url}: token events {node.TokenEvents} p50 {Ms(node.TokenLatencyP50Ms)}, p99 {Ms(node.TokenLatencyP99Ms)}; " +
                $"all events p50 {Ms(node.EventLatencyP50Ms)}, p99 {Ms(node.EventLatencyP99Ms)}; memory " +
                string.Join(", ", node.Memory.Select(m => $"{m.Seconds:F0}s {m.MegaBytes:F0} MB")));
        }
        output.WriteLine("json: " + JsonSerializer.Serialize(new
        {
            Rooms, Participants, Seconds, Errors, TurnsCommitted, HumanTurns, AiTurns, SkippedTurns, Events, TokenEvents,
            TokenLatencyP50Ms, TokenLatencyP99Ms, EventLatencyP50Ms, EventLatencyP99Ms, SubmitP50Ms, SubmitP99Ms, MemorySource,
            MemoryMb = Memory.Select(m => new[] { Math.Round(m.Seconds), Math.Round(m.MegaBytes, 1) }), MemoryGrowthMb,
            Nodes = Nodes.Select(n => new
            {
                n.Url, n.TokenEvents, n.TokenLatencyP50Ms, n.TokenLatencyP99Ms, n.EventLatencyP50Ms, n.EventLatencyP99Ms,
                MemoryMb = n.Memory.Select(m => new[] { Math.Round(m.Seconds), Math.Round(m.MegaBytes, 1) }),
            }),
        }));
    }
}
