using RelayNovel.Web.Stories;

namespace RelayNovel.Web.Rooms;

public sealed partial class RoomService
{
    /// <summary>
    /// Per-author undo: the author of the room's last turn takes it back. The turn stays in the history marked
    /// withdrawn (not part of the story, the prompt or exports' story text); the baton returns to the author's seat
    /// with a fresh timer and the turn's text as the draft, so it is back in their editor.
    /// <list type="bullet">
    /// <item>Who: the participant seated at the turn's seat now (<see cref="RoomErrorCode.Forbidden"/> for anyone
    /// else, the owner included: undo is the author's own).</item>
    /// <item>What: a turn they wrote (<see cref="TurnKind.Human"/>); an AI turn is retried instead and a skipped
    /// turn has nothing to take back (<see cref="RoomErrorCode.Forbidden"/>).</item>
    /// <item>When: while nobody has written after it (<see cref="RoomErrorCode.TooLate"/> otherwise): it is still
    /// the room's last turn (not withdrawn already), the next holder's draft is empty, no AI after it has shown any
    /// text, and no vote is running. An AI request still waiting or silent is dropped.</item>
    /// </list>
    /// </summary>
    public Task<TurnView> UndoTurnAsync(string roomId, string participantKey)
    {
        return Task.FromResult(Mutate(roomId, (room, events) =>
        {
            var hash = string.IsNullOrEmpty(participantKey) ? "" : RoomKeys.Hash(participantKey);
            if (room.FindParticipant(hash) is not { SeatIndex: { } seat })
            {
                throw new RoomException(RoomErrorCode.Forbidden, "Only a seated author can take back their turn.");
            }
            if (room.Turns.Count == 0 || room.Turns[^1].Withdrawn)
            {
                throw new RoomException(RoomErrorCode.TooLate, "There is no turn of yours at the end of the story to take back.");
            }
            var last = room.Turns[^1];
            if (last.SeatIndex != seat)
            {
                throw new RoomException(RoomErrorCode.Forbidden, "Only the author of the last turn can take it back.");
            }
            if (last.Kind != TurnKind.Human)
            {
                throw new RoomException(RoomErrorCode.Forbidden,
                    last.Kind == TurnKind.Ai ? "The AI's turn can't be undone; ask it to retry instead." : "A skipped turn has nothing to take back.");
            }
            if (ReopenRefusal(room) is { } refusal)
            {
                throw refusal;
            }
            return Withdraw(room, last, events);
        }));
    }

    /// <summary>The last turn, if its author may still take it back (for pages to offer the button).</summary>
    private static int? UndoableTurn(Room room) =>
        room.Turns.Count > 0 && room.Turns[^1] is { Kind: TurnKind.Human, Withdrawn: false } last
        && ReopenRefusal(room) is null ? last.Index : null;

    private TurnView Withdraw(Room room, TurnView last, List<RoomEvent> events)
    {
        var doc = room.Doc;
        var stored = _store.FindTurn(room.Id, last.Index)
            ?? throw new InvalidOperationException($"Turn {last.Index} of room {room.Id} is missing from the store.");
        var now = Now();
        var sizeBefore = _store.SizeOf(stored);
        stored.Withdrawn = true;
        stored.WithdrawnAtMs = now.ToUnixTimeMilliseconds();
        DropAi(room);
        doc.PendingAlternatives = [];
        MoveBaton(room, last.SeatIndex);
        doc.Draft = stored.Text;
        doc.DraftSnapshots = [new DraftSnapshotRecord { OffsetMs = 0, Text = stored.Text }];
        _store.UpdateTurn(stored, doc);
        room.StoredBytes += _store.SizeOf(stored) - sizeBefore;   // the quota counts the turn as now stored
        if (stored.SubmissionId is not null)
        {
            room.Submissions.Remove(stored.SubmissionId);   // the same text sent again is a new turn
        }
        var view = stored.ToView();
        room.ReplaceTurn(view);
        room.LastActivity = now;
        room.LastAiMessage = null;
        LogTurnWithdrawn(room.Id, last.Index, last.SeatIndex);
        events.Add(new TurnWithdrawn(room.Id, view));
        events.Add(new QueueChanged(room.Id, null));
        events.Add(BatonEvent(room));
        events.Add(DraftEvent(room, now));
        events.Add(PresenceEvent(room));
        return view;
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Room {RoomId}: turn {Turn} withdrawn by its author (seat {Seat})")]
    private partial void LogTurnWithdrawn(string roomId, int turn, int seat);
}
