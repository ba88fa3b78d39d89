using RelayNovel.Web.Stories;

namespace RelayNovel.Web.Rooms.Machine;

/// <summary>
/// The writer before the AI (the seat of the last turn before the AI's, withdrawn turns not counted) or the owner
/// throws the AI's text away and asks again; the replaced text is kept as an alternative of the turn.
/// <list type="bullet">
/// <item>While the AI writes (queued, streaming, or shown and not yet committed): the attempt is replaced.</item>
/// <item>After the AI's turn was committed: only while nobody has written after it — it is still the room's last
/// turn, the next holder's draft is empty, and no AI after it has shown any text. The turn is taken out of the
/// story and written again at the same index. Otherwise <see cref="RoomErrorCode.TooLate"/>.</item>
/// <item>Refused with <see cref="RoomErrorCode.AiBusy"/> while a vote between alternatives runs, and when there
/// is no AI turn to retry; with <see cref="RoomErrorCode.Forbidden"/> for anyone else.</item>
/// </list>
/// </summary>
internal static class RetryRules
{
    /// <summary>Earlier texts one AI turn may collect by retries: a vote's losing candidates must still fit in the turn's limit.</summary>
    private const int MaxRetryAlternatives = StoryLimits.MaxAlternativesPerTurn - (VoteRules.MaxAlternatives - 1);

    public static void Retry(RoomStep s, string participantKey)
    {
        var room = s.State;
        if (room.Vote is not null)
        {
            throw new RoomException(RoomErrorCode.AiBusy, "A vote between alternatives is running; the owner can close it or pick one.");
        }
        if (room.Ai is { } ai)
        {
            RequireWriterBeforeOrOwner(room, participantKey, room.Turns.Count);
            if (ai.VisibleText.Trim().Length > 0)
            {
                RequireRoomForRetry(room.Doc.PendingAlternatives.Count);
            }
            SetAside(s, ai);
            AiRules.DropAi(s);
            AiRules.RequestStart(s, alternatives: 0);
            return;
        }
        var last = room.Turns.Count > 0 ? room.Turns[^1] : null;
        if (last is not null && IsSkippedAiTurn(room, last))
        {
            RequireWriterBeforeOrOwner(room, participantKey, last.Index);
            if (ReopenRefusal(room) is { } late)
            {
                throw late;
            }
            var skipped = room.Records[^1];
            room.Doc.PendingAlternatives = [.. skipped.Alternatives];
            Rewind(s, skipped);
            return;
        }
        if (last is not { Kind: TurnKind.Ai, Withdrawn: false })
        {
            throw new RoomException(RoomErrorCode.AiBusy, "There is no AI turn to retry.");
        }
        RequireWriterBeforeOrOwner(room, participantKey, last.Index);
        if (ReopenRefusal(room) is { } refusal)
        {
            throw refusal;
        }
        var stored = room.Records[^1];
        RequireRoomForRetry(stored.Alternatives.Count);
        room.Doc.PendingAlternatives = [.. stored.Alternatives, new AlternativeRecord
        {
            Origin = AlternativeOrigin.Retry, Text = stored.Text, TokenChunks = stored.TokenChunks, Model = stored.Model,
            Sampler = stored.Sampler, Seed = stored.Seed, FinishReason = stored.FinishReason, Votes = stored.Votes,
            CreatedAtMs = s.NowMs,
        }];
        Rewind(s, stored);
    }

    /// <summary>
    /// Why the room's last turn can't be written again now (null when it can): someone holds the baton after it
    /// and has typed, or an AI after it has shown text.
    /// </summary>
    public static RoomException? ReopenRefusal(RoomState room)
    {
        if (room.Doc.Draft.Trim().Length > 0)
        {
            return new RoomException(RoomErrorCode.TooLate, $"{TurnRules.HolderName(room)} has started writing after it, so it can't be taken back now.");
        }
        if (room.Ai is { VisibleLength: > 0 } || room.Vote is not null)
        {
            return new RoomException(RoomErrorCode.TooLate, "The AI has started writing after it, so it can't be taken back now.");
        }
        return null;
    }

