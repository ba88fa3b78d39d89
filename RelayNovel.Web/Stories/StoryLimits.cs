namespace RelayNovel.Web.Stories;

/// <summary>
/// What one turn or room document may hold. The rooms never go past these and the import refuses more, so every
/// room the app writes can be exported and imported again, and no document nears LiteDB's 16 MB limit.
/// </summary>
public static class StoryLimits
{
    /// <summary>AI texts kept beside one turn (replaced attempts, lost votes).</summary>
    public const int MaxAlternativesPerTurn = 100;

    /// <summary>Draft snapshots kept for one turn's replay; past it the older ones are thinned out.</summary>
    public const int MaxDraftSnapshots = 1_000;

    /// <summary>
    /// Characters across one turn's draft snapshots, at most. A turn keeps about 64 times its longest draft (so replay
    /// stays smooth) but never less than <see cref="MinDraftSnapshotChars"/> nor more than this.
    /// </summary>
    public const int MaxDraftSnapshotChars = 100_000;

    public const int MinDraftSnapshotChars = 16_000;

    /// <summary>People who joined a room (seats and spectators with keys); old spectators without an open page make room.</summary>
    public const int MaxParticipants = 200;
}
