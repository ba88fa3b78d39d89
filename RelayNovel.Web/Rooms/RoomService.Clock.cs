namespace RelayNovel.Web.Rooms;

public sealed partial class RoomService
{
    private static readonly TimeSpan DraftSaveInterval = TimeSpan.FromSeconds(1);

    /// <summary>
    /// One beat of the room clock (a hosted service calls it every ~50 ms): late draft fan-out, typing expiry,
    /// queue positions, AI pacing and commit, turn timers, draft saving, and unloading idle rooms.
    /// </summary>
    internal void Tick()
    {
        var now = Now();
        foreach (var entry in _rooms)
        {
            if (!entry.Value.IsValueCreated || entry.Value.Value is not { } room)
            {
                continue;
            }
            var events = new List<RoomEvent>();
            bool aiStarting;
            lock (room.Gate)
            {
                if (room.Unloaded)
                {
                    continue;
                }
                try
                {
                    TickRoom(room, now, events);
                }
                catch (Exception ex)
                {
                    // A store failure: reload from the file on next use rather than run on with diverged state.
                    LogTickFailed(ex, room.Id);
                    Unload(room);
                }
                aiStarting = room.PendingAiStart is not null;
            }
            Publish(events);
            if (aiStarting)
            {
                StartPendingAi(room);   // outside the lock: other rooms' beats never wait on a prompt being fitted
            }
        }
    }

    /// <summary>Writes every draft not yet saved (the app is stopping).</summary>
    internal void Flush()
    {
        foreach (var entry in _rooms)
        {
            if (!entry.Value.IsValueCreated || entry.Value.Value is not { } room)
            {
                continue;
            }
            lock (room.Gate)
            {
                if (!room.Unloaded && room.DraftUnsaved)
                {
                    _store.SaveRoom(room.Doc);
                    room.DraftUnsaved = false;
                }
            }
        }
    }

    private void TickRoom(Room room, DateTimeOffset now, List<RoomEvent> events)
    {
        if (room.DraftFanoutPending && now - room.LastDraftPublishedAt >= DraftFanoutInterval)
        {
            events.Add(DraftEvent(room, now));
        }
        if (room.TypingShown && !IsTyping(room, now))
        {
            room.TypingShown = false;
            events.Add(PresenceEvent(room));
        }
        if (room.Ai is { } ai)
        {
            TickAi(room, ai, now, events);
        }
        if (room.Vote is { } vote)
        {
            TickVote(room, vote, now, events);
        }
        if (Deadline(room) is { } deadline && deadline <= now && Attended(room, now))
        {
            var seat = room.BatonSeat;
            CommitTurn(room, NewTurn(room, TurnKind.Skipped, room.Doc.Draft.Trim(), seat.Name ?? "", "time ran out"), events);
        }
        else if (HolderGone(room, now))
        {
            var seat = room.BatonSeat;
            LogHolderGone(room.Id, seat.Index);
            CommitTurn(room, NewTurn(room, TurnKind.Skipped, room.Doc.Draft.Trim(), seat.Name ?? "", "the writer left"), events);
        }
        if (room.DraftUnsaved && now - room.LastDraftSavedAt >= DraftSaveInterval)
        {
            _store.SaveRoom(room.Doc);
            room.DraftUnsaved = false;
            room.LastDraftSavedAt = now;
        }
        if (room.TotalConnections == 0 && room.Ai is null && room.Vote is null && !room.DraftUnsaved
            && now - room.LastActivity >= TimeSpan.FromSeconds(_options.IdleRoomUnloadSeconds))
        {
            Unload(room);
            LogUnloaded(room.Id);
        }
    }

    /// <summary>
    /// True when the baton holder, who had a page open, has had none for the disconnect grace while others are here:
    /// the turn then passes on (their draft goes with the skipped turn) instead of holding the room forever.
    /// </summary>
    private bool HolderGone(Room room, DateTimeOffset now)
    {
        var doc = room.Doc;
        if (_options.DisconnectGraceSeconds <= 0 || doc.TurnStartedAtMs is null
            || room.BatonSeat is not { Kind: SeatKind.Human, ParticipantKeyHash: { } hash }
            || !room.PagesSeen.Contains(hash) || room.Connections.GetValueOrDefault(hash) > 0)
        {
            room.HolderAwaySince = null;
            return false;
        }
        room.HolderAwaySince ??= now;
        return now - room.HolderAwaySince.Value >= TimeSpan.FromSeconds(_options.DisconnectGraceSeconds) && room.TotalConnections > 0;
    }

    private void TickAi(Room room, AiTurn ai, DateTimeOffset now, List<RoomEvent> events)
    {
        var reported = ai.TakeReportedPosition();
        if (reported >= 0 && ai.State == AiStreamState.Queued)
        {
            ai.QueuePosition = reported > 0 ? reported : null;
            events.Add(new QueueChanged(room.Id, ai.QueuePosition));
            events.Add(new AiProgress(room.Id, ai.ToView()));
        }
        if (ai.WaitingForSlot)
        {
            Enqueue(room, ai);
            if (!ai.WaitingForSlot)
            {
                room.LastAiMessage = null;
                events.Add(new QueueChanged(room.Id, ai.QueuePosition));
                events.Add(new AiProgress(room.Id, ai.ToView()));
            }
            return;
        }
        ai.Advance(now, _options.NaturalTokensPerSecond);
        if (ai.VisibleLength != ai.PublishedVisibleLength)
        {
            ai.PublishedVisibleLength = ai.VisibleLength;
            events.Add(new AiProgress(room.Id, ai.ToView()));
        }
        if (ai.GenerationDone && ai.CaughtUp)
        {
            ai.State = AiStreamState.Finished;
            CommitAi(room, ai, events, note: null);
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Room {RoomId}: the room clock failed; the room will be reloaded from the store")]
    private partial void LogTickFailed(Exception ex, string roomId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Room {RoomId}: the writer at seat {Seat} left; the baton passes on")]
    private partial void LogHolderGone(string roomId, int seat);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Room {RoomId} unloaded after being idle")]
    private partial void LogUnloaded(string roomId);
}
