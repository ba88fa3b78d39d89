using RelayNovel.Web.Stories;

namespace RelayNovel.Web.Rooms;

public sealed partial class RoomService
{
    public Task<JoinResult> JoinAsync(string roomId, string displayName, int? seatIndex, bool spectate, CancellationToken ct = default) =>
        JoinAsync(roomId, displayName, seatIndex, spectate, ownerKey: null, ct);

    /// <summary>Joins; with the room's owner key the participant also holds the owner's rights.</summary>
    public Task<JoinResult> JoinAsync(string roomId, string displayName, int? seatIndex, bool spectate, string? ownerKey,
        CancellationToken ct = default)
    {
        ct.ThrowIfCancellationRequested();
        displayName = RoomSettingsRules.DisplayName(displayName);
        return Task.FromResult(Mutate(roomId, (room, events) =>
        {
            var doc = room.Doc;
            var seat = spectate ? null : ChooseSeat(doc, seatIndex);
            MakeRoomForParticipant(room);
            var name = seat is null ? displayName : DistinctName(doc, displayName);
            var key = RoomKeys.NewKey();
            var hash = RoomKeys.Hash(key);
            doc.Participants.Add(new ParticipantRecord
            {
                KeyHash = hash, Name = name, SeatIndex = seat,
                IsOwner = !string.IsNullOrEmpty(ownerKey) && RoomKeys.HashEquals(RoomKeys.Hash(ownerKey), doc.OwnerKeyHash),
            });
            if (seat is int s)
            {
                doc.Seats[s].ParticipantKeyHash = hash;
                doc.Seats[s].Name = name;
            }
            Seated(room, seat, events);
            return new JoinResult(key, seat);
        }));
    }

    /// <summary>
    /// Two seats called 민지 can't be told apart in the seat list or the story, so a name already at the table (any
    /// case, the AI's included) gets the first free number: "민지 (2)".
    /// </summary>
    private static string DistinctName(RoomRecord doc, string name)
    {
        var taken = doc.Seats.Select(s => s.Name).OfType<string>().ToHashSet(StringComparer.OrdinalIgnoreCase);
        var candidate = name;
        for (var n = 2; taken.Contains(candidate); n++)
        {
            var suffix = $" ({n})";
            candidate = name[..Math.Min(name.Length, RoomSettingsRules.MaxNameLength - suffix.Length)] + suffix;
        }
        return candidate;
    }

    public Task KickAsync(string roomId, string ownerKey, int seatIndex)
    {
        Mutate(roomId, (room, events) =>
        {
            RequireOwner(room, ownerKey);
            var doc = room.Doc;
            if (seatIndex < 0 || seatIndex >= doc.Seats.Count || doc.Seats[seatIndex] is not { Kind: SeatKind.Human, ParticipantKeyHash: not null })
            {
                throw new RoomException(RoomErrorCode.InvalidSettings, $"Seat {seatIndex + 1} has nobody to remove.");
            }
            FreeSeat(room, seatIndex, "removed by the owner", events);
            return 0;
        });
        return Task.CompletedTask;
    }

    /// <summary>
    /// "Leave my seat": the participant stays in the room as a spectator and the seat is free for anyone. Leaving
    /// while holding the baton passes it on, the draft kept in the skipped turn.
    /// </summary>
    public Task LeaveSeatAsync(string roomId, string participantKey)
    {
        Mutate(roomId, (room, events) =>
        {
            var participant = SeatedOrSpectator(room, participantKey);
            if (participant.SeatIndex is not int seat)
            {
                throw new RoomException(RoomErrorCode.InvalidSettings, "You are watching: there is no seat to leave.");
            }
            FreeSeat(room, seat, "the writer left the seat", events);
            return 0;
        });
        return Task.CompletedTask;
    }

    /// <summary>A spectator (who joined to watch, left a seat or was removed) sits down in a free seat, keeping their key.</summary>
    public Task<int> TakeSeatAsync(string roomId, string participantKey, int? seatIndex)
    {
        return Task.FromResult(Mutate(roomId, (room, events) =>
        {
            var participant = SeatedOrSpectator(room, participantKey);
            if (participant.SeatIndex is int current)
            {
                throw new RoomException(RoomErrorCode.SeatTaken, $"You already sit in seat {current + 1}.");
            }
            var doc = room.Doc;
            var seat = ChooseSeat(doc, seatIndex)!.Value;   // never null: it throws when no seat is free
            participant.SeatIndex = seat;
            doc.Seats[seat].ParticipantKeyHash = participant.KeyHash;
            doc.Seats[seat].Name = participant.Name;
            Seated(room, seat, events);
            return seat;
        }));
    }

