using Microsoft.Extensions.Options;
using RelayNovel.Web.Hosting;
using RelayNovel.Web.Replay;
using RelayNovel.Web.Rooms.Generation;
using RelayNovel.Web.Rooms.Machine;
using RelayNovel.Web.Stories;

namespace RelayNovel.Web.Rooms.Grains;

/// <summary>
/// The rooms as pages, API endpoints and the hub of this node use them: each method is one call to the room's grain,
/// wherever the cluster placed it. Names follow the room's actions; a refusal is thrown as the
/// <see cref="RoomException"/> the rules raised.
/// </summary>
public sealed class RoomClient(IGrainFactory grains, IStoryStore store, IGenerationEngine engine, IOptions<RelayNovelOptions> options)
{
    public const int MinAlternatives = VoteRules.MinAlternatives;
    public const int MaxAlternatives = VoteRules.MaxAlternatives;

    /// <summary>The most new tokens a room may ask the current model for (the form's limit; the rules refuse more).</summary>
    public int MaxAiTokens => RoomSettingsRules.MaxTokensFor(
        new RoomContext(engine.ModelName, engine.UnavailableReason, engine.ContextLength).UsableContext);

    /// <summary>
    /// How many characters of drafts an import of <paramref name="fileBytes"/> may rebuild: in proportion to the file
    /// (<see cref="Api.RoomExportFile.DraftCharsPerByte"/>) and never more than a room may store.
    /// </summary>
    public long ImportDraftBudget(long fileBytes) =>
        Math.Min(options.Value.RoomStorageLimitBytes, Api.RoomExportFile.DraftCharsPerByte * Math.Max(fileBytes, 1));

    /// <summary>Reads "name: short line" lines into glossary entries (for editors that take the glossary as text).</summary>
    public static IReadOnlyList<GlossaryEntry> ParseGlossary(string text) => GlossaryRules.Parse(text);

    /// <summary>The glossary as "name: short line" lines.</summary>
    public static string FormatGlossary(IEnumerable<GlossaryEntry> entries) => GlossaryRules.Format(entries);

    /// <summary>"AI", or "AI 2", "AI 3" when a room has several AI seats.</summary>
    public static string AiSeatName(IReadOnlyList<SeatKind> plan, int index) => SettingsRules.AiSeatName(plan, index);

    public async Task<RoomCreated> CreateAsync(RoomSettings settings)
    {
        var (roomId, ownerKey) = (RoomKeys.NewRoomId(), RoomKeys.NewKey());
        (await Reach(Room(roomId).Create(new CreateRoom(roomId, RoomKeys.Hash(ownerKey), settings), storeAdding: 0))).ReplyOrThrow();
        return new RoomCreated(roomId, ownerKey);
    }

    /// <summary>A new room holding an exported history as committed turns (their room and ids are set here).</summary>
    public async Task<RoomCreated> ImportAsync(RoomSettings settings, IReadOnlyList<TurnRecord> turns, IReadOnlyList<GlossaryEntry>? glossary = null,
        IReadOnlyList<ChapterMark>? chapters = null)
    {
        var (roomId, ownerKey) = (RoomKeys.NewRoomId(), RoomKeys.NewKey());
        foreach (var turn in turns)
        {
            (turn.RoomId, turn.Id) = (roomId, TurnRecord.MakeId(roomId, turn.Index));   // sized as stored: with their new ids
        }
        var command = new ImportRoom(roomId, RoomKeys.Hash(ownerKey), settings, turns, glossary, chapters);
        (await Reach(Room(roomId).Create(command, storeAdding: turns.Sum(store.SizeOf)))).ReplyOrThrow();
        return new RoomCreated(roomId, ownerKey);
    }

    /// <summary>
    /// A new room holding <paramref name="sourceRoomId"/>'s history up to and including <paramref name="turnIndex"/>
    /// (texts and timings, premise, author's note, glossary and seat plan; every seat empty), owned by the caller. An
    /// unknown room refuses as <see cref="RoomErrorCode.NotFound"/>, a bad or withdrawn turn as
    /// <see cref="RoomErrorCode.InvalidSettings"/>; nothing is stored then.
    /// </summary>
    public async Task<RoomCreated> ForkAsync(string sourceRoomId, int turnIndex)
    {
        var history = await HistoryAsync(sourceRoomId)
            ?? throw new RoomException(RoomErrorCode.NotFound, "There is no room with this link. Check the address or ask for a new invite.");
        var turns = ForkRules.TakeHistory(history.Turns, turnIndex);
        var (roomId, ownerKey) = (RoomKeys.NewRoomId(), RoomKeys.NewKey());
        foreach (var turn in turns)
        {
            (turn.RoomId, turn.Id) = (roomId, TurnRecord.MakeId(roomId, turn.Index));   // sized as stored: with their new ids
        }
        var command = new ForkRoom(roomId, RoomKeys.Hash(ownerKey), history.Room.Settings, turns, history.Room.Glossary, sourceRoomId, turnIndex,
            history.Room.Chapters);
        (await Reach(Room(roomId).Create(command, storeAdding: turns.Sum(store.SizeOf)))).ReplyOrThrow();
        return new RoomCreated(roomId, ownerKey);
    }

