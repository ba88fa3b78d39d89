namespace RelayNovel.Web.Rooms;

public sealed partial class RoomService
{
    /// <summary>Builds what pages render; the caller holds the room's lock.</summary>
    private RoomSnapshot Snapshot(Room room, string modelName, string? aiUnavailableReason) =>
        new(room.Id, room.Settings, Seats(room), room.TurnsView, room.Doc.BatonSeat, room.Doc.Draft, Deadline(room),
            room.Ai?.ToView(), modelName, aiUnavailableReason, SpectatorCount(room))
        {
            LastAiMessage = room.LastAiMessage,
            AiShortfall = room.LastAiShortfall is { } shortfall && shortfall.Message == room.LastAiMessage ? shortfall.Shortfall : null,
            LastAiContext = room.Ai is null && room.Vote is null ? room.LastAiAttempt?.ToView() : null,
            AiBusy = room.Ai is { WaitingForSlot: true } || room.Vote is { WaitingForSlot: true }
                ? new AiQueueLoad(_queue.Waiting, _queue.Capacity) : null,
            Vote = room.Vote?.ToView(),
            Glossary = [.. room.Doc.Glossary.Select(e => new GlossaryEntry(e.Name, e.Line))],
            UndoableTurnIndex = UndoableTurn(room),
            RetryableTurnIndex = RetryableTurn(room),
        };

    private SeatView[] Seats(Room room)
    {
        var now = Now();
        return [.. room.Doc.Seats.Select(seat => seat.Kind == SeatKind.Ai
            ? new SeatView(seat.Index, SeatKind.Ai, seat.Name, PresenceState.Seated, false)
            : new SeatView(seat.Index, SeatKind.Human, seat.Name, Presence(room, seat.ParticipantKeyHash),
                seat.Index == room.Doc.BatonSeat && IsTyping(room, now)))];
    }

    private static PresenceState Presence(Room room, string? keyHash) => keyHash switch
    {
        null => PresenceState.Empty,
        _ when room.Connections.GetValueOrDefault(keyHash) > 0 => PresenceState.Seated,
        _ => PresenceState.Disconnected,
    };

    private bool IsTyping(Room room, DateTimeOffset now) =>
        room.LastDraftAt is { } at && now - at <= TimeSpan.FromSeconds(_options.TypingWindowSeconds);

    private static int SpectatorCount(Room room) => room.SpectatorConnections + room.Doc.Participants
        .Where(p => p.SeatIndex is null)
        .Sum(p => room.Connections.GetValueOrDefault(p.KeyHash));

    /// <summary>When the holder's time runs out: only a seated person's turn is timed, from its start or from when the limit was set.</summary>
    private static DateTimeOffset? Deadline(Room room)
    {
        var timer = room.Doc.Settings.TurnTimerSeconds;
        return timer > 0 && !room.StorageFull && (room.Doc.TimerStartedAtMs ?? room.Doc.TurnStartedAtMs) is { } started && room.BatonSeat is { Kind: SeatKind.Human, ParticipantKeyHash: not null }
            ? DateTimeOffset.FromUnixTimeMilliseconds(started).AddSeconds(timer)
            : null;
    }

    private PresenceChanged PresenceEvent(Room room) => new(room.Id, Seats(room), SpectatorCount(room));

    private BatonMoved BatonEvent(Room room) => new(room.Id, room.Doc.BatonSeat, Deadline(room));
}
