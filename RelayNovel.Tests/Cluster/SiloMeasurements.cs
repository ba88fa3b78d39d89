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
    public async Task RoomStream_OneSiloToAnother_PrintsEventLatency()
    {
        await using var cluster = await RoomTestCluster.StartAsync(silos: 2);
        var latencies = new List<double>();
        var clock = Stopwatch.StartNew();
        var sent = new Dictionary<long, double>();
        var all = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        const int count = 300;
        using var page = cluster.Service<RoomBroadcaster>(1).Subscribe("measure", e =>
        {
            lock (latencies)
            {
                latencies.Add(clock.Elapsed.TotalMilliseconds - sent[e.Seq]);
                if (latencies.Count == count)
                {
                    all.TrySetResult();
                }
            }
            return ValueTask.CompletedTask;
        });
        await Deadline.UntilAsync(() => cluster.Service<RoomStreamRelay>(1).IsRelaying("measure"), "node 1 to follow the room");
        var stream = cluster.Service<IClusterClient>(0).GetStreamProvider(RoomStreams.Provider).GetStream<RoomEvent>(RoomStreams.Of("measure"));
        for (var seq = 1; seq <= count; seq++)
        {
            lock (latencies)
            {
                sent[seq] = clock.Elapsed.TotalMilliseconds;
            }
            await stream.OnNextAsync(new DraftChanged("measure", 0, $"초안 {seq}") { Seq = seq });
            await Task.Delay(10);   // pacing like a token stream (~100 events/s), not a synchronization
        }
        await all.Task.WaitAsync(TimeSpan.FromSeconds(60));
        latencies.Sort();
        output.WriteLine($"room events silo 0 -> node 1's broadcaster, {count} events at ~100/s: p50 {latencies[count / 2]:F1} ms, " +
            $"p99 {latencies[(int)(count * 0.99)]:F1} ms, max {latencies[^1]:F1} ms (stream poll period {RoomSiloServices.StreamPollPeriod.TotalMilliseconds} ms)");
    }

    private static double Median(List<double> values) => values.Order().ElementAt(values.Count / 2);
}
