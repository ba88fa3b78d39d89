using RelayNovel.Web.Rooms.Feeds;

namespace RelayNovel.Web.Api;

/// <summary>A hub feed: the room watch, the task sending it, and how many connections share it (a group feed).</summary>
internal sealed class RoomHubPump
{
    private readonly RoomWatch _watch;
    private readonly CancellationTokenSource _stop = new();

    public RoomHubPump(RoomWatch watch, Func<CancellationToken, Task> send)
    {
        _watch = watch;
        Sending = send(_stop.Token);
    }

    /// <summary>Ends when the feed is stopped (it never faults: the sender logs its own errors).</summary>
    public Task Sending { get; }

    public int Members { get; set; }

    /// <summary>Stops sending and waits for the sender to finish, so nothing is left running once a client has left.</summary>
    public async Task StopAsync()
    {
        _watch.Dispose();
        await _stop.CancelAsync().ConfigureAwait(false);
        await Sending.ConfigureAwait(false);
        _stop.Dispose();
    }
}
