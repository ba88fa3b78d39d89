namespace RelayNovel.Web.Rooms;

/// <summary>
/// A room vote: K AI attempts for the same turn, written together from one prompt with their own seeds in one
/// generation-queue slot, each revealed at the room's pace; seated members vote by seat (one vote each).
/// Part of the room's state; ending generation is the rules' effect (<see cref="Machine.CancelAiGeneration"/>).
/// </summary>
public sealed class AiVote(int seatIndex, IReadOnlyList<AiTurn> candidates)
{
    public int SeatIndex { get; } = seatIndex;
    public IReadOnlyList<AiTurn> Candidates { get; } = candidates;

    /// <summary>Seat index → the candidate that seat voted for.</summary>
    public Dictionary<int, int> Votes { get; } = [];

    /// <summary>Seat index → the name the vote was cast under (kept with the stored turn).</summary>
    public Dictionary<int, string> VoterNames { get; } = [];

    /// <summary>The one engine request writing every candidate (a row each).</summary>
    public long GenerationId { get; set; }
    public bool WaitingForSlot { get; set; }
    public bool AwaitingOwner { get; set; }

    public bool AllShown => Candidates.All(c => c.GenerationDone && c.CaughtUp);

    /// <summary>Ends generation; every candidate ends where it was shown.</summary>
    public void StopAll()
    {
        foreach (var candidate in Candidates)
        {
            candidate.Stop();
            candidate.State = AiStreamState.Finished;
        }
    }

    public AiVoteView ToView() => new(SeatIndex, [.. Candidates.Select(c => c.ToView())], new Dictionary<int, int>(Votes))
    {
        AllShown = AllShown,
        AwaitingOwner = AwaitingOwner,
    };
}
