using System.Text.Json;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.Options;
using RelayNovel.Web.Rooms;

namespace RelayNovel.Web.Api;

/// <summary>
/// One broadcaster subscription per room that hub clients follow, sending each event once to the room's group
/// in publish order. The last connection to leave (or disconnect) ends it. Each joined connection also counts as
/// an open spectator page, like a browser.
/// </summary>
public sealed partial class RoomHubFeeds(IHubContext<RoomHub> hub, RoomBroadcaster broadcaster, RoomService rooms,
    TimeProvider time, IOptions<JsonOptions> json, ILogger<RoomHubFeeds> logger)
{
    private readonly JsonSerializerOptions _options = json.Value.SerializerOptions;
    private readonly Lock _gate = new();
    private readonly Dictionary<string, RoomPump> _pumps = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Dictionary<string, IDisposable>> _joined = new(StringComparer.Ordinal);

    public static string Group(string roomId) => "room:" + roomId;

    /// <summary>Rooms with a live feed (tests).</summary>
    public int FeedCount
    {
        get
        {
            lock (_gate)
            {
                return _pumps.Count;
            }
        }
    }

    public void Join(string connectionId, string roomId)
    {
        lock (_gate)
        {
            var joined = _joined.TryGetValue(connectionId, out var j) ? j : _joined[connectionId] = new(StringComparer.Ordinal);
            if (joined.ContainsKey(roomId))
            {
                return;
            }
            if (!_pumps.TryGetValue(roomId, out var pump))
            {
                var feed = new RoomEventFeed(broadcaster, roomId, time, _options, closeWhenFull: false);
                pump = _pumps[roomId] = new RoomPump(feed, SendAsync(roomId, feed));
            }
            pump.Members++;
            // Connect publishes a presence event; feed handlers only enqueue, so holding this lock is safe.
            // Connected last: an unknown room throws before anything is counted.
            try
            {
                joined[roomId] = rooms.Connect(roomId, participantKey: null);
            }
            catch
            {
                Release(roomId, presence: null);
                throw;
            }
        }
    }

    public void Leave(string connectionId, string roomId)
    {
        lock (_gate)
        {
            if (_joined.TryGetValue(connectionId, out var joined) && joined.Remove(roomId, out var presence))
            {
                Release(roomId, presence);
            }
        }
    }

    public void LeaveAll(string connectionId)
    {
        lock (_gate)
        {
            if (_joined.Remove(connectionId, out var joined))
            {
                foreach (var (roomId, presence) in joined)
                {
                    Release(roomId, presence);
                }
            }
        }
    }

    private void Release(string roomId, IDisposable? presence)
    {
        presence?.Dispose();
        if (_pumps.TryGetValue(roomId, out var pump) && --pump.Members == 0)
        {
            _pumps.Remove(roomId);
            pump.Feed.Dispose();   // completes the channel: the pump sends what is left and ends
        }
    }

    private async Task SendAsync(string roomId, RoomEventFeed feed)
    {
        await Task.Yield();   // not on the joining caller's stack
        var group = hub.Clients.Group(Group(roomId));
        await foreach (var message in feed.Reader.ReadAllAsync().ConfigureAwait(false))
        {
            try
            {
                // Serialised with the HTTP API's options, so hub clients get exactly the SSE stream's JSON.
                await group.SendAsync(RoomHub.EventMethod, JsonSerializer.SerializeToElement(message, _options)).ConfigureAwait(false);
            }
            catch (Exception ex)
            {
                LogSendFailed(ex, roomId);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Room {RoomId}: sending an event to hub clients failed")]
    private partial void LogSendFailed(Exception ex, string roomId);

    /// <summary>A room's feed, the task sending it, and how many connections follow it.</summary>
    private sealed class RoomPump(RoomEventFeed feed, Task sending)
    {
        public RoomEventFeed Feed { get; } = feed;

        public Task Sending { get; } = sending;

        public int Members { get; set; }
    }
}
