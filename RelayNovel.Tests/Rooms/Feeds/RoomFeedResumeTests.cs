using Microsoft.Extensions.Logging.Abstractions;
using RelayNovel.Tests.Checkpoints;
using RelayNovel.Web.Rooms;
using RelayNovel.Web.Rooms.Feeds;
using RelayNovel.Web.Stories.LiteDb;

namespace RelayNovel.Tests.Rooms.Feeds;

/// <summary>The room feed resuming from the real LiteDB event log and a real broadcaster: each event once, in order, none missing.</summary>
public sealed class RoomFeedResumeTests : IAsyncLifetime
{
    private readonly TempDirectory _folder = new();
    private readonly RoomBroadcaster _broadcaster = new(NullLogger<RoomBroadcaster>.Instance);
    private LiteDbStoryStore _store = null!;
    private RoomFeed _feed = null!;
    private RoomOwner _owner = null!;

    public async Task InitializeAsync()
    {
        _store = new LiteDbStoryStore(Path.Combine(_folder.Path, "story.db"));
        _feed = new RoomFeed(_broadcaster, new RoomEventCodec(), TimeProvider.System, _store);
        _owner = await RoomOwner.CreateAsync(_store, _broadcaster, "room");
    }

    public Task DisposeAsync()
    {
        _store.Dispose();
        _folder.Dispose();
        return Task.CompletedTask;
    }

    [Fact]
    public async Task Watch_AfterSeqWithMoreMissedThanAPage_ReplaysEachMissedEventOnceInOrderThenGoesLive()
    {
        var missed = RoomFeed.PageSize + 44;
        await _owner.PublishDraftsAsync(missed);   // nobody watching: only the log has them

        using var watch = _feed.Open("room");
        await _owner.PublishDraftsAsync(5);        // buffered live and in the log: must come once
        var reading = watch.ReadAsync(afterSeq: 10);
        var replayed = await FeedReading.SeqsAsync(reading, missed + 5 - 10);
        Assert.Equal(Enumerable.Range(11, missed + 5 - 10).Select(i => (long)i), replayed);
    }

    [Fact]
    public async Task WatchAsync_AfterSeq_ContinuesLiveAfterTheReplayWithoutDuplicates()
    {
        await _owner.PublishDraftsAsync(3);
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        await using var events = _feed.WatchAsync("room", afterSeq: 1, cts.Token).GetAsyncEnumerator(cts.Token);

        var seen = new List<long>();
        for (var i = 0; i < 2; i++)
        {
            Assert.True(await events.MoveNextAsync());
            seen.Add(events.Current.Seq);
        }
        await _owner.PublishAsync(_owner.Draft("live"));
        Assert.True(await events.MoveNextAsync());
        seen.Add(events.Current.Seq);

        Assert.Equal([2, 3, 4], seen);
        Assert.Equal("live", ((DraftChanged)events.Current).Text);
    }

    [Fact]
    public async Task Watch_LiveEventJumpsPastTheNextNumber_ReadsTheGapFromTheStore()
    {
        using var watch = _feed.Open("room");
        await _owner.PublishDraftsAsync(2);
        await _owner.AppendAsync(_owner.Draft("lost 3"), _owner.Draft("lost 4"));   // stored, never delivered here
        await _owner.PublishAsync(_owner.Draft("5"));

        var fed = await FeedReading.TakeAsync(watch.ReadAsync(afterSeq: null), 5);

        Assert.Equal([1, 2, 3, 4, 5], fed.Select(f => f.Event.Seq));
        Assert.Equal(["lost 3", "lost 4"], fed.Skip(2).Take(2).Select(f => ((DraftChanged)f.Event).Text));
    }

    [Fact]
    public async Task Watch_ReaderFellBehindItsBuffer_ReadsWhatWasDroppedFromTheStore()
    {
        using var watch = _feed.Open("room");
        var total = RoomWatch.Capacity + 20;
        await _owner.PublishDraftsAsync(total);

        var fed = await FeedReading.SeqsAsync(watch.ReadAsync(afterSeq: null), total);

        Assert.Equal(20, watch.Dropped);
        Assert.Equal(Enumerable.Range(1, total).Select(i => (long)i), fed);
    }

    [Fact]
    public async Task Watch_AfterTheLastStoredSeq_ReplaysNothingAndWaitsForLive()
    {
        await _owner.PublishDraftsAsync(3);
        using var watch = _feed.Open("room");

        var reading = FeedReading.SeqsAsync(watch.ReadAsync(afterSeq: 3), 1);
        await _owner.PublishAsync(_owner.Draft("4"));

        Assert.Equal([4], await reading);
    }
}
