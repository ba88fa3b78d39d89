namespace RelayNovel.Web.Stories.LiteDb;

/// <summary>
/// What a change or an import must hold before anything is written. A break here is a bug in the room's owner
/// (a turn keyed for another room, an event number skipped or repeated), so it fails loudly instead of being repaired.
/// </summary>
public static class StoredRoomRules
{
    /// <summary>
    /// Everything checked before a change writes anything: the version it was made against (else
    /// <see cref="StoreConflictException"/>), the room and turns it carries, and its events' numbers.
    /// </summary>
    public static void CheckChange(RoomChange change, long storedVersion, long lastEventSeq)
    {
        var roomId = change.RoomId;
        if (storedVersion != change.ExpectedVersion)
        {
            throw new StoreConflictException(roomId, change.ExpectedVersion, storedVersion);
        }
        if (change.Room is not null)
        {
            CheckRoom(roomId, change.Room);
        }
        CheckTurns(roomId, change.ReplaceTurns);
        CheckTurns(roomId, change.AppendTurns);
        CheckEvents(roomId, lastEventSeq, change.AppendEvents);
    }

    public static void CheckRoom(string roomId, RoomRecord room)
    {
        ArgumentException.ThrowIfNullOrEmpty(roomId);
        if (room.Id != roomId)
        {
            throw new ArgumentException($"The room record is {room.Id}, not {roomId}.", nameof(room));
        }
    }

    public static void CheckTurns(string roomId, IEnumerable<TurnRecord> turns)
    {
        var indices = new HashSet<int>();
        foreach (var turn in turns)
        {
            if (turn.RoomId != roomId || turn.Id != TurnRecord.MakeId(roomId, turn.Index))
            {
                throw new ArgumentException(
                    $"Turn {turn.Id} (room {turn.RoomId}, index {turn.Index}) is not keyed as turn {turn.Index} of room {roomId}.", nameof(turns));
            }
            if (!indices.Add(turn.Index))
            {
                throw new ArgumentException($"Turn {turn.Index} of room {roomId} is given twice.", nameof(turns));
            }
        }
    }

    /// <summary>Appended events must continue the room's numbering: 1, 2, 3... with no gap and no repeat.</summary>
    public static void CheckEvents(string roomId, long lastSeq, IReadOnlyList<StoredRoomEvent> events)
    {
        for (var i = 0; i < events.Count; i++)
        {
            var expected = lastSeq + 1 + i;
            if (events[i].Seq != expected)
            {
                throw new InvalidOperationException(
                    $"Room {roomId}'s next event is number {expected} (last stored {lastSeq}), not {events[i].Seq}.");
            }
            if (string.IsNullOrEmpty(events[i].Type) || events[i].Payload is null)
            {
                throw new ArgumentException($"Event {events[i].Seq} of room {roomId} has no type or no payload.", nameof(events));
            }
        }
    }
}
