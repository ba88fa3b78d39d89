using RelayNovel.Web.Stories;

namespace RelayNovel.Web.Rooms.Machine;

/// <summary>The owner's changes to the room: settings (seat plan, limits, timer, AI) and the glossary; new rooms' seats.</summary>
internal static class SettingsRules
{
    public static void Update(RoomStep s, string ownerKey, RoomSettings settings)
    {
        var room = s.State;
        var normalised = RoomSettingsRules.Normalise(settings, s.Context.UsableContext);
        OwnerRules.RequireOwner(room, ownerKey);
        var doc = room.Doc;
        var plan = normalised.SeatPlan!;
        for (var i = 0; i < doc.Seats.Count; i++)
        {
            var keeps = i < plan.Count && plan[i] == doc.Seats[i].Kind;
            if (!keeps && (doc.Seats[i].ParticipantKeyHash is not null || (i == doc.BatonSeat && TurnOrder.IsActive(doc, i))))
            {
                throw new RoomException(RoomErrorCode.InvalidSettings,
                    $"Seat {i + 1} is in use; only empty seats that don't hold the baton can be changed or removed.");
            }
        }
        doc.Seats = [.. plan.Select((kind, i) => i < doc.Seats.Count && doc.Seats[i].Kind == kind
            ? Renamed(doc.Seats[i], plan, i)
            : NewSeat(plan, i))];
        if (normalised.TurnTimerSeconds != doc.Settings.TurnTimerSeconds && doc.TurnStartedAtMs is not null)
        {
            // A new limit counts from the moment it is set: shortening it mid-turn must not skip the writer at once.
            doc.TimerStartedAtMs = s.NowMs;
        }
        doc.Settings = SettingsRecord.From(normalised);
        if (room.LastAiShortfall is not null)
        {
            // The notice said the settings couldn't be served; after a change it no longer holds (a retry tells).
            room.LastAiMessage = null;
            room.LastAiShortfall = null;
        }
        if (doc.BatonSeat >= doc.Seats.Count)
        {
            doc.BatonSeat = TurnOrder.FirstHumanSeat(doc);
        }
        var baton = TurnRules.RebatonAfterSeating(s);
        s.SaveRoom();
        s.Emit(new SettingsChanged(room.Id, room.Settings));
        s.Emit(PresenceRules.PresenceEvent(s));
        s.Emit(baton ?? PresenceRules.BatonEvent(room));   // the deadline follows the new timer
        AiRules.EnsureAi(s);
    }

    /// <summary>The owner replaces the glossary (limits in <see cref="GlossaryRules"/>); a refused list changes nothing.</summary>
    public static void UpdateGlossary(RoomStep s, string ownerKey, IReadOnlyList<GlossaryEntry> entries)
    {
        var valid = GlossaryRules.Normalise(entries);
        OwnerRules.RequireOwner(s.State, ownerKey);
        s.Doc.Glossary = [.. valid.Select(e => new GlossaryEntryRecord { Name = e.Name, Line = e.Line })];
        s.SaveRoom();
        s.Emit(new GlossaryChanged(s.State.Id, valid));
    }

    public static SeatRecord NewSeat(IReadOnlyList<SeatKind> plan, int index) => new()
    {
        Index = index,
        Kind = plan[index],
        Name = plan[index] == SeatKind.Ai ? AiSeatName(plan, index) : null,
    };

    /// <summary>"AI", or "AI 2", "AI 3" when a room has several AI seats.</summary>
    public static string AiSeatName(IReadOnlyList<SeatKind> plan, int index)
    {
        var ordinal = plan.Take(index + 1).Count(k => k == SeatKind.Ai);
        return plan.Count(k => k == SeatKind.Ai) == 1 ? "AI" : $"AI {ordinal}";
    }

    private static SeatRecord Renamed(SeatRecord seat, IReadOnlyList<SeatKind> plan, int index)
    {
        seat.Index = index;
        if (seat.Kind == SeatKind.Ai)
        {
            seat.Name = AiSeatName(plan, index);
        }
        return seat;
    }
}
