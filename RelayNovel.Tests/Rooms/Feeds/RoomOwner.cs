using RelayNovel.Web.Rooms;
using RelayNovel.Web.Rooms.Feeds;
using RelayNovel.Web.Stories;

namespace RelayNovel.Tests.Rooms.Feeds;

/// <summary>
/// Does what a room's owner does with its events, for feed tests until the room grain does it: numbers each event
/// (1, 2, 3...), appends it to the store's event log, then publishes it on the node's broadcaster.
/// </summary>
public sealed class RoomOwner
{
    private readonly IStoryStore _store;
    private readonly RoomBroadcaster _broadcaster;
    private readonly RoomEventCodec _codec = new();
    private long _version;
    private long _seq;

    private RoomOwner(IStoryStore store, RoomBroadcaster broadcaster, string roomId, long version)
    {
        _store = store;
        _broadcaster = broadcaster;
        RoomId = roomId;
        _version = version;
    }

    public string RoomId { get; }

    /// <summary>Stores a new room under <paramref name="roomId"/> and owns it.</summary>
    public static async Task<RoomOwner> CreateAsync(IStoryStore store, RoomBroadcaster broadcaster, string roomId)
    {
        await store.CreateAsync(new RoomRecord { Id = roomId, OwnerKeyHash = "owner", Settings = new SettingsRecord { Title = "피드" } }, []);
        return new RoomOwner(store, broadcaster, roomId, version: 1);
    }

    /// <summary>A draft event with the next text (each one different, so the test can see which arrived).</summary>
    public DraftChanged Draft(string text) => new(RoomId, 0, text);

    /// <summary>Numbers and stores the events (one atomic change), then publishes each; returns them numbered.</summary>
    public async Task<IReadOnlyList<RoomEvent>> PublishAsync(params RoomEvent[] events)
    {
        var stored = await AppendAsync(events);
        foreach (var e in stored)
        {
            _broadcaster.Publish(e);
        }
        return stored;
    }

    /// <summary>Numbers and stores the events without publishing them: a delivery this node never got.</summary>
    public async Task<IReadOnlyList<RoomEvent>> AppendAsync(params RoomEvent[] events)
    {
        var numbered = events.Select(e => e with { Seq = ++_seq }).ToList();
        _version = await _store.SaveAsync(new RoomChange(RoomId, _version)
        {
            AppendEvents = [.. numbered.Select(e => _codec.Encode(e, 1_000 + e.Seq))],
        });
        return numbered;
    }

    /// <summary><paramref name="count"/> draft events published together.</summary>
    public Task<IReadOnlyList<RoomEvent>> PublishDraftsAsync(int count) =>
        PublishAsync([.. Enumerable.Range(0, count).Select(i => Draft("draft " + i))]);
}
