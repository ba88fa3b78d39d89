using System.Diagnostics;
using System.Text.Json;

namespace RelayNovel.Soak;

/// <summary>Creates the rooms, seats the writers, runs them for the duration while sampling, and reports.</summary>
public sealed class SoakRunner(SoakOptions options, TextWriter log)
{
    public async Task<SoakReport> RunAsync(CancellationToken cancel = default)
    {
        var dataDir = Path.Combine(Path.GetTempPath(), "relaynovel-soak", Guid.NewGuid().ToString("N"));
        using var server = options.Urls.Count == 0
            // Every simulated person writes from this one address: the per-client write limit would treat them as
            // one client (real people each have their own), so the app under test runs without it.
            ? await ServerProcess.StartAsync(Path.Combine(dataDir, "relaynovel.db"), options.ModelPath,
                settings: new Dictionary<string, string> { ["WritesPerWindow"] = "0" })
            : null;
        var (tokenLatency, eventLatency, submitTimes) = (new LatencyRecorder(), new LatencyRecorder(), new LatencyRecorder());
        var nodes = (server is null ? options.Urls : [server.Address])
            .Select((url, n) => new SoakNode(url, server?.Pid ?? (n < options.ServerPids.Count ? options.ServerPids[n] : null),
                TimeSpan.FromSeconds(30), tokenLatency, eventLatency))
            .ToList();
        try
        {
            log.WriteLine(server is null
                ? $"soak: targeting {string.Join(", ", nodes.Select(n => n.Url))}"
                : $"soak: started the app at {server.Address} (pid {server.Pid}), data in {dataDir}");
            return await DriveAsync(nodes, tokenLatency, eventLatency, submitTimes, cancel);
        }
        finally
        {
            nodes.ForEach(n => n.Dispose());
            if (server is not null)
            {
                server.Kill();
                TryDelete(dataDir);
            }
        }
    }

    /// <summary>Room r is created through node r, its writers and its event streams spread over every node.</summary>
    private async Task<SoakReport> DriveAsync(List<SoakNode> nodes, LatencyRecorder tokenLatency, LatencyRecorder eventLatency,
        LatencyRecorder submitTimes, CancellationToken cancel)
    {
        var errors = new SoakErrors();
        var random = new Random(options.Seed);
        SoakNode Node(int i) => nodes[i % nodes.Count];

        var rooms = new List<SoakRoom>();
        var writers = new List<SimulatedWriter>();
        for (var r = 0; r < options.Rooms; r++)
        {
            var humans = options.Participants / options.Rooms + (r < options.Participants % options.Rooms ? 1 : 0);
            var (id, _) = await Node(r).Api.CreateRoomAsync(new
            {
                title = $"소크 {r + 1}", premise = "비 오는 밤, 낡은 서점에 손님이 하나둘 모여들었다.",
                seatPlan = Enumerable.Repeat("human", humans).Append("ai"), turnTimerSeconds = 0,
                ai = new { maxTokens = options.AiMaxTokens, pace = "natural" },
            }, cancel);
            var room = new SoakRoom(id, Node(r).Api, errors);
            rooms.Add(room);
            for (var s = 0; s < humans; s++)
            {
                var api = Node(r + s).Api;
                var (seat, key) = await api.JoinAsync(id, $"작가{s + 1}", s, cancel);
                writers.Add(new SimulatedWriter(room, api, seat!.Value, key, options, errors, submitTimes, new Random(random.Next())));
            }
        }
        var listeners = rooms.SelectMany(r => nodes.Select(n => new RoomEventListener(n.Streams, r.Id, errors, n.Tokens, n.Events))).ToList();

        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancel);
        var tasks = listeners.Select(l => l.RunAsync(stop.Token))
            .Concat(rooms.Select(r => r.PollAsync(stop.Token)))
            .Concat(writers.Select(w => w.RunAsync(stop.Token)))
            .ToList();
        var clock = Stopwatch.StartNew();
        await SampleMemoryAsync(nodes, TimeSpan.Zero, cancel);
        while (clock.Elapsed < options.Duration && !cancel.IsCancellationRequested)
        {
            var wait = TimeSpan.FromTicks(Math.Min(options.SampleEvery.Ticks, (options.Duration - clock.Elapsed).Ticks));
            await Task.Delay(wait, cancel).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            await SampleMemoryAsync(nodes, clock.Elapsed, CancellationToken.None);
            var mb = nodes.Select(n => n.Memory.Samples.Count > 0 ? n.Memory.Samples[^1].Bytes / 1048576.0 : 0);
            log.WriteLine($"soak: {clock.Elapsed.TotalSeconds:F0} s, {writers.Sum(w => w.Submitted)} human turns, " +
                $"{listeners.Sum(l => l.Events)} events, {errors.Count} errors, server {string.Join(" + ", mb.Select(m => m.ToString("F0")))} MB");
        }
        var elapsed = clock.Elapsed;
        await stop.CancelAsync();
        await Task.WhenAll(tasks);

        var turns = new List<System.Text.Json.JsonElement>();
        foreach (var room in rooms)
        {
            turns.AddRange((await nodes[0].Api.GetRoomAsync(room.Id, CancellationToken.None)).GetProperty("turns").EnumerateArray());
        }
        int Count(string kind) => turns.Count(t => t.GetProperty("kind").GetString() == kind);
        return new SoakReport
        {
            Rooms = options.Rooms, Participants = writers.Count, Seconds = elapsed.TotalSeconds,
            Errors = errors.Count, FirstErrors = errors.First,
            HumanTurns = Count("human"), AiTurns = Count("ai"), SkippedTurns = Count("skipped"),
            Events = listeners.Sum(l => l.Events),
            EventsUnavailable = listeners.All(l => l.Unavailable is not null) ? listeners[0].Unavailable : null,
            TokenEvents = tokenLatency.Count,
            TokenLatencyP50Ms = tokenLatency.Percentile(50), TokenLatencyP99Ms = tokenLatency.Percentile(99),
            EventLatencyP50Ms = eventLatency.Percentile(50), EventLatencyP99Ms = eventLatency.Percentile(99),
            SubmitP50Ms = submitTimes.Percentile(50), SubmitP99Ms = submitTimes.Percentile(99),
            MemorySource = nodes[0].Memory.Source,
            Memory = Samples(nodes[0]),
            Nodes = nodes.Count < 2 ? [] : [.. nodes.Select(n => new SoakNodeReport(n.Url.ToString(), n.Tokens.Count,
                n.Tokens.Percentile(50), n.Tokens.Percentile(99), n.Events.Percentile(50), n.Events.Percentile(99), Samples(n)))],
        };
    }

    private static List<(double, double)> Samples(SoakNode node) =>
        [.. node.Memory.Samples.Select(s => (s.At.TotalSeconds, s.Bytes / 1048576.0))];

    private static async Task SampleMemoryAsync(List<SoakNode> nodes, TimeSpan at, CancellationToken ct)
    {
        foreach (var node in nodes)
        {
            await node.Memory.SampleAsync(at, ct);
        }
    }

    private static void TryDelete(string dir)
    {
        try
        {
            Directory.Delete(dir, recursive: true);
        }
        catch (IOException)
        {
            // Left for the temp folder's own cleanup.
        }
    }
}
