using System.Collections.Concurrent;
using Microsoft.Extensions.Options;
using RelayNovel.Inference.Scheduling;
using RelayNovel.Web.Hosting;
using RelayNovel.Web.Stories;

namespace RelayNovel.Web.Rooms;

/// <summary>
/// The rooms: a per-room state machine with a server-held baton. Every change happens under the room's lock and
/// is written to the <see cref="StoryStore"/> before its events are published (outside the lock).
/// </summary>
public sealed partial class RoomService
{
    private static readonly TimeSpan DraftFanoutInterval = TimeSpan.FromMilliseconds(100);

    private readonly ConcurrentDictionary<string, Lazy<Room?>> _rooms = new(StringComparer.Ordinal);
    private readonly StoryStore _store;
    private readonly RoomBroadcaster _broadcaster;
    private readonly AiModel _model;
    private readonly BatchScheduler _queue;
    private readonly RelayNovelOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger<RoomService> _logger;
    private readonly Random? _seeds;

    public RoomService(StoryStore store, RoomBroadcaster broadcaster, AiModel model, BatchScheduler queue,
        IOptions<RelayNovelOptions> options, TimeProvider time, ILogger<RoomService> logger)
    {
        _store = store;
        _broadcaster = broadcaster;
        _model = model;
        _queue = queue;
        _options = options.Value;
        _time = time;
        _logger = logger;
        _seeds = _options.AiSeed is int seed ? new Random(seed) : null;
    }

    public Task<RoomCreated> CreateAsync(RoomSettings settings, CancellationToken ct = default)
    {
        ct.ThrowIfCancellationRequested();
        var normalised = RoomSettingsRules.Normalise(settings, ModelContext());
        RequireStoreSpace(0);
        var (doc, ownerKey, now) = NewRoomRecord(normalised);
        doc.BatonSeat = TurnOrder.AtOrAfter(doc, 0);
        _store.InsertRoom(doc);
        _rooms[doc.Id] = new Lazy<Room?>(new Room(doc, []) { LastActivity = now, StorageLimitBytes = _options.RoomStorageLimitBytes });
        LogRoomCreated(doc.Id, doc.Seats.Count);
        return Task.FromResult(new RoomCreated(doc.Id, ownerKey));
    }

    /// <summary>A new room's document (fresh id, owner key and empty seats per the plan); the key is returned once, only its hash is kept.</summary>
    private (RoomRecord Doc, string OwnerKey, DateTimeOffset Now) NewRoomRecord(RoomSettings normalised)
    {
        var ownerKey = RoomKeys.NewKey();
        var now = Now();
        var plan = normalised.SeatPlan!;
        var doc = new RoomRecord
        {
            Id = RoomKeys.NewRoomId(),
            OwnerKeyHash = RoomKeys.Hash(ownerKey),
            CreatedAtMs = now.ToUnixTimeMilliseconds(),
            Settings = SettingsRecord.From(normalised),
            Seats = [.. plan.Select((kind, i) => NewSeat(plan, i))],
        };
        return (doc, ownerKey, now);
    }

    public RoomSnapshot? Get(string roomId)
    {
        var room = Find(roomId);
        if (room is null)
        {
            return null;
        }
        var (modelName, reason) = (_model.ModelName, _model.UnavailableReason);
        lock (room.Gate)
        {
            return Snapshot(room, modelName, reason);
        }
    }

    public Participant? Identify(string roomId, string participantKey)
    {
        var room = Find(roomId);
        if (room is null || string.IsNullOrEmpty(participantKey))
        {
            return null;
        }
        var hash = RoomKeys.Hash(participantKey);
        lock (room.Gate)
        {
            if (RoomKeys.HashEquals(hash, room.Doc.OwnerKeyHash))
            {
                return new Participant(roomId, null, "Owner", true);
            }
            var p = room.FindParticipant(hash);
            return p is null ? null : new Participant(roomId, p.SeatIndex, p.Name, p.IsOwner);
        }
    }

    public bool IsOwner(string roomId, string ownerKey)
    {
        var room = Find(roomId);
        if (room is null || string.IsNullOrEmpty(ownerKey))
        {
            return false;
        }
        lock (room.Gate)
        {
            return IsOwnerKey(room, RoomKeys.Hash(ownerKey));
        }
    }

    private static bool IsOwnerKey(Room room, string keyHash) =>
        RoomKeys.HashEquals(keyHash, room.Doc.OwnerKeyHash) || room.FindParticipant(keyHash) is { IsOwner: true };

