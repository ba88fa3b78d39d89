using RelayNovel.Tests.Checkpoints;
using RelayNovel.Web.Stories.LiteDb;
using Microsoft.Extensions.Logging.Abstractions;
using RelayNovel.Web.Rooms;
using RelayNovel.Web.Rooms.Feeds;

namespace RelayNovel.Tests.Rooms.Feeds;

/// <summary>A room watch's live path: order, duplicates, snapshots and a reader that stopped reading (the store stays empty).</summary>
public sealed class RoomWatchTests : IDisposable
{
    private readonly TempDirectory _folder = new();
    private readonly LiteDbStoryStore _store;
    private readonly RoomBroadcaster _broadcaster = new(NullLogger<RoomBroadcaster>.Instance);
    private readonly RoomFeed _feed;

    public RoomWatchTests()
    {
        _store = new LiteDbStoryStore(_folder.File("story.db"));
        _feed = new RoomFeed(_broadcaster, new RoomEventCodec(), TimeProvider.System, _store);
    }

    public void Dispose()
    {
        _store.Dispose();
        _folder.Dispose();
    }

    [Fact]
    public async Task Watch_NumberedEventPublishedTwice_DeliversItOnce()
    {
        using var watch = _feed.Open("room");

        Publish(1, 2, 2, 1, 3);

        Assert.Equal([1, 2, 3], await FeedReading.SeqsAsync(watch.ReadAsync(afterSeq: null), 3));
    }

    [Fact]
    public async Task Watch_UnnumberedEvents_PassThroughAsTheyCome()
    {
        using var watch = _feed.Open("room");

        _broadcaster.Publish(new DraftChanged("room", 0, "a"));
        _broadcaster.Publish(new DraftChanged("room", 0, "a"));

        var texts = await FeedReading.TakeAsync(watch.ReadAsync(afterSeq: null), 2);
        Assert.Equal(["a", "a"], texts.Select(f => ((DraftChanged)f.Event).Text));
    }

    [Fact]
    public async Task Watch_ReaderThatStoppedReading_NeverBlocksThePublisherAndCountsWhatItDropped()
    {
        using var watch = _feed.Open("room");

        Publish([.. Enumerable.Range(1, RoomWatch.Capacity + 10).Select(i => (long)i)]);   // returns: the publisher is not held up

        Assert.Equal(10, watch.Dropped);
        Assert.Equal([1, 2], await FeedReading.SeqsAsync(watch.ReadAsync(afterSeq: null), 2));
    }

    [Fact]
    public async Task Watch_Disposed_UnsubscribesAndEndsTheReader()
    {
        var watch = _feed.Open("room");
        Publish(1);

        watch.Dispose();

        Assert.Equal(0, _broadcaster.SubscriberCount("room"));
        Assert.Equal(1, await watch.ReadAsync(afterSeq: null).CountAsync());
    }

    private void Publish(params long[] seqs)
    {
        foreach (var seq in seqs)
        {
            _broadcaster.Publish(new DraftChanged("room", 0, "text " + seq) { Seq = seq });
        }
    }
}
