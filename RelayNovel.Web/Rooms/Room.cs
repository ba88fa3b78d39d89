using RelayNovel.Web.Stories;

namespace RelayNovel.Web.Rooms;

/// <summary>
/// A loaded room: its stored document plus what only lives while the process runs (open pages, typing,
/// the AI attempt). Every field is guarded by <see cref="Gate"/>.
/// </summary>
internal sealed class Room
{
    public Room(RoomRecord doc, IEnumerable<TurnRecord> turns)
    {
        Doc = doc;
        foreach (var turn in turns)
        {
            AddTurn(turn.ToView());
            if (turn.SubmissionId is not null)
            {
                Submissions[turn.SubmissionId] = turn.Index;
            }
        }
    }

    public Lock Gate { get; } = new();

    /// <summary>What the room's stored turns take in the file (bytes, as serialised); see <see cref="StorageFull"/>.</summary>
    public long StoredBytes { get; set; }

    public long StorageLimitBytes { get; init; } = long.MaxValue;

    /// <summary>The room reached its quota: it takes no new turns, its timer stops and its AI seats wait.</summary>
    public bool StorageFull => StoredBytes >= StorageLimitBytes;
    public RoomRecord Doc { get; }
    public string Id => Doc.Id;

    /// <summary>Dropped from the service's map; whoever still holds it must look the room up again.</summary>
    public bool Unloaded { get; set; }

    private TurnView[]? _turnsView;

    public List<TurnView> Turns { get; } = [];

    /// <summary>An immutable copy for snapshots, rebuilt only after a commit.</summary>
    public IReadOnlyList<TurnView> TurnsView => _turnsView ??= [.. Turns];

    public void AddTurn(TurnView turn)
    {
        Turns.Add(turn);
        _turnsView = null;
    }

    public void ReplaceTurn(TurnView turn)
    {
        Turns[turn.Index] = turn;
        _turnsView = null;
    }

    public void RemoveLastTurn()
    {
        Turns.RemoveAt(Turns.Count - 1);
        _turnsView = null;
    }
    public Dictionary<string, int> Submissions { get; } = new(StringComparer.Ordinal);

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
    public bool TypingShown { get; set; }

    /// <summary>Since when the baton holder, who had a page open, has none (the disconnect grace runs from then).</summary>
    public DateTimeOffset? HolderAwaySince { get; set; }

    /// <summary>Participants who have had a page open in this process: only they can "leave" (API writers never had one).</summary>
    public HashSet<string> PagesSeen { get; } = new(StringComparer.Ordinal);

    public AiTurn? Ai { get; set; }

    /// <summary>A room vote between AI alternatives; while it runs <see cref="Ai"/> is null.</summary>
    public AiVote? Vote { get; set; }

    /// <summary>An AI start decided on whose prompt is being fitted outside the lock (see RoomService.StartPendingAi).</summary>
    public AiStart? PendingAiStart { get; set; }

    /// <summary>The exact text last sent to the model in this room (the owner's "show prompt").</summary>
    public string? LastPromptText { get; set; }

    /// <summary>The last pinned head and its token count (the context meter's split), so it is tokenized once.</summary>
    public (string Text, int Tokens)? PinnedCount { get; set; }
    public string? LastAiMessage { get; set; }

    /// <summary>Set with <see cref="LastAiMessage"/> when it says the settings can't be served; shown while that message stands.</summary>
    public (string Message, AiContextShortfall Shortfall)? LastAiShortfall { get; set; }

    /// <summary>The last AI attempt started here: its context meter stays on the page after the turn ends.</summary>
    public AiTurn? LastAiAttempt { get; set; }

    public RoomSettings Settings => Doc.Settings.ToSettings();

    public SeatRecord BatonSeat => Doc.Seats[Doc.BatonSeat];

    public ParticipantRecord? FindParticipant(string keyHash) => Doc.Participants.Find(p => RoomKeys.HashEquals(p.KeyHash, keyHash));
}