    private void RequireOwner(Room room, string ownerKey)
    {
        if (string.IsNullOrEmpty(ownerKey) || !IsOwnerKey(room, RoomKeys.Hash(ownerKey)))
        {
            throw new RoomException(RoomErrorCode.Forbidden, "Only the room's owner can do that.");
        }
    }

    /// <summary>The most new tokens a room may ask the current model for (the form's limit; the rules refuse more).</summary>
    public int MaxAiTokens => RoomSettingsRules.MaxTokensFor(ModelContext());

    /// <summary>The model's context in tokens, 0 without a model (then max tokens is capped only by the fixed limit).</summary>
    private int ModelContext() => _model.UnavailableReason is null ? _model.ContextLength : 0;

    private int NextSeed()
    {
        if (_seeds is null)
        {
            return Random.Shared.Next();
        }
        lock (_seeds)
        {
            return _seeds.Next();
        }
    }

    private DateTimeOffset Now() => DateTimeOffset.FromUnixTimeMilliseconds(_time.GetUtcNow().ToUnixTimeMilliseconds());

    private Room? Find(string roomId)
    {
        if (!RoomKeys.LooksLikeRoomId(roomId))
        {
            return null;
        }
        // PublicationOnly: a failed load (the file busy, say) is not cached as a permanent failure.
        var lazy = _rooms.GetOrAdd(roomId, id => new Lazy<Room?>(() => Load(id), LazyThreadSafetyMode.PublicationOnly));
        var room = lazy.Value;
        if (room is null)
        {
            // Unknown ids are not remembered: anyone can make up ids.
            _rooms.TryRemove(new KeyValuePair<string, Lazy<Room?>>(roomId, lazy));
        }
        return room;
    }

    private Room? Load(string roomId)
    {
        var doc = _store.FindRoom(roomId);
        if (doc is null)
        {
            return null;
        }
        LogRoomLoaded(roomId, doc.TurnCount);
        var turns = _store.LoadTurns(roomId);
        return new Room(doc, turns) { LastActivity = Now(), StorageLimitBytes = _options.RoomStorageLimitBytes, StoredBytes = StoredBytes(turns) };
    }

    private Room Require(string roomId) =>
        Find(roomId) ?? throw new RoomException(RoomErrorCode.NotFound, "There is no room with this link. Check the address or ask for a new invite.");

    /// <summary>
    /// Runs a change under the room's lock and publishes its events afterwards. A store failure drops the room
    /// from memory, so the next use reloads what the file really holds.
    /// </summary>
    private T Mutate<T>(string roomId, Func<Room, List<RoomEvent>, T> change)
    {
        var events = new List<RoomEvent>();
        T result;
        Room room;
        bool aiStarting;
        while (true)
        {
            room = Require(roomId);
            lock (room.Gate)
            {
                if (room.Unloaded)
                {
                    continue;
                }
                try
                {
                    result = change(room, events);
                }
                catch (Exception ex) when (ex is not RoomException)
                {
                    Unload(room);
                    throw;
                }
                aiStarting = room.PendingAiStart is not null;
                break;
            }
        }
        Publish(events);
        if (aiStarting)
        {
            StartPendingAi(room);   // the AI's prompt is fitted now, outside the lock
        }
        return result;
    }

    private void Unload(Room room)
    {
        room.Unloaded = true;
        DropAi(room);
        if (_rooms.TryGetValue(room.Id, out var lazy) && lazy.IsValueCreated && ReferenceEquals(lazy.Value, room))
        {
            _rooms.TryRemove(new KeyValuePair<string, Lazy<Room?>>(room.Id, lazy));
        }
    }

    private void Publish(List<RoomEvent> events)
    {
        foreach (var e in events)
        {
            _broadcaster.Publish(e);
        }
    }

    private static SeatRecord NewSeat(IReadOnlyList<SeatKind> plan, int index) => new()
    {
        Index = index,
        Kind = plan[index],
        Name = plan[index] == SeatKind.Ai ? AiSeatName(plan, index) : null,
    };

    /// <summary>"AI", or "AI 2", "AI 3" when a room has several AI seats.</summary>
    internal static string AiSeatName(IReadOnlyList<SeatKind> plan, int index)
    {
        var ordinal = plan.Take(index + 1).Count(k => k == SeatKind.Ai);
        return plan.Count(k => k == SeatKind.Ai) == 1 ? "AI" : $"AI {ordinal}";
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Room {RoomId} created with {Seats} seats")]
    private partial void LogRoomCreated(string roomId, int seats);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Room {RoomId} loaded with {Turns} turns")]
    private partial void LogRoomLoaded(string roomId, int turns);
}
