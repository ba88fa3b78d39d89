using System.Globalization;

namespace RelayNovel.Soak;

/// <summary>What to run: against <see cref="Urls"/> (one or more nodes of one app), or a server the soak starts itself on a fresh data file.</summary>
public sealed record SoakOptions
{
    /// <summary>The nodes to drive; with several, each room's writers and event streams are spread over them.</summary>
    public IReadOnlyList<Uri> Urls { get; init; } = [];

    /// <summary>With <see cref="Urls"/>: each node's process id in the same order, to read its memory from /proc when it has no /metrics.</summary>
    public IReadOnlyList<int> ServerPids { get; init; } = [];
    public int Rooms { get; init; } = 10;
    public int Participants { get; init; } = 50;
    public TimeSpan Duration { get; init; } = TimeSpan.FromMinutes(1);

    /// <summary>The model folder for a server the soak starts; null = the app's default (the embedded onnx/ model).</summary>
    public string? ModelPath { get; init; }

    /// <summary>How long a simulated writer "types" before submitting (uniform in this range).</summary>
    public TimeSpan MinThink { get; init; } = TimeSpan.FromSeconds(1.5);
    public TimeSpan MaxThink { get; init; } = TimeSpan.FromSeconds(4);

    public int AiMaxTokens { get; init; } = 60;
    public TimeSpan SampleEvery { get; init; } = TimeSpan.FromSeconds(10);
    public int Seed { get; init; } = 7;

    public const string Usage = """
        relaynovel-soak [--url URL [--server-pid PID]]... [--rooms M] [--participants N] [--seconds S] [--model DIR]
                        [--think-ms MIN,MAX] [--ai-max-tokens N] [--sample-seconds S] [--seed N]
          Without --url it starts the app from its build output on a fresh temporary LiteDB file. Several --url
          (nodes of one cluster) spread each room's writers and event streams over the nodes.
          Reports errors, event latency (server 'at' → client receipt), turns committed and server memory over time,
          in total and per node.
        """;

    public static SoakOptions Parse(IReadOnlyList<string> args)
    {
        var o = new SoakOptions();
        for (var i = 0; i < args.Count; i++)
        {
            string Next() => i + 1 < args.Count ? args[++i] : throw new ArgumentException($"{args[i]} needs a value.");
            int Int() => int.Parse(Next(), CultureInfo.InvariantCulture);
            o = args[i] switch
            {
                "--url" => o with { Urls = [.. o.Urls, new Uri(Next().TrimEnd('/') + "/")] },
                "--server-pid" => o with { ServerPids = [.. o.ServerPids, Int()] },
                "--rooms" => o with { Rooms = Int() },
                "--participants" => o with { Participants = Int() },
                "--seconds" => o with { Duration = TimeSpan.FromSeconds(Int()) },
                "--model" => o with { ModelPath = Path.GetFullPath(Next()) },
                "--think-ms" => ParseThink(o, Next()),
                "--ai-max-tokens" => o with { AiMaxTokens = Int() },
                "--sample-seconds" => o with { SampleEvery = TimeSpan.FromSeconds(Int()) },
                "--seed" => o with { Seed = Int() },
                _ => throw new ArgumentException($"Unknown option {args[i]}."),
            };
        }
        if (o.ServerPids.Count > Math.Max(o.Urls.Count, 1))
        {
            throw new ArgumentException("Give at most one --server-pid per --url, in the same order.");
        }
        if (o.Rooms < 1 || o.Participants < o.Rooms || o.Participants > o.Rooms * 11)
        {
            throw new ArgumentException("Each room needs 1 to 11 participants (a room has at most 12 seats, one is the AI).");
        }
        return o;
    }

    private static SoakOptions ParseThink(SoakOptions o, string value)
    {
        var parts = value.Split(',');
        var min = int.Parse(parts[0], CultureInfo.InvariantCulture);
        var max = parts.Length > 1 ? int.Parse(parts[1], CultureInfo.InvariantCulture) : min;
        return o with { MinThink = TimeSpan.FromMilliseconds(min), MaxThink = TimeSpan.FromMilliseconds(Math.Max(min, max)) };
    }
}
