using RelayNovel.Web.Stories;

namespace RelayNovel.Web.Rooms;

public sealed partial class RoomService
{
    /// <summary>Earlier texts one AI turn may collect by retries: a vote's losing candidates must still fit in the turn's limit.</summary>
    private const int MaxRetryAlternatives = StoryLimits.MaxAlternativesPerTurn - (MaxAlternatives - 1);

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
    public Task RetryAiAsync(string roomId, string participantKey)
    {
        Mutate(roomId, (room, events) =>
        {
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
                SetAside(room, ai);
                DropAi(room);
                LogAiRetry(room.Id, ai.Seed);
                StartAiAttempt(room);
                return 0;
            }
            var last = room.Turns.Count > 0 ? room.Turns[^1] : null;
            if (last is not null && IsSkippedAiTurn(room, last))
            {
                RequireWriterBeforeOrOwner(room, participantKey, last.Index);
                if (ReopenRefusal(room) is { } late)
                {
                    throw late;
                }
                ReopenSkipped(room, last, events);
                return 0;
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
            Reopen(room, last, events);
            return 0;
        });
        return Task.CompletedTask;
    }

    /// <summary>
    /// Why the room's last turn can't be written again now (null when it can): someone holds the baton after it
    /// and has typed, or an AI after it has shown text.
    /// </summary>
    private static RoomException? ReopenRefusal(Room room)
    {
        if (room.Doc.Draft.Trim().Length > 0)
        {
            return new RoomException(RoomErrorCode.TooLate, $"{HolderName(room)} has started writing after it, so it can't be taken back now.");
        }
        if (room.Ai is { VisibleLength: > 0 } || room.Vote is not null)
        {
            return new RoomException(RoomErrorCode.TooLate, "The AI has started writing after it, so it can't be taken back now.");
        }
        return null;
    }

    /// <summary>The AI turn at the end of the story, if its retry is still allowed (for pages to offer the button).</summary>
    private static int? RetryableTurn(Room room) =>
        room.Turns.Count > 0 && room.Turns[^1] is { Withdrawn: false } last && (last.Kind == TurnKind.Ai || IsSkippedAiTurn(room, last))
        && room.Ai is null && ReopenRefusal(room) is null ? last.Index : null;

    /// <summary>An AI seat's turn that was skipped (settings it couldn't serve, nothing written, the owner skipped it).</summary>
    private static bool IsSkippedAiTurn(Room room, TurnView turn) =>
        turn is { Kind: TurnKind.Skipped, Withdrawn: false } && turn.SeatIndex < room.Doc.Seats.Count
        && room.Doc.Seats[turn.SeatIndex].Kind == SeatKind.Ai;

    /// <summary>The seat of the last turn before <paramref name="index"/> that is still part of the history's flow.</summary>
    private static int? WriterBefore(Room room, int index)
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

    private static void RequireWriterBeforeOrOwner(Room room, string participantKey, int index)
    {
        var hash = string.IsNullOrEmpty(participantKey) ? "" : RoomKeys.Hash(participantKey);
        var previous = WriterBefore(room, index);
        var isPreviousWriter = room.FindParticipant(hash) is { SeatIndex: { } seat } && seat == previous;
        if (!IsOwnerKey(room, hash) && !isPreviousWriter)
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

    /// <summary>Keeps an attempt's shown text (if any) to join the turn's alternatives when it commits.</summary>
    private void SetAside(Room room, AiTurn ai, AlternativeOrigin origin = AlternativeOrigin.Retry)
    {
        if (ai.VisibleText.Trim().Length > 0)
        {
            room.Doc.PendingAlternatives.Add(ai.ToAlternative(origin, Now().ToUnixTimeMilliseconds(), []));
            _store.SaveRoom(room.Doc);   // kept across a restart even if the new attempt never commits
        }
    }

    /// <summary>A skipped AI turn is taken back (it has no text to keep) and the AI asked again.</summary>
    private void ReopenSkipped(Room room, TurnView last, List<RoomEvent> events)
    {
        var stored = StoredTurn(room, last);
        room.Doc.PendingAlternatives = [.. stored.Alternatives];
        Rewind(room, stored, last, events);
    }

    private TurnRecord StoredTurn(Room room, TurnView last) => _store.FindTurn(room.Id, last.Index)
        ?? throw new InvalidOperationException($"Turn {last.Index} of room {room.Id} is missing from the store.");

    /// <summary>Takes the AI's committed turn out of the story, keeps its text as an alternative, and starts again.</summary>
    private void Reopen(Room room, TurnView last, List<RoomEvent> events)
    {
        var doc = room.Doc;
        var stored = StoredTurn(room, last);
        RequireRoomForRetry(stored.Alternatives.Count);
        doc.PendingAlternatives = [.. stored.Alternatives, new AlternativeRecord
        {
            Origin = AlternativeOrigin.Retry, Text = stored.Text, TokenChunks = stored.TokenChunks, Model = stored.Model,
            Sampler = stored.Sampler, Seed = stored.Seed, FinishReason = stored.FinishReason, Votes = stored.Votes,
            CreatedAtMs = Now().ToUnixTimeMilliseconds(),
        }];
        Rewind(room, stored, last, events);
    }

    /// <summary>Removes the room's last turn from the story and gives the baton back to its seat.</summary>
    private void Rewind(Room room, TurnRecord stored, TurnView last, List<RoomEvent> events)
    {
        var doc = room.Doc;
        doc.TurnCount = last.Index;
        DropAi(room);
        MoveBaton(room, last.SeatIndex);
        _store.ReopenTurn(stored, doc);
        room.StoredBytes -= _store.SizeOf(stored);
        room.RemoveLastTurn();
        room.LastActivity = Now();
        LogAiReopened(room.Id, last.Index);
        events.Add(new TurnReopened(room.Id, last.Index));
        events.Add(BatonEvent(room));
        events.Add(PresenceEvent(room));
        EnsureAi(room, events);
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Room {RoomId}: the AI's turn {Turn} was reopened for a retry")]
    private partial void LogAiReopened(string roomId, int turn);
}
