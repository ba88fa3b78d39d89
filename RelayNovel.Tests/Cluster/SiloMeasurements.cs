using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using RelayNovel.Tests.Infrastructure;
using RelayNovel.Web.Hosting;
using RelayNovel.Web.Rooms;
using RelayNovel.Web.Rooms.Grains;
using Xunit.Abstractions;

namespace RelayNovel.Tests.Cluster;

/// <summary>What the co-hosted silo costs: an app start, a bare silo start, and room events from one silo to another.</summary>
public sealed class SiloMeasurements(ITestOutputHelper output)
{
    private const int Starts = 5;

    [MeasurementFact("RELAYNOVEL_SILO_MEASURE", "time app and silo starts and room event latency across silos.")]
    public async Task AppStart_WithItsSilo_PrintsStartAndStopTimes()
    {
        var starts = new List<double>();
        var stops = new List<double>();
        for (var i = 0; i < Starts; i++)
        {
            var clock = Stopwatch.StartNew();
            var app = new RelayNovelAppFactory();
            using (var client = app.CreateClient())
            {
                (await client.GetAsync(new Uri("/health", UriKind.Relative))).EnsureSuccessStatusCode();
            }
            starts.Add(clock.Elapsed.TotalMilliseconds);
            var lifetime = app.Services.GetRequiredService<IHostApplicationLifetime>();
            var marks = new List<string>();
            clock.Restart();
            lifetime.ApplicationStopping.Register(() => marks.Add($"stopping {clock.ElapsedMilliseconds}"));
            lifetime.ApplicationStopped.Register(() => marks.Add($"stopped {clock.ElapsedMilliseconds}"));
            await app.DisposeAsync();
            stops.Add(clock.Elapsed.TotalMilliseconds);
            output.WriteLine($"{string.Join(", ", marks)}, disposed {clock.ElapsedMilliseconds}");
        }
        output.WriteLine($"app start to first /health answer: median {Median(starts):F0} ms ({string.Join(", ", starts.Select(s => s.ToString("F0")))}); " +
            $"stop: median {Median(stops):F0} ms");
    }

    [MeasurementFact("RELAYNOVEL_SILO_MEASURE", "time app and silo starts and room event latency across silos.")]
    public async Task BareSilo_LocalhostClustering_PrintsStartAndStopTimes()
    {
        var starts = new List<double>();
        var stops = new List<double>();
        for (var i = 0; i < Starts; i++)
        {
            var builder = Host.CreateApplicationBuilder();
            var port = FreePorts.Next();
            builder.UseOrleans(silo => silo.UseLocalhostClustering(port, 0).AddRoomRuntime());
            var host = builder.Build();
            var clock = Stopwatch.StartNew();
            await host.StartAsync();
            starts.Add(clock.Elapsed.TotalMilliseconds);
            clock.Restart();
            await host.StopAsync();
            switch (host)
            {
                case IAsyncDisposable async:
                    await async.DisposeAsync();
                    break;
                default:
                    host.Dispose();
                    break;
            }
            stops.Add(clock.Elapsed.TotalMilliseconds);
        }
        output.WriteLine($"silo alone (the part the app adds): start median {Median(starts):F0} ms " +
            $"({string.Join(", ", starts.Select(s => s.ToString("F0")))}); stop and dispose median {Median(stops):F0} ms");
    }

    [MeasurementFact("RELAYNOVEL_SILO_MEASURE", "time app and silo starts and room event latency across silos.")]
    public async Task RoomEvents_TurnOnOneSiloShownOnAnother_PrintsLatency()
    {
        await using var cluster = await RoomTestCluster.StartAsync(silos: 2);
        var room = await RoomSetup.CreateAsync(cluster.Rooms(0), new RoomSettings("측정", SeatPlan: [SeatKind.Human], TurnTimerSeconds: 0), "민지");
        const int count = 300;
        var latencies = new List<double>();
        var clock = Stopwatch.StartNew();
        var sent = new Dictionary<string, double>();
        var all = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var page = cluster.Service<RoomBroadcaster>(1).Subscribe(room.Id, e =>
        {
            if (e is TurnCommitted committed)
            {
                lock (latencies)
                {
                    latencies.Add(clock.Elapsed.TotalMilliseconds - sent[committed.Turn.Text]);
                    if (latencies.Count == count)
                    {
                        all.TrySetResult();
                    }
                }
            }
            return ValueTask.CompletedTask;
        });
        await cluster.Service<RoomBroadcaster>(1).FollowingAsync(room.Id);
        for (var i = 1; i <= count; i++)
        {
            var text = $"문장 {i}.";
            lock (latencies)
            {
                sent[text] = clock.Elapsed.TotalMilliseconds;
            }
            await cluster.Rooms(0).SubmitTurnAsync(room.Id, room.KeyOf(0), text);
            await Task.Delay(10);   // pacing like a token stream (~100 events/s), not a synchronization
        }
        await all.Task.WaitAsync(TimeSpan.FromSeconds(60));
        latencies.Sort();
        output.WriteLine($"turn submitted on silo 0 -> committed event at node 1's broadcaster (grain call, store write, push), " +
            $"{count} turns at ~100/s: p50 {latencies[count / 2]:F2} ms, p99 {latencies[(int)(count * 0.99)]:F2} ms, max {latencies[^1]:F2} ms");
    }

    private static double Median(List<double> values) => values.Order().ElementAt(values.Count / 2);
}
