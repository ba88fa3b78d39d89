using System.Collections.Concurrent;
using Microsoft.Extensions.Options;
using RelayNovel.Inference.Scheduling;
using RelayNovel.Web.Hosting;
using RelayNovel.Web.Rooms.Machine;
using RelayNovel.Web.Stories;

namespace RelayNovel.Web.Rooms;

/// <summary>
/// Hosts the rooms in this process: per room it takes the lock, applies the rules (<see cref="RoomMachine"/>),
/// writes the outcome's change to the <see cref="StoryStore"/>, publishes the events (<see cref="Publish"/>, the one
/// place they leave) and runs the effects (prompt fitting outside the lock, engine requests whose progress comes back
/// as commands). The room grain replaces it; the rules stay.
/// </summary>
public sealed partial class RoomService
{
    public const int MinAlternatives = VoteRules.MinAlternatives;
    public const int MaxAlternatives = VoteRules.MaxAlternatives;

    private readonly ConcurrentDictionary<string, Lazy<Room?>> _rooms = new(StringComparer.Ordinal);
    private readonly StoryStore _store;
    private readonly RoomBroadcaster _broadcaster;
    private readonly AiModel _model;
    private readonly BatchScheduler _queue;
    private readonly RelayNovelOptions _options;
    private readonly RoomMachine _machine;
    private readonly ILogger<RoomService> _logger;

    public RoomService(StoryStore store, RoomBroadcaster broadcaster, AiModel model, BatchScheduler queue,
        IOptions<RelayNovelOptions> options, TimeProvider time, ILogger<RoomService> logger)
    {
        _store = store;
        _broadcaster = broadcaster;
        _model = model;
        _queue = queue;
        _options = options.Value;
        _logger = logger;
        _machine = new RoomMachine(RoomRules.From(_options), time, new RandomSeedSource(_options.AiSeed), store.SizeOf);
    }

    public Task<RoomCreated> CreateAsync(RoomSettings settings, CancellationToken ct = default)
    {
        ct.ThrowIfCancellationRequested();
        var ownerKey = RoomKeys.NewKey();
        var state = _machine.Create(new CreateRoom(RoomKeys.NewRoomId(), RoomKeys.Hash(ownerKey), settings), Context(storeAdding: 0));
        _store.InsertRoom(state.Doc);
        _rooms[state.Id] = new Lazy<Room?>(new Room(state));
        LogRoomCreated(state.Id, state.Doc.Seats.Count);
        return Task.FromResult(new RoomCreated(state.Id, ownerKey));
    }

    /// <summary>
    /// A new room holding an exported history as committed turns: new id, new owner key, every seat empty, the
    /// baton where the story left off. Everything is checked before anything is stored, and stored in one
    /// transaction. The given turns are taken over (their ids and room are set here).
    /// </summary>
    public Task<RoomCreated> ImportAsync(RoomSettings settings, IReadOnlyList<TurnRecord> turns,
        IReadOnlyList<GlossaryEntry>? glossary = null, CancellationToken ct = default)
    {
        ct.ThrowIfCancellationRequested();
        var ownerKey = RoomKeys.NewKey();
        var roomId = RoomKeys.NewRoomId();
        foreach (var turn in turns)
        {
            (turn.RoomId, turn.Id) = (roomId, TurnRecord.MakeId(roomId, turn.Index));   // sized as stored: with their new ids
        }
        var adding = turns.Sum(_store.SizeOf);
        var state = _machine.Create(new ImportRoom(roomId, RoomKeys.Hash(ownerKey), settings, turns, glossary), Context(storeAdding: adding));
        _store.ImportRoom(state.Doc, state.Records);
        _rooms[state.Id] = new Lazy<Room?>(new Room(state));
        LogRoomImported(state.Id, turns.Count);
        return Task.FromResult(new RoomCreated(state.Id, ownerKey));
    }

    /// <summary>
    /// How many characters of drafts an import of <paramref name="fileBytes"/> may rebuild: in proportion to the file
    /// (<see cref="Api.RoomExportFile.DraftCharsPerByte"/>) and never more than a room may store.
    /// </summary>
    public long ImportDraftBudget(long fileBytes) =>
        Math.Min(_options.RoomStorageLimitBytes, Api.RoomExportFile.DraftCharsPerByte * Math.Max(fileBytes, 1));

