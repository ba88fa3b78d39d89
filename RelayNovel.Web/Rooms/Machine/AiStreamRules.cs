namespace RelayNovel.Web.Rooms.Machine;

/// <summary>
/// The engine's answers about a generation (queued, refused, started, chunks, ended) and the clock's pacing of the
/// AI's text. Answers about a generation the room no longer wants (stopped, retried) change nothing.
/// </summary>
internal static class AiStreamRules
{
    /// <summary>The attempts a generation writes: the single attempt's, or every candidate of the vote; empty when abandoned.</summary>
    private static IReadOnlyList<AiTurn> Writing(RoomState room, long generationId) =>
        room.Ai is { } ai && ai.GenerationId == generationId ? [ai]
        : room.Vote is { } vote && vote.GenerationId == generationId ? vote.Candidates
        : [];

    public static void Queued(RoomStep s, long generationId, int position)
    {
        var room = s.State;
        var attempts = Writing(room, generationId);
        if (attempts.Count == 0)
        {
            s.Effect(new CancelAiGeneration(generationId));   // the room moved on while it was being admitted
            return;
        }
        foreach (var a in attempts)
        {
            a.WaitingForSlot = false;
            a.QueuePosition = position > 0 ? position : null;
        }
        if (room.Vote is { } vote)
        {
            vote.WaitingForSlot = false;
            s.Emit(new VoteChanged(room.Id, vote.ToView()));
        }
        else
        {
            room.LastAiMessage = null;
            s.Emit(new AiProgress(room.Id, attempts[0].ToView()));
        }
        s.Emit(new QueueChanged(room.Id, attempts[0].QueuePosition));
    }

    /// <summary>The engine's line was full: the clock asks again; the page says the AI is busy.</summary>
    public static void Refused(RoomStep s, long generationId)
    {
        var room = s.State;
        var attempts = Writing(room, generationId);
        if (attempts.Count == 0 || attempts[0].WaitingForSlot)
        {
            return;
        }
        foreach (var a in attempts)
        {
            a.WaitingForSlot = true;
            a.QueuePosition = null;
        }
        if (room.Vote is { } vote)
        {
            vote.WaitingForSlot = true;
            s.Emit(new VoteChanged(room.Id, vote.ToView()));
        }
        else
        {
            s.Emit(new AiProgress(room.Id, attempts[0].ToView()));
        }
        s.Emit(new QueueChanged(room.Id, null));
    }

    public static void Position(RoomStep s, long generationId, int position)
    {
        var room = s.State;
        var attempts = Writing(room, generationId);
        if (attempts.Count == 0 || attempts[0].State != AiStreamState.Queued)
        {
            return;
        }
        foreach (var a in attempts)
        {
            a.QueuePosition = position > 0 ? position : null;
        }
        s.Emit(new QueueChanged(room.Id, attempts[0].QueuePosition));
        s.Emit(room.Vote is { } vote ? new VoteChanged(room.Id, vote.ToView()) : new AiProgress(room.Id, attempts[0].ToView()));
    }

    public static void Started(RoomStep s, long generationId)
    {
        var room = s.State;
        var attempts = Writing(room, generationId);
        if (attempts.Count == 0)
        {
            return;
        }
        foreach (var a in attempts)
        {
            a.State = AiStreamState.Streaming;
            a.QueuePosition = null;
        }
        s.Emit(new QueueChanged(room.Id, null));
        s.Emit(room.Vote is { } vote ? new VoteChanged(room.Id, vote.ToView()) : new AiProgress(room.Id, attempts[0].ToView()));
    }

    /// <summary>Takes a chunk; the clock reveals it at the room's pace.</summary>
    public static void Tokens(RoomStep s, long generationId, int candidate, AiChunk chunk)
    {
        var attempts = Writing(s.State, generationId);
        if (candidate >= 0 && candidate < attempts.Count)
        {
            attempts[candidate].Add(chunk);
        }
    }

    public static void Ended(RoomStep s, long generationId, int candidate, string reason, string? failure)
    {
        var attempts = Writing(s.State, generationId);
        if (candidate >= 0 && candidate < attempts.Count)
        {
            attempts[candidate].Finish(reason, failure);
        }
    }

    /// <summary>The clock's beat for a single attempt: ask again for a slot, reveal at the pace, commit when all is shown.</summary>
    public static void Tick(RoomStep s, AiTurn ai)
    {
        var room = s.State;
        if (ai.WaitingForSlot)
        {
            s.Effect(new StartAiGeneration(ai.GenerationId, ai.Prompt, ai.Settings, [ai.Seed]));
            return;
        }
        ai.Advance(s.Now, s.Rules.NaturalTokensPerSecond);
        if (ai.VisibleLength != ai.PublishedVisibleLength)
        {
            ai.PublishedVisibleLength = ai.VisibleLength;
            s.Emit(new AiProgress(room.Id, ai.ToView()));
        }
        if (ai.GenerationDone && ai.CaughtUp && !room.StorageFull)
        {
            ai.State = AiStreamState.Finished;
            AiRules.CommitAi(s, ai, note: null);
        }
    }
}
