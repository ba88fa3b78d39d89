namespace RelayNovel.Web.Rooms.Machine;

/// <summary>Open pages, typing, attendance and the turn deadline; the presence and baton events.</summary>
internal static class PresenceRules
{
    /// <summary>One per open page: counts presence, wakes a sleeping room, and lets the AI write only while someone watches.</summary>
    public static string? Open(RoomStep s, string? participantKey)
    {
        var hash = string.IsNullOrEmpty(participantKey) ? null : RoomKeys.Hash(participantKey);
        var bucket = hash is not null && s.State.FindParticipant(hash) is not null ? hash : null;
        Attach(s, bucket);
        return bucket;
    }

    public static void Attach(RoomStep s, string? bucket)
    {
        var room = s.State;
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
        if (room.TotalConnections == 1 && !Attended(s) && Deadline(room) is { } deadline && deadline <= s.Now)
        {
            // Nobody was here when the time ran out: the holder gets a fresh timer rather than an instant skip.
            room.Doc.TimerStartedAtMs = s.NowMs;
            s.SaveRoom();
            s.Emit(BatonEvent(room));
        }
        room.LastActivity = s.Now;
        s.Emit(PresenceEvent(s));
        AiRules.EnsureAi(s);
    }

    public static void Close(RoomStep s, string? bucket)
    {
        var room = s.State;
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
        room.LastActivity = s.Now;
        if (room.TotalConnections == 0
            && (room.Ai is { GenerationDone: false } || room.Vote?.Candidates.Any(c => !c.GenerationDone) == true))
        {
            // Nobody is left to read it: free the queue slot. The AI starts afresh when someone comes back.
            AiRules.DropAi(s);
            s.Emit(new QueueChanged(room.Id, null));
        }
        s.Emit(PresenceEvent(s));
    }

    public static void Touch(RoomStep s)
    {
        s.State.LastActivity = s.Now;
        AiRules.EnsureAi(s);
    }

    public static bool Attended(RoomStep s) =>
        s.State.TotalConnections > 0 || s.Now - s.State.LastActivity <= TimeSpan.FromSeconds(s.Rules.AttendedWindowSeconds);

    public static bool IsTyping(RoomState room, RoomRules rules, DateTimeOffset now) =>
        room.LastDraftAt is { } at && now - at <= TimeSpan.FromSeconds(rules.TypingWindowSeconds);

    /// <summary>
    /// True when the baton holder, who had a page open, has had none for the disconnect grace while others are here:
    /// the turn then passes on (their draft goes with the skipped turn) instead of holding the room forever.
    /// </summary>
    public static bool HolderGone(RoomStep s)
    {
        var room = s.State;
        if (s.Rules.DisconnectGraceSeconds <= 0 || room.Doc.TurnStartedAtMs is null
            || room.BatonSeat is not { Kind: SeatKind.Human, ParticipantKeyHash: { } hash }
            || !room.PagesSeen.Contains(hash) || room.Connections.GetValueOrDefault(hash) > 0)
        {
            room.HolderAwaySince = null;
            return false;
        }
        room.HolderAwaySince ??= s.Now;
        return s.Now - room.HolderAwaySince.Value >= TimeSpan.FromSeconds(s.Rules.DisconnectGraceSeconds) && room.TotalConnections > 0;
    }

    public static SeatView[] Seats(RoomState room, RoomRules rules, DateTimeOffset now) =>
        [.. room.Doc.Seats.Select(seat => seat.Kind == SeatKind.Ai
            ? new SeatView(seat.Index, SeatKind.Ai, seat.Name, PresenceState.Seated, false)
            : new SeatView(seat.Index, SeatKind.Human, seat.Name, Presence(room, seat.ParticipantKeyHash),
                seat.Index == room.Doc.BatonSeat && IsTyping(room, rules, now)))];

    private static PresenceState Presence(RoomState room, string? keyHash) => keyHash switch
    {
        null => PresenceState.Empty,
        _ when room.Connections.GetValueOrDefault(keyHash) > 0 => PresenceState.Seated,
        _ => PresenceState.Disconnected,
    };

    public static int SpectatorCount(RoomState room) => room.SpectatorConnections + room.Doc.Participants
        .Where(p => p.SeatIndex is null)
        .Sum(p => room.Connections.GetValueOrDefault(p.KeyHash));

    /// <summary>When the holder's time runs out: only a seated person's turn is timed, from its start or from when the limit was set.</summary>
    public static DateTimeOffset? Deadline(RoomState room)
    {
        var timer = room.Doc.Settings.TurnTimerSeconds;
        return timer > 0 && !room.StorageFull && (room.Doc.TimerStartedAtMs ?? room.Doc.TurnStartedAtMs) is { } started
            && room.BatonSeat is { Kind: SeatKind.Human, ParticipantKeyHash: not null }
            ? DateTimeOffset.FromUnixTimeMilliseconds(started).AddSeconds(timer)
            : null;
    }

    public static PresenceChanged PresenceEvent(RoomStep s) => new(s.State.Id, Seats(s.State, s.Rules, s.Now), SpectatorCount(s.State));

    public static BatonMoved BatonEvent(RoomState room) => new(room.Id, room.Doc.BatonSeat, Deadline(room));
}
