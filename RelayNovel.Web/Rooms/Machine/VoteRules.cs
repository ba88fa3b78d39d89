using RelayNovel.Web.Stories;

namespace RelayNovel.Web.Rooms.Machine;

/// <summary>
/// Alternatives and the room vote. On the AI's turn anyone seated (or the owner) asks for K (2–4) alternatives; they
/// are written together in one generation (K rows with their own seeds from one prompt) and shown side by side at the
/// room's pace. Each seated member votes once. The winner is committed with its token timings:
/// <list type="bullet">
/// <item>automatically, once every candidate is shown and every seated person voted, when one candidate has the
/// most votes or the owner's own vote is among the tied leaders;</item>
/// <item>or when the owner closes the vote (the same count; a tie the owner's vote doesn't break is refused with
/// <see cref="RoomErrorCode.VoteTied"/>, the owner then picks);</item>
/// <item>or by the owner's direct pick.</item>
/// </list>
/// The other candidates are stored as the turn's alternatives with their votes, in the same change as the turn.
/// </summary>
internal static class VoteRules
{
    public const int MinAlternatives = 2;
    public const int MaxAlternatives = 4;

    public static void Request(RoomStep s, string participantKey, int count)
    {
        if (count is < MinAlternatives or > MaxAlternatives)
        {
            throw new RoomException(RoomErrorCode.InvalidSettings, $"Ask for {MinAlternatives} to {MaxAlternatives} alternatives.");
        }
        var room = s.State;
        if (!OwnerRules.IsSeatedOrOwner(room, OwnerRules.HashOf(participantKey)))
        {
            throw new RoomException(RoomErrorCode.Forbidden, "Only seated writers or the owner can ask for alternatives.");
        }
        if (room.BatonSeat.Kind != SeatKind.Ai || !TurnOrder.IsActive(room.Doc, room.Doc.BatonSeat))
        {
            throw new RoomException(RoomErrorCode.NotYourTurn, "Alternatives are asked for on the AI's turn.");
        }
        if (room.Vote is not null)
        {
            throw new RoomException(RoomErrorCode.AiBusy, "A vote between alternatives is already running.");
        }
        if (s.Context.ModelUnavailableReason is { } reason)
        {
            throw new RoomException(RoomErrorCode.AiBusy, $"The AI is unavailable: {reason}");
        }
        var kept = room.Doc.PendingAlternatives.Count + (room.Ai is { } shown && shown.VisibleText.Trim().Length > 0 ? 1 : 0);
        if (kept + count - 1 > StoryLimits.MaxAlternativesPerTurn)
        {
            throw new RoomException(RoomErrorCode.AiBusy,
                $"This AI turn already keeps {kept} earlier texts; a vote between {count} would pass the {StoryLimits.MaxAlternativesPerTurn} a turn can hold.");
        }
        if (room.Ai is { } current)
        {
            RetryRules.SetAside(s, current, AlternativeOrigin.VoteRequested);
            AiRules.DropAi(s);
        }
        room.LastActivity = s.Now;
        AiRules.RequestStart(s, count);   // the vote starts once its prompt is fitted
    }

    /// <summary>Starts <paramref name="count"/> candidates from one fitted prompt, written together by one generation.</summary>
    public static void Start(RoomStep s, AiPrompt prompt, PromptMemoryView memory, int count)
    {
        var room = s.State;
        var settings = room.Settings.Ai!;
        var candidates = Enumerable.Range(0, count)
            .Select(_ => new AiTurn(room.Doc.BatonSeat, s.NextSeed(), prompt, settings, s.Context.ModelName) { Memory = memory })
            .ToArray();
        var vote = new AiVote(room.Doc.BatonSeat, candidates) { GenerationId = ++room.LastAiId };
        foreach (var c in candidates)
        {
            c.GenerationId = vote.GenerationId;
        }
        room.Vote = vote;
        room.LastAiMessage = null;
        s.Effect(new StartAiGeneration(vote.GenerationId, prompt, settings, [.. candidates.Select(c => c.Seed)]));
        s.Emit(new VoteChanged(room.Id, vote.ToView()));
    }

    public static void Cast(RoomStep s, string participantKey, int candidate)
    {
        var room = s.State;
        if (room.FindParticipant(OwnerRules.HashOf(participantKey)) is not { SeatIndex: { } seat } voter)
        {
            throw new RoomException(RoomErrorCode.Forbidden, "Only seated members vote.");
        }
        var vote = RequireVote(room, candidate);
        if (vote.Votes.ContainsKey(seat))
        {
            throw new RoomException(RoomErrorCode.AlreadyVoted, "You have already voted in this round.");
        }
        vote.Votes[seat] = candidate;
        vote.VoterNames[seat] = voter.Name;
        room.LastActivity = s.Now;
        s.Emit(new VoteChanged(room.Id, vote.ToView()));
        TryDecide(s, vote);
    }

