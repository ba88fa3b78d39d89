using System.Diagnostics;
using System.Text.Json;

namespace RelayNovel.Soak;

/// <summary>Creates the rooms, seats the writers, runs them for the duration while sampling, and reports.</summary>
public sealed class SoakRunner(SoakOptions options, TextWriter log)
{
    public async Task<SoakReport> RunAsync(CancellationToken cancel = default)
    {
        var dataDir = Path.Combine(Path.GetTempPath(), "relaynovel-soak", Guid.NewGuid().ToString("N"));
        using var server = options.Url is null
            // Every simulated person writes from this one address: the per-client write limit would treat them as
            // one client (real people each have their own), so the app under test runs without it.
            ? await ServerProcess.StartAsync(Path.Combine(dataDir, "relaynovel.db"), options.ModelPath,
                settings: new Dictionary<string, string> { ["WritesPerWindow"] = "0" })
            : null;
        var baseUrl = options.Url ?? server!.Address;
        log.WriteLine(server is null ? $"soak: targeting {baseUrl}" : $"soak: started the app at {baseUrl} (pid {server.Pid}), data in {dataDir}");
        var api = RoomApiClient.For(baseUrl, TimeSpan.FromSeconds(30));
        using var streams = new HttpClient { BaseAddress = baseUrl, Timeout = Timeout.InfiniteTimeSpan };
        var errors = new SoakErrors();
        var (tokenLatency, eventLatency, submitTimes) = (new LatencyRecorder(), new LatencyRecorder(), new LatencyRecorder());
        var random = new Random(options.Seed);

        var rooms = new List<SoakRoom>();
        var writers = new List<SimulatedWriter>();
        for (var r = 0; r < options.Rooms; r++)
        {
            var humans = options.Participants / options.Rooms + (r < options.Participants % options.Rooms ? 1 : 0);
            var (id, _) = await api.CreateRoomAsync(new
            {
                title = $"소크 {r + 1}", premise = "비 오는 밤, 낡은 서점에 손님이 하나둘 모여들었다.",
                seatPlan = Enumerable.Repeat("human", humans).Append("ai"), turnTimerSeconds = 0,
                ai = new { maxTokens = options.AiMaxTokens, pace = "natural" },
            }, cancel);
            var room = new SoakRoom(id, api, errors);
            rooms.Add(room);
            for (var s = 0; s < humans; s++)
            {
                var (seat, key) = await api.JoinAsync(id, $"작가{s + 1}", s, cancel);
                writers.Add(new SimulatedWriter(room, api, seat!.Value, key, options, errors, submitTimes, new Random(random.Next())));
            }
        }
        var listeners = rooms.Select(r => new RoomEventListener(streams, r.Id, errors, tokenLatency, eventLatency)).ToList();

        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancel);
        var tasks = listeners.Select(l => l.RunAsync(stop.Token))
            .Concat(rooms.Select(r => r.PollAsync(stop.Token)))
            .Concat(writers.Select(w => w.RunAsync(stop.Token)))
            .ToList();
        var memory = new MemorySampler(api.Http, server?.Pid ?? options.ServerPid);
        var clock = Stopwatch.StartNew();
        await memory.SampleAsync(TimeSpan.Zero, cancel);
        while (clock.Elapsed < options.Duration && !cancel.IsCancellationRequested)
        {
            var wait = TimeSpan.FromTicks(Math.Min(options.SampleEvery.Ticks, (options.Duration - clock.Elapsed).Ticks));
            await Task.Delay(wait, cancel).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            await memory.SampleAsync(clock.Elapsed, CancellationToken.None);
            var mb = memory.Samples.Count > 0 ? memory.Samples[^1].Bytes / 1048576.0 : 0;
            log.WriteLine($"soak: {clock.Elapsed.TotalSeconds:F0} s, {writers.Sum(w => w.Submitted)} human turns, " +
                $"{listeners.Sum(l => l.Events)} events, {errors.Count} errors, server {mb:F0} MB");
        }
        var elapsed = clock.Elapsed;
        await stop.CancelAsync();
        await Task.WhenAll(tasks);

        var turns = new List<JsonElement>();
        foreach (var room in rooms)
        {
            turns.AddRange((await api.GetRoomAsync(room.Id, CancellationToken.None)).GetProperty("turns").EnumerateArray());
        }
        int Count(string kind) => turns.Count(t => t.GetProperty("kind").GetString() == kind);
        if (server is not null)
        {
            server.Kill();
            TryDelete(dataDir);
        }
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
            MemorySource = memory.Source,
            Memory = [.. memory.Samples.Select(s => (s.At.TotalSeconds, s.Bytes / 1048576.0))],
        };
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
