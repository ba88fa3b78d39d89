using RelayNovel.Web.Stories;

namespace RelayNovel.Web.Rooms;

/// <summary>
/// Alternatives and the room vote. On the AI's turn anyone seated (or the owner) asks for K (2–4) alternatives; they
/// are written together in one generation-queue slot (K streams with their own seeds from one prompt) and shown side
/// by side at the room's pace. Each seated member votes once. The winner is committed with its token timings:
/// <list type="bullet">
/// <item>automatically, once every candidate is shown and every seated person voted, when one candidate has the
/// most votes or the owner's own vote is among the tied leaders;</item>
/// <item>or when the owner closes the vote (the same count; a tie the owner's vote doesn't break is refused with
/// <see cref="RoomErrorCode.VoteTied"/>, the owner then picks);</item>
/// <item>or by the owner's direct pick.</item>
/// </list>
/// The other candidates are stored as the turn's alternatives with their votes.
/// </summary>
public sealed partial class RoomService
{
    public const int MinAlternatives = 2;
    public const int MaxAlternatives = 4;

    public Task RequestAlternativesAsync(string roomId, string participantKey, int count)
    {
        if (count is < MinAlternatives or > MaxAlternatives)
        {
            throw new RoomException(RoomErrorCode.InvalidSettings, $"Ask for {MinAlternatives} to {MaxAlternatives} alternatives.");
        }
        Mutate(roomId, (room, events) =>
        {
            var hash = string.IsNullOrEmpty(participantKey) ? "" : RoomKeys.Hash(participantKey);
            if (!IsOwnerKey(room, hash) && room.FindParticipant(hash) is not { SeatIndex: not null })
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
            if (_model.UnavailableReason is { } reason)
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
                SetAside(room, current, AlternativeOrigin.VoteRequested);
                DropAi(room);
            }
            room.LastActivity = Now();
            RequestAiStart(room, count);   // the vote starts once its prompt is fitted, outside the lock
            return 0;
        });
        return Task.CompletedTask;
    }

    /// <summary>Starts <paramref name="count"/> candidates from one fitted prompt, written together in one queue slot.</summary>
    private void StartVote(Room room, AiPrompt prompt, PromptMemoryView memory, int count, List<RoomEvent> events)
    {
        var settings = room.Settings.Ai!;
        var candidates = Enumerable.Range(0, count)
            .Select(_ => new AiTurn(room.Doc.BatonSeat, NextSeed(), prompt, settings, _model.ModelName) { Memory = memory })
            .ToArray();
        var vote = new AiVote(room.Doc.BatonSeat, candidates);
        room.Vote = vote;
        room.LastAiMessage = null;
        EnqueueVote(room, vote);
        LogVoteStarted(room.Id, count);
        events.Add(new VoteChanged(room.Id, vote.ToView()));
        events.Add(new QueueChanged(room.Id, candidates[0].QueuePosition));
    }

    /// <summary>A seated member votes for candidate <paramref name="candidate"/> (0-based), once per vote.</summary>
    public Task CastVoteAsync(string roomId, string participantKey, int candidate)
    {
        Mutate(roomId, (room, events) =>
        {
            var hash = string.IsNullOrEmpty(participantKey) ? "" : RoomKeys.Hash(participantKey);
            if (room.FindParticipant(hash) is not { SeatIndex: { } seat } voter)
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
            room.LastActivity = Now();
            events.Add(new VoteChanged(room.Id, vote.ToView()));
            TryDecide(room, vote, events);
            return 0;
        });
        return Task.CompletedTask;
    }

    /// <summary>The owner ends the vote now: what each candidate has shown counts; the most votes win (see the type's rules).</summary>
    public Task CloseVoteAsync(string roomId, string ownerKey)
    {
        Mutate(roomId, (room, events) =>
        {
            RequireOwner(room, ownerKey);
            var vote = RequireVote(room, candidate: 0);
            var winner = Winner(room, vote) ?? throw new RoomException(RoomErrorCode.VoteTied,
                "The vote is tied; pick the winning alternative.");
            vote.StopAll();
            CommitAi(room, vote.Candidates[winner], events, "chosen by the room's vote", vote);
            return 0;
        });
        return Task.CompletedTask;
    }

    /// <summary>The owner picks the winner directly, whatever the votes say.</summary>
    public Task PickAlternativeAsync(string roomId, string ownerKey, int candidate)
    {
        Mutate(roomId, (room, events) =>
        {
            RequireOwner(room, ownerKey);
            var vote = RequireVote(room, candidate);
            vote.StopAll();
            CommitAi(room, vote.Candidates[candidate], events, "picked by the owner", vote);
            return 0;
        });
        return Task.CompletedTask;
    }

    private static AiVote RequireVote(Room room, int candidate)
    {
        var vote = room.Vote ?? throw new RoomException(RoomErrorCode.AiBusy, "There is no vote between alternatives right now.");
        if (candidate < 0 || candidate >= vote.Candidates.Count)
        {
            throw new RoomException(RoomErrorCode.InvalidSettings, $"There are alternatives 1 to {vote.Candidates.Count}; there is no {candidate + 1}.");
        }
        return vote;
    }

    /// <summary>Commits the winner once everything is shown and every seated person voted; a tie waits for the owner.</summary>
    private void TryDecide(Room room, AiVote vote, List<RoomEvent> events)
    {
        var seated = room.Doc.Seats.Where(s => s.Kind == SeatKind.Human && s.ParticipantKeyHash is not null).Select(s => s.Index);
        if (!vote.AllShown || !seated.All(vote.Votes.ContainsKey))
        {
            return;
        }
        if (Winner(room, vote) is { } winner)
        {
            CommitAi(room, vote.Candidates[winner], events, "chosen by the room's vote", vote);
        }
        else if (!vote.AwaitingOwner)
        {
            vote.AwaitingOwner = true;
            events.Add(new VoteChanged(room.Id, vote.ToView()));
        }
    }

    /// <summary>The candidate with the most votes; among tied leaders, the one a seated owner voted for; else null.</summary>
    private static int? Winner(Room room, AiVote vote)
    {
        var counts = vote.ToView().Counts;
        var top = counts.Max();
        var leaders = Enumerable.Range(0, counts.Count).Where(i => counts[i] == top).ToList();
        if (leaders.Count == 1)
        {
            return leaders[0];
        }
        var ownerChoices = room.Doc.Participants
            .Where(p => p.IsOwner && p.SeatIndex is { } s && vote.Votes.ContainsKey(s))
            .Select(p => vote.Votes[p.SeatIndex!.Value])
            .Where(leaders.Contains)
            .Distinct()
            .ToList();
        return ownerChoices.Count == 1 ? ownerChoices[0] : null;
    }

    private static List<VoteRecord> VotesFor(AiVote vote, int candidate) =>
        [.. vote.Votes.Where(v => v.Value == candidate).OrderBy(v => v.Key)
            .Select(v => new VoteRecord { SeatIndex = v.Key, Name = vote.VoterNames.GetValueOrDefault(v.Key, "") })];

    [LoggerMessage(Level = LogLevel.Debug, Message = "Room {RoomId}: a vote between {Count} AI alternatives started")]
    private partial void LogVoteStarted(string roomId, int count);
}
