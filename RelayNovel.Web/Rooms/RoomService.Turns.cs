using RelayNovel.Web.Replay;
using RelayNovel.Web.Stories;

namespace RelayNovel.Web.Rooms;

public sealed partial class RoomService
{
    private const int MaxSubmissionIdLength = 100;
    private static readonly TimeSpan SnapshotGranularity = TimeSpan.FromMilliseconds(100);

    /// <summary>
    /// The baton holder's live draft. Drafts are advisory, so anything else (another seat, an unknown key or room,
    /// a stale page after the baton moved) is ignored rather than thrown at a typing user; submit enforces the rules.
    /// </summary>
    public void UpdateDraft(string roomId, string participantKey, string text)
    {
        var room = Find(roomId);
        if (room is null || string.IsNullOrEmpty(participantKey))
        {
            return;
        }
        var hash = RoomKeys.Hash(participantKey);
        var events = new List<RoomEvent>();
        lock (room.Gate)
        {
            var doc = room.Doc;
            if (room.Unloaded || room.BatonSeat is not { Kind: SeatKind.Human } seat || !RoomKeys.HashEquals(seat.ParticipantKeyHash, hash))
            {
                return;
            }
            var draft = TurnTextRules.Normalise(text);
            var cap = doc.Settings.MaxTurnChars * 2;
            if (draft.Length > cap)
            {
                draft = draft[..cap];
            }
            if (draft == doc.Draft)
            {
                return;
            }
            var now = Now();
            doc.Draft = draft;
            RecordSnapshot(doc, draft, now);
            room.LastDraftAt = now;
            room.LastActivity = now;
            room.DraftUnsaved = true;
            if (!room.TypingShown)
            {
                room.TypingShown = true;
                events.Add(PresenceEvent(room));
            }
            if (now - room.LastDraftPublishedAt >= DraftFanoutInterval)
            {
                events.Add(DraftEvent(room, now));
            }
            else
            {
                room.DraftFanoutPending = true;   // the room clock sends it when the interval is up
            }
        }
        Publish(events);
    }

    public Task<TurnView> SubmitTurnAsync(string roomId, string participantKey, string text, string? submissionId, CancellationToken ct = default)
    {
        ct.ThrowIfCancellationRequested();
        if (submissionId is { Length: > MaxSubmissionIdLength })
        {
            throw new RoomException(RoomErrorCode.InvalidText, $"A submission id can be at most {MaxSubmissionIdLength} characters.");
        }
        return Task.FromResult(Mutate(roomId, (room, events) =>
        {
            var hash = string.IsNullOrEmpty(participantKey) ? "" : RoomKeys.Hash(participantKey);
            var participant = room.FindParticipant(hash)
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
            RequireStoreSpace(0);
            room.LastActivity = Now();
            var turn = NewTurn(room, TurnKind.Human, valid, room.BatonSeat.Name ?? participant.Name, note: null);
            turn.SubmissionId = string.IsNullOrEmpty(submissionId) ? null : submissionId;
            turn.DraftSnapshots.Add(new DraftSnapshotRecord { OffsetMs = turn.EndedAtMs - turn.StartedAtMs, Text = valid });
            DraftSnapshotBudget.Thin(turn.DraftSnapshots);
            return CommitTurn(room, turn, events);
        }));
    }

    public Task SkipTurnAsync(string roomId, string ownerKey)
    {
        Mutate(roomId, (room, events) =>
        {
            RequireOwner(room, ownerKey);
            var seat = room.BatonSeat;
            if (!TurnOrder.IsActive(room.Doc, seat.Index))
            {
                throw new RoomException(RoomErrorCode.NotYourTurn, "Nobody holds the baton yet, so there is no turn to skip.");
            }
            if (seat.Kind == SeatKind.Ai)
            {
                DropAi(room);
            }
            return CommitTurn(room, NewTurn(room, TurnKind.Skipped, room.Doc.Draft.Trim(), seat.Name ?? "", "skipped by the owner"), events);
        });
        return Task.CompletedTask;
    }

    /// <summary>A turn for the current baton holder, started when the baton reached them and ending now.</summary>
    private TurnRecord NewTurn(Room room, TurnKind kind, string text, string author, string? note)
    {
        var doc = room.Doc;
        var now = Now().ToUnixTimeMilliseconds();
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

    /// <summary>Stores the turn and the moved baton in one transaction, then queues the events: durable before broadcast.</summary>
    private TurnView CommitTurn(Room room, TurnRecord turn, List<RoomEvent> events)
    {
        var doc = room.Doc;
        RequireRoomSpace(room);
        if (doc.PendingAlternatives.Count > 0)
        {
            turn.Alternatives.InsertRange(0, doc.PendingAlternatives);
            doc.PendingAlternatives = [];
        }
        doc.TurnCount = turn.Index + 1;
        MoveBaton(room, TurnOrder.Next(doc, turn.SeatIndex));
        var size = _store.SizeOf(turn);
        _store.CommitTurn(turn, doc);
        room.StoredBytes += size;
        room.DraftUnsaved = false;
        room.LastDraftSavedAt = Now();
        var view = turn.ToView();
        room.AddTurn(view);
        if (turn.SubmissionId is not null)
        {
            room.Submissions[turn.SubmissionId] = turn.Index;
        }
        LogTurnCommitted(room.Id, turn.Index, turn.Kind, turn.SeatIndex);
        events.Add(new TurnCommitted(room.Id, view));
        events.Add(BatonEvent(room));
        events.Add(PresenceEvent(room));
        EnsureAi(room, events);
        return view;
    }

    /// <summary>Hands the baton over with a clean draft; the caller stores the room.</summary>
    private void MoveBaton(Room room, int seat)
    {
        var doc = room.Doc;
        doc.BatonSeat = seat;
        doc.TurnStartedAtMs = TurnOrder.IsActive(doc, seat) ? Now().ToUnixTimeMilliseconds() : null;
        doc.TimerStartedAtMs = null;
        doc.Draft = "";
        doc.DraftSnapshots = [];
        room.LastDraftAt = null;
        room.HolderAwaySince = null;
        room.TypingShown = false;
        room.DraftFanoutPending = false;
    }

    /// <summary>
    /// After seats change: before the first turn the baton goes to the first eligible seat of the plan (so an
    /// "AI first" plan starts with the AI once someone sits down); later it only leaves a seat that emptied.
    /// Returns the event when the baton moved or its turn started.
    /// </summary>
    private BatonMoved? RebatonAfterSeating(Room room)
    {
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
            DropAi(room);
            doc.PendingAlternatives = [];   // they belonged to an AI turn that is no longer being written
        }
        MoveBaton(room, target);
        return BatonEvent(room);
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

    private DraftChanged DraftEvent(Room room, DateTimeOffset now)
    {
        room.LastDraftPublishedAt = now;
        room.DraftFanoutPending = false;
        return new DraftChanged(room.Id, room.Doc.BatonSeat, room.Doc.Draft);
    }

    private static string HolderName(Room room) => room.BatonSeat switch
    {
        { Kind: SeatKind.Ai } ai => ai.Name ?? "AI",
        { Name: { } name } => name,
        var seat => $"seat {seat.Index + 1}",
    };

    [LoggerMessage(Level = LogLevel.Debug, Message = "Room {RoomId} turn {Turn} committed ({Kind}, seat {Seat})")]
    private partial void LogTurnCommitted(string roomId, int turn, TurnKind kind, int seat);
}