    public static void Close(RoomStep s, string ownerKey)
    {
        var room = s.State;
        OwnerRules.RequireOwner(room, ownerKey);
        var vote = RequireVote(room, candidate: 0);
        var winner = Winner(room, vote) ?? throw new RoomException(RoomErrorCode.VoteTied, "The vote is tied; pick the winning alternative.");
        TurnRules.RequireRoomSpace(room);
        vote.StopAll();
        AiRules.CommitAi(s, vote.Candidates[winner], "chosen by the room's vote", vote);
    }

    public static void Pick(RoomStep s, string ownerKey, int candidate)
    {
        var room = s.State;
        OwnerRules.RequireOwner(room, ownerKey);
        var vote = RequireVote(room, candidate);
        TurnRules.RequireRoomSpace(room);
        vote.StopAll();
        AiRules.CommitAi(s, vote.Candidates[candidate], "picked by the owner", vote);
    }

    private static AiVote RequireVote(RoomState room, int candidate)
    {
        var vote = room.Vote ?? throw new RoomException(RoomErrorCode.AiBusy, "There is no vote between alternatives right now.");
        if (candidate < 0 || candidate >= vote.Candidates.Count)
        {
            throw new RoomException(RoomErrorCode.InvalidSettings, $"There are alternatives 1 to {vote.Candidates.Count}; there is no {candidate + 1}.");
        }
        return vote;
    }

    /// <summary>Commits the winner once everything is shown and every seated person voted; a tie waits for the owner.</summary>
    public static void TryDecide(RoomStep s, AiVote vote)
    {
        var room = s.State;
        var seated = room.Doc.Seats.Where(x => x.Kind == SeatKind.Human && x.ParticipantKeyHash is not null).Select(x => x.Index);
        if (!vote.AllShown || !seated.All(vote.Votes.ContainsKey) || room.StorageFull)
        {
            return;
        }
        if (Winner(room, vote) is { } winner)
        {
            AiRules.CommitAi(s, vote.Candidates[winner], "chosen by the room's vote", vote);
        }
        else if (!vote.AwaitingOwner)
        {
            vote.AwaitingOwner = true;
            s.Emit(new VoteChanged(room.Id, vote.ToView()));
        }
    }

    /// <summary>The candidate with the most votes; among tied leaders, the one a seated owner voted for; else null.</summary>
    public static int? Winner(RoomState room, AiVote vote)
    {
        var counts = vote.ToView().Counts;
        var top = counts.Max();
        var leaders = Enumerable.Range(0, counts.Count).Where(i => counts[i] == top).ToList();
        if (leaders.Count == 1)
        {
            return leaders[0];
        }
        var ownerChoices = room.Doc.Participants
            .Where(p => p.IsOwner && p.SeatIndex is { } seat && vote.Votes.ContainsKey(seat))
            .Select(p => vote.Votes[p.SeatIndex!.Value])
            .Where(leaders.Contains)
            .Distinct()
            .ToList();
        return ownerChoices.Count == 1 ? ownerChoices[0] : null;
    }

    public static List<VoteRecord> VotesFor(AiVote vote, int candidate) =>
        [.. vote.Votes.Where(v => v.Value == candidate).OrderBy(v => v.Key)
            .Select(v => new VoteRecord { SeatIndex = v.Key, Name = vote.VoterNames.GetValueOrDefault(v.Key, "") })];

    /// <summary>The clock's beat for a vote: ask again for a slot, pace each candidate, decide when all is shown.</summary>
    public static void Tick(RoomStep s, AiVote vote)
    {
        var room = s.State;
        if (vote.WaitingForSlot)
        {
            var first = vote.Candidates[0];
            s.Effect(new StartAiGeneration(vote.GenerationId, first.Prompt, first.Settings, [.. vote.Candidates.Select(c => c.Seed)]));
        }
        var changed = false;
        foreach (var c in vote.Candidates)
        {
            c.Advance(s.Now, s.Rules.NaturalTokensPerSecond);
            if (c.VisibleLength != c.PublishedVisibleLength)
            {
                c.PublishedVisibleLength = c.VisibleLength;
                changed = true;
            }
            if (c.GenerationDone && c.CaughtUp && c.State != AiStreamState.Finished)
            {
                c.State = AiStreamState.Finished;
                changed = true;
            }
        }
        if (changed)
        {
            s.Emit(new VoteChanged(room.Id, vote.ToView()));
        }
        TryDecide(s, vote);
    }
}
