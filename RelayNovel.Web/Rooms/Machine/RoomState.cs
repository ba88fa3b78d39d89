using RelayNovel.Web.Stories;

namespace RelayNovel.Web.Rooms.Machine;

/// <summary>
/// Everything a room's rules read and change: its stored document and turns, plus what only lives while the room is
/// loaded (open pages, typing, the AI attempt, the vote). Owned by one caller at a time (the host's lock, later the
/// grain); only <see cref="RoomMachine"/> changes it.
/// </summary>
public sealed class RoomState
{
    private TurnView[]? _turnsView;

    public RoomState(RoomRecord doc, IEnumerable<TurnRecord> turns)
    {
        Doc = doc;
        foreach (var turn in turns)
        {
            AddTurn(turn);
        }
    }

    public RoomRecord Doc { get; }
    public string Id => Doc.Id;

    /// <summary>The stored turns in index order (undo and retry rewrite or remove the last ones).</summary>
    public List<TurnRecord> Records { get; } = [];

    public List<TurnView> Turns { get; } = [];

    /// <summary>An immutable copy for snapshots, rebuilt only after a commit.</summary>
    public IReadOnlyList<TurnView> TurnsView => _turnsView ??= [.. Turns];

    public Dictionary<string, int> Submissions { get; } = new(StringComparer.Ordinal);

    /// <summary>What the room's stored turns take (bytes, as the store sizes them); see <see cref="StorageFull"/>.</summary>
    public long StoredBytes { get; set; }

    public long StorageLimitBytes { get; init; } = long.MaxValue;

    /// <summary>The room reached its quota: it takes no new turns, its timer stops and its AI seats wait.</summary>
    public bool StorageFull => StoredBytes >= StorageLimitBytes;

    /// <summary>Open pages per participant key hash; pages without a seat count as spectators.</summary>
    public Dictionary<string, int> Connections { get; } = new(StringComparer.Ordinal);
    public int SpectatorConnections { get; set; }
    public int TotalConnections { get; set; }
    public DateTimeOffset LastActivity { get; set; }

    public DateTimeOffset? LastDraftAt { get; set; }
    public bool DraftFanoutPending { get; set; }
    public DateTimeOffset LastDraftPublishedAt { get; set; }
    public bool DraftUnsaved { get; set; }
    public DateTimeOffset LastDraftSavedAt { get; set; }

    /// <summary>How many of the current draft's snapshots the store already holds (the next save appends the rest).</summary>
    public int SavedDraftSnapshots { get; set; }
    public bool TypingShown { get; set; }

    /// <summary>Since when the baton holder, who had a page open, has none (the disconnect grace runs from then).</summary>
    public DateTimeOffset? HolderAwaySince { get; set; }

    /// <summary>Participants who have had a page open while the room was loaded: only they can "leave" (API writers never had one).</summary>
    public HashSet<string> PagesSeen { get; } = new(StringComparer.Ordinal);

    public AiTurn? Ai { get; set; }

    /// <summary>A room vote between AI alternatives; while it runs <see cref="Ai"/> is null.</summary>
    public AiVote? Vote { get; set; }

    /// <summary>An AI start decided on whose prompt is being fitted by the host (see <see cref="FitAiPrompt"/>).</summary>
    public AiStartRequest? PendingAiStart { get; set; }

    /// <summary>Numbers AI starts and generations, so late answers about an abandoned one are told apart.</summary>
    public long LastAiId { get; set; }

    /// <summary>The exact text last sent to the model in this room (the owner's "show prompt").</summary>
    public string? LastPromptText { get; set; }

    /// <summary>The last pinned head and its token count (the context meter's split), so it is tokenized once.</summary>
    public PinnedCount? PinnedCount { get; set; }
    public string? LastAiMessage { get; set; }

    /// <summary>Set with <see cref="LastAiMessage"/> when it says the settings can't be served; shown while that message stands.</summary>
    public (string Message, AiContextShortfall Shortfall)? LastAiShortfall { get; set; }

    /// <summary>The last AI attempt started here: its context meter stays on the page after the turn ends.</summary>
    public AiTurn? LastAiAttempt { get; set; }

    public RoomSettings Settings => Doc.Settings.ToSettings();

    public SeatRecord BatonSeat => Doc.Seats[Doc.BatonSeat];

    public ParticipantRecord? FindParticipant(string keyHash) => Doc.Participants.Find(p => RoomKeys.HashEquals(p.KeyHash, keyHash));

    public void AddTurn(TurnRecord turn)
    {
        Records.Add(turn);
        Turns.Add(turn.ToView());
        _turnsView = null;
        if (turn.SubmissionId is not null)
        {
            Submissions[turn.SubmissionId] = turn.Index;
        }
    }

    public void ReplaceLastTurn(TurnRecord turn)
    {
        Records[^1] = turn;
        Turns[^1] = turn.ToView();
        _turnsView = null;
    }

    public void RemoveLastTurn()
    {
        Records.RemoveAt(Records.Count - 1);
        Turns.RemoveAt(Turns.Count - 1);
        _turnsView = null;
    }
}
