using System.Text.Json;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.Options;
using RelayNovel.Web.Rooms;
using RelayNovel.Web.Rooms.Feeds;
using RelayNovel.Web.Rooms.Grains;

namespace RelayNovel.Web.Api;

/// <summary>
/// What hub clients follow. A plain join shares one feed per room, sent once to the room's group in order; the last
/// connection to leave (or disconnect) ends it. A join that resumes after a sequence number gets a feed of its own
/// that replays the missed events from the store before going live, sent to that connection alone. Each joined
/// connection also counts as an open spectator page, like a browser. Leaving waits until the feed's sending ends.
/// </summary>
public sealed partial class RoomHubFeeds(IHubContext<RoomHub> hub, RoomFeed feed, RoomClient rooms, RoomBroadcaster broadcaster,
    IOptions<JsonOptions> json, ILogger<RoomHubFeeds> logger) : IAsyncDisposable
{
    private readonly JsonSerializerOptions _options = json.Value.SerializerOptions;
    private readonly Lock _gate = new();
    private readonly Dictionary<string, RoomHubPump> _pumps = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Dictionary<string, Membership>> _joined = new(StringComparer.Ordinal);

    // This node's own name for a room's group. On the Redis backplane a group spans the nodes, and every node that
    // shows a room runs its own feed: a cluster-wide group would hand each hub client every node's copy of an event.
    private readonly string _node = Guid.NewGuid().ToString("N");

    /// <summary>The SignalR group of this node's connections that follow <paramref name="roomId"/>.</summary>
    public string Group(string roomId) => $"room:{roomId}@{_node}";

    /// <summary>Rooms with a shared (group) feed (tests).</summary>
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

    /// <summary>Starts (or shares) a feed for the connection; an unknown room throws before anything is counted.</summary>
    public async Task JoinAsync(string connectionId, string roomId, long? afterSeq)
    {
        // Connected outside the lock: it changes the room (presence), and one room must not stall every other join.
        var presence = await rooms.ConnectAsync(roomId, participantKey: null);
        var duplicate = false;
        lock (_gate)
        {
            var joined = _joined.TryGetValue(connectionId, out var j) ? j : _joined[connectionId] = new(StringComparer.Ordinal);
            if (joined.ContainsKey(roomId))
            {
                duplicate = true;
            }
            else if (afterSeq is null)
            {
                if (!_pumps.TryGetValue(roomId, out var shared))
                {
                    shared = _pumps[roomId] = Start(roomId, hub.Clients.Group(Group(roomId)), afterSeq: null);
                }
                shared.Members++;
                joined[roomId] = new Membership(presence, Own: null);
            }
            else
            {
                joined[roomId] = new Membership(presence, Start(roomId, hub.Clients.Client(connectionId), afterSeq));
            }
        }
        if (duplicate)
        {
            await presence.DisposeAsync();
        }
        await broadcaster.FollowingAsync(roomId).ConfigureAwait(false);
    }

    public async Task LeaveAsync(string connectionId, string roomId)
    {
        Membership? left = null;
        RoomHubPump? ended = null;
        lock (_gate)
        {
            if (_joined.TryGetValue(connectionId, out var joined) && joined.Remove(roomId, out var membership))
            {
                left = membership;
                ended = Release(roomId, membership);
            }
        }
        if (left is not null)
        {
            await EndAsync(left, ended).ConfigureAwait(false);
        }
    }

    public async Task LeaveAllAsync(string connectionId)
    {
        List<(Membership, RoomHubPump?)> left = [];
        lock (_gate)
        {
            if (_joined.Remove(connectionId, out var joined))
            {
                foreach (var (roomId, membership) in joined)
                {
                    left.Add((membership, Release(roomId, membership)));
                }
            }
        }
        foreach (var (membership, ended) in left)
        {
            await EndAsync(membership, ended).ConfigureAwait(false);
        }
    }

    /// <summary>Ends every feed and waits for their sending to stop (the app is stopping).</summary>
    public async ValueTask DisposeAsync()
    {
        List<RoomHubPump> all;
        lock (_gate)
        {
            all = [.. _pumps.Values, .. _joined.Values.SelectMany(j => j.Values).Select(m => m.Own).OfType<RoomHubPump>()];
            _pumps.Clear();
        }
        foreach (var pump in all)
        {
            await pump.StopAsync().ConfigureAwait(false);
        }
    }

    /// <summary>The pump to stop once this membership is gone (its own, or the room's shared one when it was the last); caller holds the lock.</summary>
    private RoomHubPump? Release(string roomId, Membership membership)
    {
        if (membership.Own is not null)
        {
            return membership.Own;
        }
        if (_pumps.TryGetValue(roomId, out var shared) && --shared.Members == 0)
        {
            _pumps.Remove(roomId);
            return shared;
        }
        return null;
    }

    private static async Task EndAsync(Membership membership, RoomHubPump? ended)
    {
        await membership.Presence.DisposeAsync();
        if (ended is not null)
        {
            await ended.StopAsync().ConfigureAwait(false);
        }
    }

    private RoomHubPump Start(string roomId, IClientProxy target, long? afterSeq)
    {
        var watch = feed.Open(roomId);
        return new RoomHubPump(watch, token => SendAsync(roomId, target, watch, afterSeq, token));
    }

    private async Task SendAsync(string roomId, IClientProxy target, RoomWatch watch, long? afterSeq, CancellationToken ct)
    {
        await Task.Yield();   // not on the joining caller's stack
        try
        {
            await foreach (var message in RoomEventFeed.MessagesAsync(watch, afterSeq, _options, ct).ConfigureAwait(false))
            {
                try
                {
                    // Serialised with the HTTP API's options, so hub clients get exactly the SSE stream's JSON.
                    await target.SendAsync(RoomHub.EventMethod, JsonSerializer.SerializeToElement(message, _options), ct).ConfigureAwait(false);
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    LogSendFailed(ex, roomId);
                }
            }
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            // Stopped: nobody follows this feed any more.
        }
        catch (Exception ex)
        {
            LogFeedFailed(ex, roomId);   // a store read failed: the clients' feed ends, they rejoin
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Room {RoomId}: sending an event to hub clients failed")]
    private partial void LogSendFailed(Exception ex, string roomId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Room {RoomId}: a hub feed ended on an error")]
    private partial void LogFeedFailed(Exception ex, string roomId);

    /// <summary>A connection's presence in a room, and its own feed when it resumed after a sequence number.</summary>
    private sealed record Membership(RoomPresence Presence, RoomHubPump? Own);
}
