using RelayNovel.Web.Replay;
using RelayNovel.Web.Stories;

namespace RelayNovel.Web.Rooms.Machine;

/// <summary>Drafts, submitted and skipped turns, and the baton passing on.</summary>
internal static class TurnRules
{
    public const int MaxSubmissionIdLength = 100;
    private static readonly TimeSpan SnapshotGranularity = TimeSpan.FromMilliseconds(100);
    public static readonly TimeSpan DraftFanoutInterval = TimeSpan.FromMilliseconds(100);

    /// <summary>How long a draft may be: twice a turn's limit (the holder may type past it and trim before submitting).</summary>
    public static int DraftCap(RoomState room) => room.Doc.Settings.MaxTurnChars * 2;

    /// <summary>
    /// The baton holder's live draft. Drafts are advisory, so a draft from anyone else (another seat, an unknown key, a
    /// stale page after the baton moved) is ignored rather than thrown at a typing user; submit enforces the rules.
    /// A draft over <see cref="DraftCap"/> is refused with <see cref="RoomErrorCode.TooLong"/>, as the API does.
    /// </summary>
    public static void UpdateDraft(RoomStep s, string participantKey, string text)
    {
        var room = s.State;
        var doc = room.Doc;
        if (string.IsNullOrEmpty(participantKey) || room.BatonSeat is not { Kind: SeatKind.Human } seat
            || !RoomKeys.HashEquals(seat.ParticipantKeyHash, RoomKeys.Hash(participantKey)))
        {
            return;
        }
        var draft = TurnTextRules.Normalise(text);
        var cap = DraftCap(room);
        if (draft.Length > cap)
        {
            throw new RoomException(RoomErrorCode.TooLong, $"A draft can be at most {cap} characters; this one has {draft.Length}.")
            {
                TextKey = "Editor.TooLong",   // the editor's own wording: "N자까지 쓸 수 있습니다."
                TextArgs = [room.Doc.Settings.MaxTurnChars],
            };
        }
        if (draft == doc.Draft)
        {
            return;
        }
        doc.Draft = draft;
        RecordSnapshot(doc, draft, s.Now);
        room.LastDraftAt = s.Now;
        room.LastActivity = s.Now;
        room.DraftUnsaved = true;
        if (!room.TypingShown)
        {
            room.TypingShown = true;
            s.Emit(PresenceRules.PresenceEvent(s));
        }
        if (s.Now - room.LastDraftPublishedAt >= DraftFanoutInterval)
        {
            s.Emit(DraftEvent(room, s.Now));
        }
        else
        {
            room.DraftFanoutPending = true;   // the clock sends it when the interval is up
        }
    }

    public static TurnView Submit(RoomStep s, string participantKey, string text, string? submissionId)
    {
        if (submissionId is { Length: > MaxSubmissionIdLength })
        {
            throw new RoomException(RoomErrorCode.InvalidText, $"A submission id can be at most {MaxSubmissionIdLength} characters.");
        }
        var room = s.State;
        var participant = room.FindParticipant(OwnerRules.HashOf(participantKey))
            ?? throw new RoomException(RoomErrorCode.Forbidden, "This key doesn't belong to anyone in this room. Join first.");
        if (!string.IsNullOrEmpty(submissionId) && room.Submissions.TryGetValue(submissionId, out var existing))
        {
            return room.Turns[existing];   // a retried submit: the turn is already in the story
        }
        var doc = room.Doc;
        if (participant.SeatIndex != doc.BatonSeat || room.BatonSeat.Kind != SeatKind.Human)
        {
            throw new RoomException(RoomErrorCode.NotYourTurn, $"It's not your turn: the baton is with {HolderName(room)}.");
        }
        var valid = TurnTextRules.Validate(text, room.Settings);
        RequireRoomSpace(room);
        RequireStoreSpace(s);
        room.LastActivity = s.Now;
        var turn = NewTurn(s, TurnKind.Human, valid, room.BatonSeat.Name ?? participant.Name, note: null);
        turn.SubmissionId = string.IsNullOrEmpty(submissionId) ? null : submissionId;
        turn.DraftSnapshots.Add(new DraftSnapshotRecord { OffsetMs = turn.EndedAtMs - turn.StartedAtMs, Text = valid });
        DraftSnapshotBudget.Thin(turn.DraftSnapshots);
        return CommitTurn(s, turn);
    }

    public static void Skip(RoomStep s, string ownerKey)
    {
        var room = s.State;
        OwnerRules.RequireOwner(room, ownerKey);
        var seat = room.BatonSeat;
        if (!TurnOrder.IsActive(room.Doc, seat.Index))
        {
            throw new RoomException(RoomErrorCode.NotYourTurn, "Nobody holds the baton yet, so there is no turn to skip.");
        }
        RequireRoomSpace(room);
        if (seat.Kind == SeatKind.Ai)
        {
            AiRules.DropAi(s);
        }
        CommitTurn(s, NewTurn(s, TurnKind.Skipped, room.Doc.Draft.Trim(), seat.Name ?? "", "skipped by the owner"));
    }

    /// <summary>A skipped turn for the holder (time ran out, they left): their draft goes with it.</summary>
    public static void SkipHolder(RoomStep s, string note)
    {
        var seat = s.State.BatonSeat;
        CommitTurn(s, NewTurn(s, TurnKind.Skipped, s.Doc.Draft.Trim(), seat.Name ?? "", note));
    }