    /// <summary>
    /// The AI turn a retry would write again, if one may be retried now: the room's last turn when it is the AI's (written
    /// or skipped) and not withdrawn, with nothing written after it. Pages offer the button for exactly this turn.
    /// </summary>
    public static int? RetryableTurn(RoomState room) =>
        room.Turns.Count > 0 && room.Turns[^1] is { Withdrawn: false } last && (last.Kind == TurnKind.Ai || IsSkippedAiTurn(room, last))
        && room.Ai is null && ReopenRefusal(room) is null ? last.Index : null;

    /// <summary>Whether <paramref name="keyHash"/> may retry the AI right now (the running attempt, or the retryable turn).</summary>
    public static bool CanRetry(RoomState room, string keyHash, bool isOwner)
    {
        if (room.Vote is not null)
        {
            return false;
        }
        int index;
        if (room.Ai is not null)
        {
            index = room.Turns.Count;
        }
        else if (RetryableTurn(room) is { } turn)
        {
            index = turn;
        }
        else
        {
            return false;
        }
        return isOwner
            || room.FindParticipant(keyHash) is { SeatIndex: { } seat } && seat == WriterBefore(room, index);
    }

    /// <summary>An AI seat's turn that was skipped (settings it couldn't serve, nothing written, the owner skipped it).</summary>
    private static bool IsSkippedAiTurn(RoomState room, TurnView turn) =>
        turn is { Kind: TurnKind.Skipped, Withdrawn: false } && turn.SeatIndex < room.Doc.Seats.Count
        && room.Doc.Seats[turn.SeatIndex].Kind == SeatKind.Ai;

    /// <summary>The seat of the last turn before <paramref name="index"/> that is still part of the history's flow.</summary>
    private static int? WriterBefore(RoomState room, int index)
    {
        for (var i = Math.Min(index, room.Turns.Count) - 1; i >= 0; i--)
        {
            if (!room.Turns[i].Withdrawn)
            {
                return room.Turns[i].SeatIndex;
            }
        }
        return null;
    }

    private static void RequireWriterBeforeOrOwner(RoomState room, string participantKey, int index)
    {
        var hash = OwnerRules.HashOf(participantKey);
        var previous = WriterBefore(room, index);
        var isPreviousWriter = room.FindParticipant(hash) is { SeatIndex: { } seat } && seat == previous;
        if (!OwnerRules.IsOwnerKey(room, hash) && !isPreviousWriter)
        {
            throw new RoomException(RoomErrorCode.Forbidden, "Only the writer before the AI, or the owner, can ask it to try again.");
        }
    }

    private static void RequireRoomForRetry(int kept)
    {
        if (kept + 1 > MaxRetryAlternatives)
        {
            throw new RoomException(RoomErrorCode.AiBusy,
                $"This AI turn already keeps {kept} earlier texts, as many as a turn can hold: keep this text or ask for a vote instead.");
        }
    }

    /// <summary>Keeps an attempt's shown text (if any) to join the turn's alternatives when it commits (stored now: a restart keeps it).</summary>
    public static void SetAside(RoomStep s, AiTurn ai, AlternativeOrigin origin = AlternativeOrigin.Retry)
    {
        if (ai.VisibleText.Trim().Length > 0)
        {
            s.Doc.PendingAlternatives.Add(ai.ToAlternative(origin, s.NowMs, []));
            s.SaveRoom();
        }
    }

    /// <summary>Removes the room's last turn from the story, gives the baton back to its seat, and asks the AI again.</summary>
    private static void Rewind(RoomStep s, TurnRecord stored)
    {
        var room = s.State;
        room.Doc.TurnCount = stored.Index;
        AiRules.DropAi(s);
        TurnRules.MoveBaton(s, stored.SeatIndex);
        s.RemoveTurn(stored.Index);
        room.StoredBytes -= s.SizeOf(stored);
        room.RemoveLastTurn();
        room.LastActivity = s.Now;
        s.Emit(new TurnReopened(room.Id, stored.Index));
        s.Emit(PresenceRules.BatonEvent(room));
        s.Emit(PresenceRules.PresenceEvent(s));
        AiRules.EnsureAi(s);
    }
}
