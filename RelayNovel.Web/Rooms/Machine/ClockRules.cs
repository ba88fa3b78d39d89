namespace RelayNovel.Web.Rooms.Machine;

/// <summary>
/// One beat of the room's clock: late draft fan-out, typing expiry, AI pacing and commit, turn timers, the disconnect
/// grace and draft saving (at most once a second).
/// </summary>
internal static class ClockRules
{
    private static readonly TimeSpan DraftSaveInterval = TimeSpan.FromSeconds(1);

    public static void Tick(RoomStep s)
    {
        var room = s.State;
        if (room.DraftFanoutPending && s.Now - room.LastDraftPublishedAt >= TurnRules.DraftFanoutInterval)
        {
            s.Emit(TurnRules.DraftEvent(room, s.Now));
        }
        if (room.TypingShown && !PresenceRules.IsTyping(room, s.Rules, s.Now))
        {
            room.TypingShown = false;
            s.Emit(PresenceRules.PresenceEvent(s));
        }
        if (room.Ai is { } ai)
        {
            AiStreamRules.Tick(s, ai);
        }
        if (room.Vote is { } vote)
        {
            VoteRules.Tick(s, vote);
        }
        if (PresenceRules.Deadline(room) is { } deadline && deadline <= s.Now && PresenceRules.Attended(s))
        {
            TurnRules.SkipHolder(s, "time ran out");
        }
        else if (PresenceRules.HolderGone(s) && !room.StorageFull)
        {
            TurnRules.SkipHolder(s, "the writer left");
        }
        if (room.DraftUnsaved && s.Now - room.LastDraftSavedAt >= DraftSaveInterval)
        {
            s.SaveRoom();
        }
    }

    /// <summary>Saves a draft not yet saved.</summary>
    public static void Flush(RoomStep s)
    {
        if (s.State.DraftUnsaved)
        {
            s.SaveRoom();
        }
    }

    /// <summary>Nothing keeps the room in memory: no page, no AI, nothing unsaved, and quiet for <paramref name="idle"/>.</summary>
    public static bool Idle(RoomState room, DateTimeOffset now, TimeSpan idle) =>
        room.TotalConnections == 0 && room.Ai is null && room.Vote is null && room.PendingAiStart is null && !room.DraftUnsaved
        && now - room.LastActivity >= idle;
}
