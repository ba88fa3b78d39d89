namespace RelayNovel.Web.Stories;

/// <summary>A room as stored: settings, seats, participants (keys only as hashes), baton and the current draft.</summary>
public sealed class RoomRecord
{
    public string Id { get; set; } = "";
    public string OwnerKeyHash { get; set; } = "";
    public long CreatedAtMs { get; set; }
    public SettingsRecord Settings { get; set; } = new();
    public List<SeatRecord> Seats { get; set; } = [];
    public List<ParticipantRecord> Participants { get; set; } = [];
    public int BatonSeat { get; set; }
    /// <summary>When the baton holder's turn began (null while the baton waits at an empty seat).</summary>
    public long? TurnStartedAtMs { get; set; }

    /// <summary>When the turn timer began counting, if not at the turn's start: a limit set mid-turn counts from then.</summary>
    public long? TimerStartedAtMs { get; set; }
    public string Draft { get; set; } = "";
    public List<DraftSnapshotRecord> DraftSnapshots { get; set; } = [];
    public int TurnCount { get; set; }

    /// <summary>Owner-edited names and places; an entry goes into the prompt when the recent story mentions it.</summary>
    public List<GlossaryEntryRecord> Glossary { get; set; } = [];

    /// <summary>The owner's chapter breaks, in turn order.</summary>
    public List<ChapterMarkRecord> Chapters { get; set; } = [];

    /// <summary>
    /// AI texts replaced while the current AI turn was being written (retries); they join that turn's
    /// <see cref="TurnRecord.Alternatives"/> when it commits. Stored so a restart doesn't lose them.
    /// </summary>
    public List<AlternativeRecord> PendingAlternatives { get; set; } = [];

    /// <summary>Set on a room forked from another one's turn (null for a created or imported room).</summary>
    public ForkOriginRecord? ForkedFrom { get; set; }
}
