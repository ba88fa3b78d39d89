using RelayNovel.Web.Replay;
using RelayNovel.Web.Stories;

namespace RelayNovel.Web.Rooms;

public sealed partial class RoomService
{
    /// <summary>The room and its full stored history, for the replay and the JSON export; null for an unknown room.</summary>
    public RoomHistory? History(string roomId)
    {
        var snapshot = Get(roomId);
        return snapshot is null ? null : new RoomHistory(snapshot, _store.LoadTurns(roomId));
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
        var normalised = RoomSettingsRules.Normalise(FitToThisModel(settings), ModelContext());
        var entries = GlossaryRules.Normalise(glossary);
        var plan = normalised.SeatPlan!;
        ImportRules.Check(plan, turns);
        var (doc, ownerKey, now) = NewRoomRecord(normalised);
        doc.TurnCount = turns.Count;
        doc.Glossary = [.. entries.Select(e => new GlossaryEntryRecord { Name = e.Name, Line = e.Line })];
        doc.BatonSeat = turns.Count == 0 ? TurnOrder.AtOrAfter(doc, 0) : TurnOrder.Next(doc, turns[^1].SeatIndex);
        foreach (var turn in turns)
        {
            turn.RoomId = doc.Id;
            turn.Id = TurnRecord.MakeId(doc.Id, turn.Index);
            turn.SubmissionId = null;
        }
        RequireImportSpace(turns);   // sized as stored: with their new ids
        _store.ImportRoom(doc, turns);
        _rooms[doc.Id] = new Lazy<Room?>(new Room(doc, turns)
        {
            LastActivity = now, StorageLimitBytes = _options.RoomStorageLimitBytes, StoredBytes = StoredBytes(turns),
        });
        LogRoomImported(doc.Id, turns.Count);
        return Task.FromResult(new RoomCreated(doc.Id, ownerKey));
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Room {RoomId} imported with {Turns} turns")]
    private partial void LogRoomImported(string roomId, int turns);

    /// <summary>
    /// A story written with a larger model (KoGPT2 allows 512 new tokens) still imports here: its AI asks for at most what
    /// this model can serve, instead of every AI turn being skipped.
    /// </summary>
    private RoomSettings FitToThisModel(RoomSettings settings) =>
        settings is { Ai: { } ai } && ModelContext() > 0 && ai.MaxTokens > MaxAiTokens
            ? settings with { Ai = ai with { MaxTokens = MaxAiTokens } }
            : settings;
}
