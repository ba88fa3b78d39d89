using RelayNovel.Web.Stories;

namespace RelayNovel.Web.Rooms.Machine;

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
internal static class UndoRules
{
    public static TurnView Undo(RoomStep s, string participantKey)
    {
        var room = s.State;
        if (room.FindParticipant(OwnerRules.HashOf(participantKey)) is not { SeatIndex: { } seat })
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
        if (RetryRules.ReopenRefusal(room) is { } refusal)
        {
            throw refusal;
        }
        return Withdraw(s, room.Records[^1]);
    }

    /// <summary>The last turn, if its author may still take it back (for pages to offer the button).</summary>
    public static int? UndoableTurn(RoomState room) =>
        room.Turns.Count > 0 && room.Turns[^1] is { Kind: TurnKind.Human, Withdrawn: false } last
        && RetryRules.ReopenRefusal(room) is null ? last.Index : null;

    private static TurnView Withdraw(RoomStep s, TurnRecord stored)
    {
        var room = s.State;
        var doc = room.Doc;
        var sizeBefore = s.SizeOf(stored);
        stored.Withdrawn = true;
        stored.WithdrawnAtMs = s.NowMs;
        AiRules.DropAi(s);
        doc.PendingAlternatives = [];
        TurnRules.MoveBaton(s, stored.SeatIndex);
        doc.Draft = stored.Text;
        doc.DraftSnapshots = [new DraftSnapshotRecord { OffsetMs = 0, Text = stored.Text }];
        s.ReplaceTurn(stored);
        room.StoredBytes += s.SizeOf(stored) - sizeBefore;   // the quota counts the turn as now stored
        if (stored.SubmissionId is not null)
        {
            room.Submissions.Remove(stored.SubmissionId);   // the same text sent again is a new turn
        }
        room.ReplaceLastTurn(stored);
        var view = room.Turns[^1];
        room.LastActivity = s.Now;
        room.LastAiMessage = null;
        s.Emit(new TurnWithdrawn(room.Id, view));
        s.Emit(new QueueChanged(room.Id, null));
        s.Emit(PresenceRules.BatonEvent(room));
        s.Emit(TurnRules.DraftEvent(room, s.Now));
        s.Emit(PresenceRules.PresenceEvent(s));
        return view;
    }
}
