using RelayNovel.Web.Rooms.Feeds;

namespace RelayNovel.Tests.Rooms.Feeds;

/// <summary>Reads a feed with a deadline, so a missing event fails the test instead of hanging it.</summary>
public static class FeedReading
{
    public static async Task<List<FedEvent>> TakeAsync(IAsyncEnumerable<FedEvent> feed, int count, TimeSpan? timeout = null)
    {
        using var cts = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(10));
        var taken = new List<FedEvent>();
        await foreach (var fed in feed.WithCancellation(cts.Token))
        {
            taken.Add(fed);
            if (taken.Count == count)
            {
                break;
            }
        }
        return taken;
    }

    public static async Task<List<long>> SeqsAsync(IAsyncEnumerable<FedEvent> feed, int count) =>
        [.. (await TakeAsync(feed, count)).Select(f => f.Event.Seq)];
}