    /// <summary>A turn for the current baton holder, started when the baton reached them and ending now.</summary>
    public static TurnRecord NewTurn(RoomStep s, TurnKind kind, string text, string author, string? note)
    {
        var room = s.State;
        var doc = room.Doc;
        var now = s.NowMs;
        return new TurnRecord
        {
            Id = TurnRecord.MakeId(room.Id, doc.TurnCount),
            RoomId = room.Id,
            Index = doc.TurnCount,
            SeatIndex = doc.BatonSeat,
            AuthorName = author,
            Kind = kind,
            Text = text,
            StartedAtMs = Math.Min(doc.TurnStartedAtMs ?? now, now),
            EndedAtMs = now,
            Note = note is { Length: > ImportRules.MaxNote } ? note[..ImportRules.MaxNote] : note,   // stays importable
            DraftSnapshots = room.BatonSeat.Kind == SeatKind.Human ? [.. doc.DraftSnapshots] : [],
        };
    }

    /// <summary>Appends the turn and moves the baton in one change, then queues the events: durable before broadcast.</summary>
    public static TurnView CommitTurn(RoomStep s, TurnRecord turn)
    {
        var room = s.State;
        var doc = room.Doc;
        RequireRoomSpace(room);
        if (doc.PendingAlternatives.Count > 0)
        {
            turn.Alternatives.InsertRange(0, doc.PendingAlternatives);
            doc.PendingAlternatives = [];
        }
        doc.TurnCount = turn.Index + 1;
        MoveBaton(s, TurnOrder.Next(doc, turn.SeatIndex));
        room.StoredBytes += s.SizeOf(turn);
        s.AppendTurn(turn);
        room.AddTurn(turn);
        var view = room.Turns[^1];
        s.Emit(new TurnCommitted(room.Id, view));
        s.Emit(PresenceRules.BatonEvent(room));
        s.Emit(PresenceRules.PresenceEvent(s));
        AiRules.EnsureAi(s);
        return view;
    }

    /// <summary>Hands the baton over with a clean draft; the change stores the room.</summary>
    public static void MoveBaton(RoomStep s, int seat)
    {
        var room = s.State;
        var doc = room.Doc;
        doc.BatonSeat = seat;
        doc.TurnStartedAtMs = TurnOrder.IsActive(doc, seat) ? s.NowMs : null;
        doc.TimerStartedAtMs = null;
        doc.Draft = "";
        doc.DraftSnapshots = [];
        room.SavedDraftSnapshots = 0;
        room.LastDraftAt = null;
        room.HolderAwaySince = null;
        room.TypingShown = false;
        room.DraftFanoutPending = false;
        s.ClearDraftSnapshots();
    }

    /// <summary>
    /// After seats change: before the first turn the baton goes to the first eligible seat of the plan (so an
    /// "AI first" plan starts with the AI once someone sits down); later it only leaves a seat that emptied.
    /// Returns the event when the baton moved or its turn started.
    /// </summary>
    public static BatonMoved? RebatonAfterSeating(RoomStep s)
    {
        var room = s.State;
        var doc = room.Doc;
        var fresh = room.Turns.Count == 0 && doc.Draft.Length == 0 && room.Ai is null && room.Vote is null;
        var target = fresh ? TurnOrder.AtOrAfter(doc, 0)
            : TurnOrder.IsActive(doc, doc.BatonSeat) ? doc.BatonSeat
            : TurnOrder.AtOrAfter(doc, doc.BatonSeat);
        var startsNow = doc.TurnStartedAtMs is null && TurnOrder.IsActive(doc, target);
        if (target == doc.BatonSeat && !startsNow)
        {
            return null;
        }
        if (target != doc.BatonSeat && (room.Ai is not null || room.Vote is not null))
        {
            AiRules.DropAi(s);
            doc.PendingAlternatives = [];   // they belonged to an AI turn that is no longer being written
        }
        MoveBaton(s, target);
        return PresenceRules.BatonEvent(room);
    }

    private static void RecordSnapshot(RoomRecord doc, string draft, DateTimeOffset now)
    {
        var offset = now.ToUnixTimeMilliseconds() - (doc.TurnStartedAtMs ?? now.ToUnixTimeMilliseconds());
        var last = doc.DraftSnapshots.Count > 0 ? doc.DraftSnapshots[^1] : null;
        if (last is not null && offset - last.OffsetMs < SnapshotGranularity.TotalMilliseconds)
        {
            last.Text = draft;   // keystrokes closer than the granularity share one snapshot
        }
        else
        {
            doc.DraftSnapshots.Add(new DraftSnapshotRecord { OffsetMs = Math.Max(0, offset), Text = draft });
        }
        DraftSnapshotBudget.Thin(doc.DraftSnapshots);   // a long turn keeps its whole span, at a coarser step
    }

    public static DraftChanged DraftEvent(RoomState room, DateTimeOffset now)
    {
        room.LastDraftPublishedAt = now;
        room.DraftFanoutPending = false;
        return new DraftChanged(room.Id, room.Doc.BatonSeat, room.Doc.Draft);
    }

    public static string HolderName(RoomState room) => room.BatonSeat switch
    {
        { Kind: SeatKind.Ai } ai => ai.Name ?? "AI",
        { Name: { } name } => name,
        var seat => $"seat {seat.Index + 1}",
    };

    public static void RequireRoomSpace(RoomState room)
    {
        if (room.StorageFull)
        {
            throw StorageRules.RoomStorageFull(room.StorageLimitBytes);
        }
    }

    public static void RequireStoreSpace(RoomStep s)
    {
        if (s.Context.StoreFullAtBytes is { } limit)
        {
            throw StorageRules.StoreFull(limit);
        }
    }
}
