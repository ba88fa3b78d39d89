namespace RelayNovel.Web.Rooms;

/// <summary>
/// A room vote between K AI alternatives written together for the AI seat <paramref name="SeatIndex"/>: each
/// candidate as a stream (same prompt, its own seed), and the votes cast so far by seat.
/// </summary>
public sealed record AiVoteView(int SeatIndex, IReadOnlyList<AiStreamView> Candidates,
    IReadOnlyDictionary<int, int> VotesBySeat)
{
    /// <summary>Every candidate is written and shown: votes decide from here.</summary>
    public bool AllShown { get; init; }

    /// <summary>Everyone seated voted and the top candidates are tied: the owner picks.</summary>
    public bool AwaitingOwner { get; init; }

    /// <summary>Votes per candidate, in candidate order.</summary>
    public IReadOnlyList<int> Counts => [.. Candidates.Select((_, i) => VotesBySeat.Values.Count(v => v == i))];
}
