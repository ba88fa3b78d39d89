namespace RelayNovel.Web.Stories;

/// <summary>
/// One atomic change to a stored room, made against the version it was read at. Every part is optional;
/// an empty change still checks and bumps the version.
/// </summary>
public sealed record RoomChange(string RoomId, long ExpectedVersion)
{
    /// <summary>The room's new state (settings, seats, baton, draft text, glossary...); its draft snapshots are ignored here.</summary>
    public RoomRecord? Room { get; init; }

    public IReadOnlyList<TurnRecord> AppendTurns { get; init; } = [];

    /// <summary>Stored turns rewritten whole (a withdrawn turn, say), matched by room and index.</summary>
    public IReadOnlyList<TurnRecord> ReplaceTurns { get; init; } = [];

    /// <summary>Turns taken out of the story (a retry after commit reopens the last turn).</summary>
    public IReadOnlyList<int> RemoveTurns { get; init; } = [];

    /// <summary>Drops the current turn's draft snapshots first (the baton moved), before any appended below.</summary>
    public bool ClearDraftSnapshots { get; init; }

    /// <summary>Draft snapshots appended to the current turn's (a later one with the same offset replaces the earlier on load).</summary>
    public IReadOnlyList<DraftSnapshotRecord> AppendDraftSnapshots { get; init; } = [];

    /// <summary>Published events, numbered by the room's owner, stored so a feed can resume after any of them.</summary>
    public IReadOnlyList<StoredRoomEvent> AppendEvents { get; init; } = [];
}