    public RoomSnapshot? Get(string roomId) => Get(roomId, viewerKey: null);

    /// <summary>The room as <paramref name="viewerKey"/> sees it, with what that viewer may do (<see cref="RoomSnapshot.Permissions"/>).</summary>
    public RoomSnapshot? Get(string roomId, string? viewerKey) => Get(roomId, viewerKey, ownerKey: null);

    /// <summary>As <see cref="Get(string, string?)"/> for a page that also holds the room's owner key.</summary>
    public RoomSnapshot? Get(string roomId, string? viewerKey, string? ownerKey)
    {
        var room = Find(roomId);
        if (room is null)
        {
            return null;
        }
        var context = Context();
        var load = new AiQueueLoad(_queue.Waiting, _queue.Capacity);
        lock (room.Gate)
        {
            return _machine.Snapshot(room.State, context, load, viewerKey, ownerKey);
        }
    }

    /// <summary>The room and its full stored history, for the replay and the JSON export; null for an unknown room.</summary>
    public Replay.RoomHistory? History(string roomId)
    {
        var snapshot = Get(roomId);
        return snapshot is null ? null : new Replay.RoomHistory(snapshot, _store.LoadTurns(roomId));
    }

    public Participant? Identify(string roomId, string participantKey) => Read(roomId, state => RoomMachine.Identify(state, participantKey));

    public bool IsOwner(string roomId, string ownerKey) => Read(roomId, state => RoomMachine.IsOwner(state, ownerKey));

    /// <summary>
    /// The owner's "show prompt": the exact text last sent to the model in this room (null before the first AI turn
    /// since the room was loaded). Only the owner gets it; pages and events carry only the meter's numbers.
    /// </summary>
    public string? GetPromptText(string roomId, string ownerKey)
    {
        var room = Require(roomId);
        lock (room.Gate)
        {
            return RoomMachine.PromptText(room.State, ownerKey);
        }
    }

    /// <summary>Reads "name: short line" lines into glossary entries (for editors that take the glossary as text).</summary>
    public static IReadOnlyList<GlossaryEntry> ParseGlossary(string text) => GlossaryRules.Parse(text);

    /// <summary>The glossary as "name: short line" lines.</summary>
    public static string FormatGlossary(IEnumerable<GlossaryEntry> entries) => GlossaryRules.Format(entries);

    /// <summary>"AI", or "AI 2", "AI 3" when a room has several AI seats.</summary>
    internal static string AiSeatName(IReadOnlyList<SeatKind> plan, int index) => SettingsRules.AiSeatName(plan, index);

    /// <summary>The most new tokens a room may ask the current model for (the form's limit; the rules refuse more).</summary>
    public int MaxAiTokens => RoomSettingsRules.MaxTokensFor(Context().UsableContext);

    private T? Read<T>(string roomId, Func<RoomState, T> read)
    {
        var room = Find(roomId);
        if (room is null)
        {
            return default;
        }
        lock (room.Gate)
        {
            return read(room.State);
        }
    }

    /// <summary>The model as plain values; the store's quota only where a command may add to it (it reads the file's size).</summary>
    private RoomContext Context(long? storeAdding = null)
    {
        var limit = _options.StoreStorageLimitBytes;
        var full = storeAdding is { } adding && limit > 0 && _store.FileBytes + adding > limit ? limit : (long?)null;
        return new RoomContext(_model.ModelName, _model.UnavailableReason, _model.ContextLength, full);
    }

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
        return new Room(_machine.Load(doc, _store.LoadTurns(roomId)));
    }

    private Room Require(string roomId) =>
        Find(roomId) ?? throw new RoomException(RoomErrorCode.NotFound, "There is no room with this link. Check the address or ask for a new invite.");

    /// <summary>Where every event leaves the host: the owner that replaces it numbers them (<see cref="RoomEvent.Seq"/>) here.</summary>
    private void Publish(List<RoomEvent> events)
    {
        foreach (var e in events)
        {
            _broadcaster.Publish(e);
        }
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Room {RoomId} created with {Seats} seats")]
    private partial void LogRoomCreated(string roomId, int seats);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Room {RoomId} imported with {Turns} turns")]
    private partial void LogRoomImported(string roomId, int turns);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Room {RoomId} loaded with {Turns} turns")]
    private partial void LogRoomLoaded(string roomId, int turns);
}
