using System.Threading.Channels;
using RelayNovel.Web.Rooms;

namespace RelayNovel.Tests.Infrastructure;

/// <summary>Records a room's events so a test can await the one it expects (with a deadline, never a sleep).</summary>
public sealed class RoomEventLog : IDisposable
{
    private readonly Channel<RoomEvent> _events = Channel.CreateUnbounded<RoomEvent>();
    private readonly List<RoomEvent> _seen = [];
    private readonly IDisposable _subscription;

    /// <summary>
    /// A log of the room's events from now on: subscribed, and returned once this node follows the room, so no event
    /// committed after this returns is missed (as a page subscribes, then awaits the follow, then reads).
    /// </summary>
    public static async Task<RoomEventLog> StartAsync(RoomBroadcaster broadcaster, string roomId)
    {
        var log = new RoomEventLog(broadcaster, roomId);
        await broadcaster.FollowingAsync(roomId);
        return log;
    }

    public RoomEventLog(RoomBroadcaster broadcaster, string roomId)
    {
        _subscription = broadcaster.Subscribe(roomId, e =>
        {
            _events.Writer.TryWrite(e);
            return ValueTask.CompletedTask;
        });
    }

    /// <summary>Every event seen so far by <see cref="WaitForAsync{T}"/>.</summary>
    public IReadOnlyList<RoomEvent> Seen => _seen;

    public async Task<T> WaitForAsync<T>(Func<T, bool>? match = null, TimeSpan? timeout = null) where T : RoomEvent
    {
        using var cts = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(30));
        try
        {
            while (true)
            {
                var e = await _events.Reader.ReadAsync(cts.Token);
                _seen.Add(e);
                if (e is T typed && (match is null || match(typed)))
                {
                    return typed;
                }
            }
        }
        catch (OperationCanceledException) when (cts.IsCancellationRequested)
        {
            throw new TimeoutException($"No {typeof(T).Name} arrived in time; saw: {string.Join(", ", _seen.Select(s => s.GetType().Name))}");
        }
    }

    public void Dispose() => _subscription.Dispose();
}