    /// <summary>The room as <paramref name="viewerKey"/> sees it, with what that viewer (and the owner key's holder) may do.</summary>
    public Task<RoomSnapshot?> GetAsync(string roomId, string? viewerKey = null, string? ownerKey = null) =>
        RoomKeys.LooksLikeRoomId(roomId) ? Reach(Room(roomId).Snapshot(viewerKey, ownerKey)) : Task.FromResult<RoomSnapshot?>(null);

    public Task<RoomHistory?> HistoryAsync(string roomId) =>
        RoomKeys.LooksLikeRoomId(roomId) ? Reach(Room(roomId).History()) : Task.FromResult<RoomHistory?>(null);

    public Task<Participant?> IdentifyAsync(string roomId, string participantKey) =>
        RoomKeys.LooksLikeRoomId(roomId) ? Reach(Room(roomId).Identify(participantKey)) : Task.FromResult<Participant?>(null);

    public Task<bool> IsOwnerAsync(string roomId, string ownerKey) =>
        RoomKeys.LooksLikeRoomId(roomId) ? Reach(Room(roomId).IsOwner(ownerKey)) : Task.FromResult(false);

    public async Task<string?> GetPromptTextAsync(string roomId, string ownerKey)
    {
        var result = await Reach(Room(RequireId(roomId)).PromptText(ownerKey));
        result.ReplyOrThrow();
        return result.Text;
    }

    public Task<int> DraftLimitAsync(string roomId) => RoomKeys.LooksLikeRoomId(roomId) ? Reach(Room(roomId).DraftLimit()) : Task.FromResult(0);

    public async Task<JoinResult> JoinAsync(string roomId, string displayName, int? seatIndex, bool spectate, string? ownerKey = null) =>
        ((JoinedReply)(await RunAsync(roomId, new JoinRoom(displayName, seatIndex, spectate, ownerKey, RoomKeys.NewKey())))!).Result;

    public Task KickAsync(string roomId, string ownerKey, int seatIndex) => RunAsync(roomId, new KickSeat(ownerKey, seatIndex));

    public Task LeaveSeatAsync(string roomId, string participantKey) => RunAsync(roomId, new LeaveSeat(participantKey));

    public async Task<int> TakeSeatAsync(string roomId, string participantKey, int? seatIndex) =>
        ((SeatReply)(await RunAsync(roomId, new TakeSeat(participantKey, seatIndex)))!).SeatIndex;

    public Task UpdateSettingsAsync(string roomId, string ownerKey, RoomSettings settings) =>
        RunAsync(roomId, new UpdateSettings(ownerKey, settings));

    public Task UpdateGlossaryAsync(string roomId, string ownerKey, IReadOnlyList<GlossaryEntry> entries)
    {
        GlossaryRules.Normalise(entries);   // a refused list is refused before the room is asked
        return RunAsync(roomId, new UpdateGlossary(ownerKey, entries));
    }

    /// <summary>The owner marks turn <paramref name="turnIndex"/> as starting a chapter, titled or not (again: a new title).</summary>
    public Task MarkChapterAsync(string roomId, string ownerKey, int turnIndex, string? title)
    {
        ChapterRules.NormaliseTitle(title);   // a refused title is refused before the room is asked
        return RunAsync(roomId, new MarkChapter(ownerKey, turnIndex, title));
    }

    /// <summary>The owner removes the chapter break at turn <paramref name="turnIndex"/> (none there: nothing changes).</summary>
    public Task UnmarkChapterAsync(string roomId, string ownerKey, int turnIndex) =>
        RunAsync(roomId, new UnmarkChapter(ownerKey, turnIndex));

    /// <summary>
    /// The baton holder's live draft. Drafts are advisory: anything not from the holder (an unknown key or room, a stale
    /// page) is ignored; a draft over the room's limit is refused with <see cref="RoomErrorCode.TooLong"/>.
    /// </summary>
    public async Task UpdateDraftAsync(string roomId, string participantKey, string text)
    {
        if (!RoomKeys.LooksLikeRoomId(roomId) || string.IsNullOrEmpty(participantKey))
        {
            return;
        }
        try
        {
            await RunAsync(roomId, new UpdateDraft(participantKey, text));
        }
        catch (RoomException ex) when (ex.Code == RoomErrorCode.NotFound)
        {
            // A room that has gone: nothing to show the draft to.
        }
    }

