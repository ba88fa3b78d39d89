using System.Diagnostics;
using RelayNovel.Tests.Checkpoints;
using RelayNovel.Tests.Infrastructure;
using RelayNovel.Web.Rooms;
using RelayNovel.Web.Stories;
using RelayNovel.Web.Stories.LiteDb;
using RelayNovel.Web.Stories.Postgres;
using Xunit.Abstractions;

namespace RelayNovel.Tests.Stories;

/// <summary>
/// Issue 14's figure: what one save costs on PostgreSQL against the LiteDB file — a draft snapshot appended (a
/// keystroke batch) and a turn committed (the room's new state, the turn with its draft history, the snapshots
/// cleared and two events). PostgreSQL runs on loopback with fsync on, as a production server would. Prints medians; asserts nothing about time.
/// </summary>
public sealed class PostgresStoreWriteMeasurement(ITestOutputHelper output)
{
    private const int Samples = 200;

    [MeasurementFact("RELAYNOVEL_STORE_MEASURE", "time one draft append and one turn commit on PostgreSQL against LiteDB.")]
    public async Task DraftAppendAndTurnCommit_PostgresAgainstLiteDb_PrintsMedianMilliseconds()
    {
        using var folder = new TempDirectory();
        using (var lite = new LiteDbStoryStore(folder.File("story.db")))
        {
            output.WriteLine($"LiteDB file:            {await Measure(lite)}");
        }
        using var server = PostgresServer.Start(durable: true);
        await using (var postgres = new PostgresStoryStore(server.Database("measure")))
        {
            await postgres.EnsureSchemaAsync();
            output.WriteLine($"PostgreSQL 127.0.0.1:   {await Measure(postgres)}");
        }
    }

    private static async Task<string> Measure(IStoryStore store)
    {
        var id = "room-measure-01";
        await store.CreateAsync(new RoomRecord { Id = id, Draft = "" }, []);
        long version = 1;
        var appends = new List<double>();
        for (var i = 0; i < Samples; i++)
        {
            var watch = Stopwatch.StartNew();
            version = await store.SaveAsync(new RoomChange(id, version) { AppendDraftSnapshots = [Typed(i)] });
            appends.Add(watch.Elapsed.TotalMilliseconds);
        }
        var commits = new List<double>();
        for (var i = 0; i < Samples; i++)
        {
            var change = new RoomChange(id, version)
            {
                Room = new RoomRecord { Id = id, Draft = "", TurnCount = i + 1 },
                AppendTurns = [CommittedTurn(id, i)],
                ClearDraftSnapshots = true,
                AppendEvents = [new StoredRoomEvent((2 * i) + 1, "TurnCommitted", $$"""{"turn":{{i}}}""", i), new StoredRoomEvent((2 * i) + 2, "Baton", "{}", i)],
            };
            var watch = Stopwatch.StartNew();
            version = await store.SaveAsync(change);
            commits.Add(watch.Elapsed.TotalMilliseconds);
        }
        return $"draft append median {Median(appends):F2} ms, turn commit median {Median(commits):F2} ms ({Samples} saves each)";
    }

    /// <summary>A 300-character human turn with the 60 draft snapshots it was typed in.</summary>
    private static TurnRecord CommittedTurn(string roomId, int index) => new()
    {
        Id = TurnRecord.MakeId(roomId, index), RoomId = roomId, Index = index, Kind = TurnKind.Human, AuthorName = "민지",
        Text = new string('가', 300), DraftSnapshots = [.. Enumerable.Range(0, 60).Select(i => new DraftSnapshotRecord { OffsetMs = i * 500L, Text = new string('가', (i * 5) + 5) })],
    };

    private static DraftSnapshotRecord Typed(int i) => new() { OffsetMs = i * 1000L, Text = new string('가', (i % 300) + 1) };

    private static double Median(List<double> values) => values.Order().ElementAt(values.Count / 2);
}
