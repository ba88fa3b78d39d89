using RelayNovel.Tests.Infrastructure;
using System.Diagnostics;
using Microsoft.Extensions.Logging.Abstractions;
using RelayNovel.Tests.Checkpoints;
using RelayNovel.Web.Rooms;
using RelayNovel.Web.Rooms.Feeds;
using RelayNovel.Web.Stories.LiteDb;
using Xunit.Abstractions;

namespace RelayNovel.Tests.Rooms.Feeds;

/// <summary>How fast a resumed feed replays a long event log from LiteDB (a figure for the note, never asserted).</summary>
public sealed class RoomFeedReplayMeasurement(ITestOutputHelper output)
{
    [MeasurementFact("RELAYNOVEL_MEASURE_FEED", "measure replay from the event log.")]
    public async Task Replay_TenThousandStoredEvents_ReportsEventsPerSecond()
    {
        using var folder = new TempDirectory();
        using var store = new LiteDbStoryStore(Path.Combine(folder.Path, "story.db"));
        var broadcaster = new RoomBroadcaster(NullLogger<RoomBroadcaster>.Instance);
        var owner = await RoomOwner.CreateAsync(store, broadcaster, "room");
        const int total = 10_000;
        for (var i = 0; i < total / 500; i++)
        {
            await owner.AppendAsync([.. Enumerable.Range(0, 500).Select(n => owner.Draft("초안 " + n))]);
        }
        var feed = new RoomFeed(broadcaster, new RoomEventCodec(), TimeProvider.System, store);
        using var watch = feed.Open("room");

        var clock = Stopwatch.StartNew();
        var replayed = await FeedReading.TakeAsync(watch.ReadAsync(afterSeq: 0), total, TimeSpan.FromMinutes(2));
        clock.Stop();

        output.WriteLine($"replayed {replayed.Count} events in {clock.Elapsed.TotalMilliseconds:F0} ms: {replayed.Count / clock.Elapsed.TotalSeconds:F0} events/s");
    }
}
