using RelayNovel.Tests.Infrastructure;
using System.Diagnostics;
using RelayNovel.Tests.Checkpoints;
using RelayNovel.Web.Stories;
using RelayNovel.Web.Stories.LiteDb;
using Xunit.Abstractions;

namespace RelayNovel.Tests.Stories;

/// <summary>
/// Issue 13's figure: what one second of typing costs to store. The earlier store rewrote the room document with
/// every snapshot (40–96 ms at 1,000–10,000 snapshots, measured before it was removed); <see cref="LiteDbStoryStore"/> appends one row. Prints the median and the slowest save (an append that thins a long turn's rows); asserts nothing about time.
/// </summary>
public sealed class StoreWriteMeasurement(ITestOutputHelper output)
{
    private const int Samples = 200;

    [MeasurementFact("RELAYNOVEL_STORE_MEASURE", "time one draft append to a room holding 1,000 and 10,000 snapshots.")]
    public async Task DraftAppend_LongTurn_PrintsMedianMilliseconds()
    {
        foreach (var snapshots in new[] { 1_000, 10_000 })
        {
            output.WriteLine($"{snapshots} snapshots: LiteDbStoryStore.SaveAsync one append {Show(await Append(snapshots))} ({Samples} saves each)");
        }
    }

    private static string Show(List<double> times) => $"median {Median(times):F2} ms, max {times.Max():F2} ms";

    private static async Task<List<double>> Append(int count)
    {
        using var folder = new TempDirectory();
        using var store = new LiteDbStoryStore(folder.File("story.db"));
        var id = "room-measure-01";
        await store.CreateAsync(new RoomRecord { Id = id }, []);
        long version = 1;
        for (var at = 0; at < count; at += 500)
        {
            version = await store.SaveAsync(new RoomChange(id, version) { AppendDraftSnapshots = [.. Enumerable.Range(at, 500).Select(Typed)] });
        }
        var times = new List<double>();
        for (var i = count; i < count + Samples; i++)
        {
            var watch = Stopwatch.StartNew();
            version = await store.SaveAsync(new RoomChange(id, version) { AppendDraftSnapshots = [Typed(i)] });
            times.Add(watch.Elapsed.TotalMilliseconds);
        }
        return times;
    }

    /// <summary>A draft as typed: it grows a character per snapshot, up to a 300-character turn, then starts again.</summary>
    private static DraftSnapshotRecord Typed(int i) => new() { OffsetMs = i * 1000L, Text = new string('가', (i % 300) + 1) };

    private static double Median(List<double> values) => values.Order().ElementAt(values.Count / 2);
}