    /// <summary>After someone sat down (or joined to watch): the baton may move to them, the room is saved and told, the AI may start.</summary>
    private void Seated(Room room, int? seat, List<RoomEvent> events)
    {
        room.LastActivity = Now();
        var baton = RebatonAfterSeating(room);
        _store.SaveRoom(room.Doc);
        events.Add(PresenceEvent(room));
        if (baton is not null)
        {
            events.Add(baton);
        }
        EnsureAi(room, events);
        LogJoined(room.Id, seat);
    }

    private static ParticipantRecord SeatedOrSpectator(Room room, string participantKey) =>
        (string.IsNullOrEmpty(participantKey) ? null : room.FindParticipant(RoomKeys.Hash(participantKey)))
        ?? throw new RoomException(RoomErrorCode.Forbidden, "This key doesn't belong to anyone in this room. Join first.");

    /// <summary>Empties a human seat (its participant stays as a spectator); a held baton passes on with the draft kept.</summary>
    private void FreeSeat(Room room, int seatIndex, string note, List<RoomEvent> events)
    {
        var doc = room.Doc;
        var seat = doc.Seats[seatIndex];
        var author = seat.Name ?? "";
        var held = doc.BatonSeat == seatIndex;
        if (seat.ParticipantKeyHash is { } hash && room.FindParticipant(hash) is { } sitter)
        {
            sitter.SeatIndex = null;   // stays as a spectator
        }
        seat.ParticipantKeyHash = null;
        seat.Name = null;
        events.Add(PresenceEvent(room));
        if (held)
        {
            CommitTurn(room, NewTurn(room, TurnKind.Skipped, doc.Draft.Trim(), author, note), events);
            return;
        }
        var baton = RebatonAfterSeating(room);
        _store.SaveRoom(doc);
        if (baton is not null)
        {
            events.Add(baton);
        }
        EnsureAi(room, events);
    }

    public Task UpdateSettingsAsync(string roomId, string ownerKey, RoomSettings settings)
    {
        var normalised = RoomSettingsRules.Normalise(settings, ModelContext());
        Mutate(roomId, (room, events) =>
        {
            RequireOwner(room, ownerKey);
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
                doc.TimerStartedAtMs = Now().ToUnixTimeMilliseconds();
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
            var baton = RebatonAfterSeating(room);
            _store.SaveRoom(doc);
            events.Add(new SettingsChanged(room.Id, room.Settings));
            events.Add(PresenceEvent(room));
            events.Add(baton ?? BatonEvent(room));   // the deadline follows the new timer
            EnsureAi(room, events);
            return 0;
        });
        return Task.CompletedTask;
    }

    /// <summary>One per open page: counts presence, wakes a sleeping room, and lets the AI write only while someone watches.</summary>
    public IDisposable Connect(string roomId, string? participantKey) => Mutate(roomId, (room, events) =>
    {
        var hash = string.IsNullOrEmpty(participantKey) ? null : RoomKeys.Hash(participantKey);
        var bucket = hash is not null && room.FindParticipant(hash) is not null ? hash : null;
        Attach(room, bucket, events);
        return (IDisposable)new RoomConnection(this, room, bucket);
    });

    /// <summary>A paused page's browser came back (see <see cref="RoomConnection.Resume"/>); false when the room has gone from memory.</summary>
    internal bool Reconnect(Room room, string? bucket)
    {
        var events = new List<RoomEvent>();
        bool aiStarting;
        lock (room.Gate)
        {
            if (room.Unloaded)
            {
                return false;
            }
            Attach(room, bucket, events);
            aiStarting = room.PendingAiStart is not null;
        }
        Publish(events);
        if (aiStarting)
        {
            StartPendingAi(room);
        }
        return true;
    }

