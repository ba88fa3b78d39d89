using RelayNovel.Web.Replay;
using RelayNovel.Web.Stories;

namespace RelayNovel.Web.Rooms.Machine;

/// <summary>New rooms: empty, or holding an imported history as committed turns.</summary>
internal static class CreateRules
{
    public static RoomState Create(RoomMachine machine, CreateRoom create, RoomContext context)
    {
        var normalised = RoomSettingsRules.Normalise(create.Settings, context.UsableContext);
        RequireStoreSpace(context);
        var doc = NewRecord(machine, create.RoomId, create.OwnerKeyHash, normalised);
        doc.BatonSeat = TurnOrder.AtOrAfter(doc, 0);
        return new RoomState(doc, []) { LastActivity = machine.Now(), StorageLimitBytes = machine.Rules.RoomStorageLimitBytes };
    }

    /// <summary>
    /// Everything is checked before the room exists. The given turns are taken over (their ids and room are set here);
    /// they must fit as a live room's would: all but the last under the room quota.
    /// </summary>
    public static RoomState Import(RoomMachine machine, ImportRoom import, RoomContext context)
    {
        var normalised = RoomSettingsRules.Normalise(FitToModel(import.Settings, context), context.UsableContext);
        var entries = GlossaryRules.Normalise(import.Glossary);
        var chapters = ChapterRules.Imported(import.Chapters, import.Turns.Count);
        var turns = import.Turns;
        ImportRules.Check(normalised.SeatPlan!, turns);
        RequireStoreSpace(context);
        var doc = NewRecord(machine, import.RoomId, import.OwnerKeyHash, normalised);
        doc.TurnCount = turns.Count;
        doc.Glossary = [.. entries.Select(e => new GlossaryEntryRecord { Name = e.Name, Line = e.Line })];
        doc.Chapters = chapters;
        doc.BatonSeat = turns.Count == 0 ? TurnOrder.AtOrAfter(doc, 0) : TurnOrder.Next(doc, turns[^1].SeatIndex);
        foreach (var turn in turns)
        {
            turn.RoomId = doc.Id;
            turn.Id = TurnRecord.MakeId(doc.Id, turn.Index);
            turn.SubmissionId = null;
        }
        var sizes = turns.Select(machine.SizeOf).ToList();   // sized as stored: with their new ids
        var beforeLast = sizes.Count == 0 ? 0 : sizes.Sum() - sizes[^1];
        if (beforeLast >= machine.Rules.RoomStorageLimitBytes)
        {
            throw StorageRules.RoomStorageFull(machine.Rules.RoomStorageLimitBytes);
        }
        return new RoomState(doc, turns)
        {
            LastActivity = machine.Now(), StorageLimitBytes = machine.Rules.RoomStorageLimitBytes, StoredBytes = sizes.Sum(),
        };
    }

    private static void RequireStoreSpace(RoomContext context)
    {
        if (context.StoreFullAtBytes is { } limit)
        {
            throw StorageRules.StoreFull(limit);
        }
    }

    private static RoomRecord NewRecord(RoomMachine machine, string roomId, string ownerKeyHash, RoomSettings normalised)
    {
        var plan = normalised.SeatPlan!;
        return new RoomRecord
        {
            Id = roomId,
            OwnerKeyHash = ownerKeyHash,
            CreatedAtMs = machine.Now().ToUnixTimeMilliseconds(),
            Settings = SettingsRecord.From(normalised),
            Seats = [.. plan.Select((_, i) => SettingsRules.NewSeat(plan, i))],
        };
    }

    /// <summary>
    /// A story written with a larger model (KoGPT2 allows 512 new tokens) still imports here: its AI asks for at most what
    /// this model can serve, instead of every AI turn being skipped.
    /// </summary>
    private static RoomSettings FitToModel(RoomSettings settings, RoomContext context)
    {
        var max = RoomSettingsRules.MaxTokensFor(context.UsableContext);
        return settings is { Ai: { } ai } && context.UsableContext > 0 && ai.MaxTokens > max
            ? settings with { Ai = ai with { MaxTokens = max } }
            : settings;
    }
}
