using RelayNovel.Web.Stories;

namespace RelayNovel.Web.Rooms.Machine;

/// <summary>Joining, taking, leaving and emptying seats.</summary>
internal static class SeatRules
{
    public static JoinResult Join(RoomStep s, JoinRoom join)
    {
        var room = s.State;
        var doc = room.Doc;
        var displayName = RoomSettingsRules.DisplayName(join.DisplayName);
        var seat = join.Spectate ? null : ChooseSeat(doc, join.SeatIndex);
        MakeRoomForParticipant(room);
        var name = seat is null ? displayName : DistinctName(doc, displayName);
        var hash = RoomKeys.Hash(join.NewParticipantKey);
        doc.Participants.Add(new ParticipantRecord
        {
            KeyHash = hash, Name = name, SeatIndex = seat,
            IsOwner = !string.IsNullOrEmpty(join.OwnerKey) && RoomKeys.HashEquals(RoomKeys.Hash(join.OwnerKey), doc.OwnerKeyHash),
        });
        if (seat is int taken)
        {
            doc.Seats[taken].ParticipantKeyHash = hash;
            doc.Seats[taken].Name = name;
        }
        Seated(s);
        return new JoinResult(join.NewParticipantKey, seat);
    }

    /// <summary>
    /// Two seats called 민지 can't be told apart in the seat list or the story, so a name already at the table (any
    /// case, the AI's included) gets the first free number: "민지 (2)".
    /// </summary>
    private static string DistinctName(RoomRecord doc, string name)
    {
        var taken = doc.Seats.Select(x => x.Name).OfType<string>().ToHashSet(StringComparer.OrdinalIgnoreCase);
        var candidate = name;
        for (var n = 2; taken.Contains(candidate); n++)
        {
            var suffix = $" ({n})";
            candidate = name[..Math.Min(name.Length, RoomSettingsRules.MaxNameLength - suffix.Length)] + suffix;
        }
        return candidate;
    }

    public static void Kick(RoomStep s, string ownerKey, int seatIndex)
    {
        var room = s.State;
        OwnerRules.RequireOwner(room, ownerKey);
        var doc = room.Doc;
        if (seatIndex < 0 || seatIndex >= doc.Seats.Count || doc.Seats[seatIndex] is not { Kind: SeatKind.Human, ParticipantKeyHash: not null })
        {
            throw new RoomException(RoomErrorCode.InvalidSettings, $"Seat {seatIndex + 1} has nobody to remove.");
        }
        FreeSeat(s, seatIndex, "removed by the owner");
    }

    /// <summary>
    /// "Leave my seat": the participant stays in the room as a spectator and the seat is free for anyone. Leaving
    /// while holding the baton passes it on, the draft kept in the skipped turn.
    /// </summary>
    public static void Leave(RoomStep s, string participantKey)
    {
        var participant = OwnerRules.SeatedOrSpectator(s.State, participantKey);
        if (participant.SeatIndex is not int seat)
        {
            throw new RoomException(RoomErrorCode.InvalidSettings, "You are watching: there is no seat to leave.");
        }
        FreeSeat(s, seat, "the writer left the seat");
    }

    /// <summary>A spectator (who joined to watch, left a seat or was removed) sits down in a free seat, keeping their key.</summary>
    public static int Take(RoomStep s, string participantKey, int? seatIndex)
    {
        var participant = OwnerRules.SeatedOrSpectator(s.State, participantKey);
        if (participant.SeatIndex is int current)
        {
            throw new RoomException(RoomErrorCode.SeatTaken, $"You already sit in seat {current + 1}.");
        }
        var doc = s.Doc;
        var seat = ChooseSeat(doc, seatIndex)!.Value;   // never null: it throws when no seat is free
        participant.SeatIndex = seat;
        doc.Seats[seat].ParticipantKeyHash = participant.KeyHash;
        doc.Seats[seat].Name = participant.Name;
        Seated(s);
        return seat;
    }

    /// <summary>After someone sat down (or joined to watch): the baton may move to them, the room is saved and told, the AI may start.</summary>
    private static void Seated(RoomStep s)
    {
        s.State.LastActivity = s.Now;
        var baton = TurnRules.RebatonAfterSeating(s);
        s.SaveRoom();
        s.Emit(PresenceRules.PresenceEvent(s));
        if (baton is not null)
        {
            s.Emit(baton);
        }
        AiRules.EnsureAi(s);
    }

    /// <summary>Empties a human seat (its participant stays as a spectator); a held baton passes on with the draft kept.</summary>
    private static void FreeSeat(RoomStep s, int seatIndex, string note)
    {
        var room = s.State;
        var doc = room.Doc;
        var seat = doc.Seats[seatIndex];
        var author = seat.Name ?? "";
        var held = doc.BatonSeat == seatIndex;
        if (held)
        {
            TurnRules.RequireRoomSpace(room);
        }
        if (seat.ParticipantKeyHash is { } hash && room.FindParticipant(hash) is { } sitter)
        {
            sitter.SeatIndex = null;   // stays as a spectator
        }
        seat.ParticipantKeyHash = null;
        seat.Name = null;
        s.Emit(PresenceRules.PresenceEvent(s));
        if (held)
        {
            TurnRules.CommitTurn(s, TurnRules.NewTurn(s, TurnKind.Skipped, doc.Draft.Trim(), author, note));
            return;
        }
        var baton = TurnRules.RebatonAfterSeating(s);
        s.SaveRoom();
        if (baton is not null)
        {
            s.Emit(baton);
        }
        AiRules.EnsureAi(s);
    }

    /// <summary>
    /// Keeps the stored list of people bounded: at the limit, the oldest spectators without a seat, owner rights or an
    /// open page lose their key (they can join again); when every entry is still in use, the join is refused.
    /// </summary>
    private static void MakeRoomForParticipant(RoomState room)
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
        var free = doc.Seats.FindIndex(x => x.Kind == SeatKind.Human && x.ParticipantKeyHash is null);
        return free >= 0 ? free
            : throw new RoomException(RoomErrorCode.RoomFull, "The room is full: every seat is taken. You can still watch as a spectator.");
    }
}