    private void Attach(Room room, string? bucket, List<RoomEvent> events)
    {
        if (bucket is null)
        {
            room.SpectatorConnections++;
        }
        else
        {
            room.Connections[bucket] = room.Connections.GetValueOrDefault(bucket) + 1;
            room.PagesSeen.Add(bucket);
        }
        room.TotalConnections++;
        var now = Now();
        if (room.TotalConnections == 1 && !Attended(room, now) && Deadline(room) is { } deadline && deadline <= now)
        {
            // Nobody was here when the time ran out: the holder gets a fresh timer rather than an instant skip.
            room.Doc.TimerStartedAtMs = now.ToUnixTimeMilliseconds();
            _store.SaveRoom(room.Doc);
            events.Add(BatonEvent(room));
        }
        room.LastActivity = now;
        events.Add(PresenceEvent(room));
        EnsureAi(room, events);
    }

    /// <summary>An API client used the room: it counts as attended for a while (timers run, the AI writes).</summary>
    public void Touch(string roomId)
    {
        if (Find(roomId) is null)
        {
            return;
        }
        Mutate(roomId, (room, events) =>
        {
            room.LastActivity = Now();
            EnsureAi(room, events);
            return 0;
        });
    }

    internal void Disconnect(Room room, string? bucket)
    {
        var events = new List<RoomEvent>();
        lock (room.Gate)
        {
            if (bucket is null)
            {
                room.SpectatorConnections--;
            }
            else if (room.Connections.GetValueOrDefault(bucket) <= 1)
            {
                room.Connections.Remove(bucket);
            }
            else
            {
                room.Connections[bucket]--;
            }
            room.TotalConnections--;
            room.LastActivity = Now();
            if (room.TotalConnections == 0
                && (room.Ai is { GenerationDone: false } || room.Vote?.Candidates.Any(c => !c.GenerationDone) == true))
            {
                // Nobody is left to read it: free the queue slot. The AI starts afresh when someone comes back.
                DropAi(room);
                events.Add(new QueueChanged(room.Id, null));
                LogAiCancelledEmpty(room.Id);
            }
            if (!room.Unloaded)
            {
                events.Add(PresenceEvent(room));
            }
        }
        Publish(events);
    }

    private bool Attended(Room room, DateTimeOffset now) =>
        room.TotalConnections > 0 || now - room.LastActivity <= TimeSpan.FromSeconds(_options.AttendedWindowSeconds);

    /// <summary>
    /// Keeps the stored list of people bounded: at the limit, the oldest spectators without a seat, owner rights or an
    /// open page lose their key (they can join again); when every entry is still in use, the join is refused.
    /// </summary>
    private static void MakeRoomForParticipant(Room room)
    {
        var people = room.Doc.Participants;
        if (people.Count < StoryLimits.MaxParticipants)
        {
            return;
        }
        var stale = people.FindIndex(p => p is { SeatIndex: null, IsOwner: false } && !room.Connections.ContainsKey(p.KeyHash));
        if (stale < 0)
        {
            throw new RoomException(RoomErrorCode.RoomFull,
                $"This room already has {StoryLimits.MaxParticipants} people; you can still watch without joining.");
        }
        people.RemoveAt(stale);
    }

    private static int? ChooseSeat(RoomRecord doc, int? seatIndex)
    {
        if (seatIndex is int wanted)
        {
            if (wanted < 0 || wanted >= doc.Seats.Count)
            {
                throw new RoomException(RoomErrorCode.SeatTaken, $"There is no seat {wanted + 1} in this room.");
            }
            if (doc.Seats[wanted].Kind == SeatKind.Ai)
            {
                throw new RoomException(RoomErrorCode.SeatTaken, $"Seat {wanted + 1} belongs to the AI.");
            }
            if (doc.Seats[wanted].ParticipantKeyHash is not null)
            {
                throw new RoomException(RoomErrorCode.SeatTaken, $"Seat {wanted + 1} is taken. Pick a free seat or watch.");
            }
            return wanted;
        }
        var free = doc.Seats.FindIndex(s => s.Kind == SeatKind.Human && s.ParticipantKeyHash is null);
        return free >= 0 ? free
            : throw new RoomException(RoomErrorCode.RoomFull, "The room is full: every seat is taken. You can still watch as a spectator.");
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

    [LoggerMessage(Level = LogLevel.Debug, Message = "Room {RoomId}: someone joined at seat {Seat}")]
    private partial void LogJoined(string roomId, int? seat);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Room {RoomId} emptied: its AI generation was cancelled")]
    private partial void LogAiCancelledEmpty(string roomId);
}