    public async Task<TurnView> SubmitTurnAsync(string roomId, string participantKey, string text, string? submissionId = null) =>
        ((TurnReply)(await RunAsync(roomId, new SubmitTurn(participantKey, text, submissionId), storeQuota: true))!).Turn;

    public Task SkipTurnAsync(string roomId, string ownerKey) => RunAsync(roomId, new SkipTurn(ownerKey));

    public async Task<TurnView> UndoTurnAsync(string roomId, string participantKey) =>
        ((TurnReply)(await RunAsync(roomId, new UndoTurn(participantKey)))!).Turn;

    public Task StopAiAsync(string roomId, string participantKey) => RunAsync(roomId, new StopAi(participantKey));

    public Task RetryAiAsync(string roomId, string participantKey) => RunAsync(roomId, new RetryAi(participantKey));

    public Task RequestAlternativesAsync(string roomId, string participantKey, int count)
    {
        if (count is < MinAlternatives or > MaxAlternatives)
        {
            throw new RoomException(RoomErrorCode.InvalidSettings, $"Ask for {MinAlternatives} to {MaxAlternatives} alternatives.");
        }
        return RunAsync(roomId, new RequestAlternatives(participantKey, count));
    }

    public Task CastVoteAsync(string roomId, string participantKey, int candidate) => RunAsync(roomId, new CastVote(participantKey, candidate));

    public Task CloseVoteAsync(string roomId, string ownerKey) => RunAsync(roomId, new CloseVote(ownerKey));

    public Task PickAlternativeAsync(string roomId, string ownerKey, int candidate) => RunAsync(roomId, new PickAlternative(ownerKey, candidate));

    /// <summary>One per open page: counts presence and lets the AI write while someone watches; dispose when the page closes.</summary>
    public async Task<RoomPresence> ConnectAsync(string roomId, string? participantKey)
    {
        var room = Room(RequireId(roomId));
        var ticket = await Reach(room.OpenPage(participantKey))
            ?? throw new RoomException(RoomErrorCode.NotFound, "There is no room with this link. Check the address or ask for a new invite.");
        return new RoomPresence(roomId, room, participantKey, ticket);
    }

    /// <summary>An API client used the room: it counts as attended for a while (timers run, the AI writes).</summary>
    public Task TouchAsync(string roomId) => RunAsync(roomId, new TouchRoom());

    /// <summary>One beat of the room's clock now (tests on a fake clock; the grain's timer beats on its own).</summary>
    public Task TickAsync(string roomId) => Reach(Room(RequireId(roomId)).Tick());

    private async Task<RoomReply?> RunAsync(string roomId, RoomCommand command, bool storeQuota = false) =>
        (await Reach(Room(RequireId(roomId)).Run(command, storeQuota))).ReplyOrThrow();

    private IRoomGrain Room(string roomId) => grains.GetGrain<IRoomGrain>(roomId);

    /// <summary>
    /// A room whose store cannot be reached (on this call or while loading the room) refuses as
    /// <see cref="RoomErrorCode.StoreUnavailable"/>; so does a room whose node stopped answering (killed, cut off) until
    /// the cluster declares that node gone and the room loads again on another. Nothing acknowledged is lost either way.
    /// </summary>
    internal static async Task<T> Reach<T>(Task<T> call)
    {
        try
        {
            return await call;
        }
        catch (Exception ex) when (Unavailable(ex) is { } unavailable)
        {
            throw new RoomException(RoomErrorCode.StoreUnavailable, unavailable.Message);
        }
        catch (Exception ex) when (ex is SiloUnavailableException or OrleansMessageRejectionException or TimeoutException)
        {
            throw new RoomException(RoomErrorCode.StoreUnavailable, NodeLostMessage);
        }
    }

    /// <summary>What a caller hears while the room's node is gone and the room has not yet loaded on another.</summary>
    public const string NodeLostMessage =
        "The server holding this room stopped answering; the room is moving to another one. Nothing acknowledged was lost: try again in a few seconds.";

    internal static Task Reach(Task call) => Reach(Done(call));

    private static async Task<bool> Done(Task call)
    {
        await call;
        return true;
    }

    private static StoreUnavailableException? Unavailable(Exception? ex)
    {
        for (; ex is not null; ex = ex.InnerException)
        {
            if (ex is StoreUnavailableException unavailable)
            {
                return unavailable;
            }
        }
        return null;
    }

    private static string RequireId(string roomId) => RoomKeys.LooksLikeRoomId(roomId)
        ? roomId
        : throw new RoomException(RoomErrorCode.NotFound, "There is no room with this link. Check the address or ask for a new invite.");
}
