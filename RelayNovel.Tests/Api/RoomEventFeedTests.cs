using System.Text.Json;
using Microsoft.Extensions.Logging.Abstractions;
using RelayNovel.Web.Api;
using RelayNovel.Web.Rooms;

namespace RelayNovel.Tests.Api;

/// <summary>What a room event stream does with a reader that stopped reading.</summary>
public sealed class RoomEventFeedTests
{
    private readonly RoomBroadcaster _broadcaster = new(NullLogger<RoomBroadcaster>.Instance);

    [Fact]
    public async Task Feed_ReaderFallsTooFarBehind_IsClosedAfterWhatItBufferedSoTheClientReconnects()
    {
        using var feed = new RoomEventFeed(_broadcaster, "room", TimeProvider.System, JsonSerializerOptions.Web, closeWhenFull: true);

        Publish(RoomEventFeed.Capacity + 5);
        var read = await feed.Reader.ReadAllAsync().CountAsync();

        Assert.Equal(RoomEventFeed.Capacity, read);
        Assert.True(feed.Dropped > 0);
    }

    [Fact]
    public async Task Feed_KeptOpenWhenFull_DropsOnlyTheOverflowAndGoesOn()
    {
        using var feed = new RoomEventFeed(_broadcaster, "room", TimeProvider.System, JsonSerializerOptions.Web, closeWhenFull: false);

        Publish(RoomEventFeed.Capacity + 5);
        var first = await feed.Reader.ReadAsync();
        Publish(1);

        Assert.Equal(5, feed.Dropped);
        Assert.Equal("0", first.Text);
        Assert.False(feed.Reader.Completion.IsCompleted);
    }

    [Fact]
    public async Task Feed_Disposed_UnsubscribesAndEndsTheReader()
    {
        var feed = new RoomEventFeed(_broadcaster, "room", TimeProvider.System, JsonSerializerOptions.Web, closeWhenFull: true);
        Publish(2);

        feed.Dispose();

        Assert.Equal(0, _broadcaster.SubscriberCount("room"));
        Assert.Equal(2, await feed.Reader.ReadAllAsync().CountAsync());
    }

    private void Publish(int count)
    {
        for (var i = 0; i < count; i++)
        {
            _broadcaster.Publish(new DraftChanged("room", 0, i.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        }
    }
}
