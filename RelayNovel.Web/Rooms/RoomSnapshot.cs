namespace RelayNovel.Web.Rooms;

/// <summary>Everything a page renders for a room, taken at one instant.</summary>
public sealed record RoomSnapshot(string RoomId, RoomSettings Settings, IReadOnlyList<SeatView> Seats,
    IReadOnlyList<TurnView> Turns, int BatonSeatIndex, string CurrentDraft, DateTimeOffset? TurnDeadline,
    AiStreamView? AiStream, string ModelName, string? AiUnavailableReason, int SpectatorCount)
{
    /// <summary>Why the last AI turn was skipped or failed, if it was (shown to the room).</summary>
    public string? LastAiMessage { get; init; }

    /// <summary>Set when the last AI turn was skipped because the settings can't be served by the model (pages word it).</summary>
    public AiContextShortfall? AiShortfall { get; init; }

    /// <summary>
    /// The last AI attempt's context meter once its turn has ended (null while an AI writes: then it is in
    /// <see cref="AiStream"/>), so the meter and the owner's "show prompt" stay for the last AI turn.
    /// </summary>
    public AiStreamView? LastAiContext { get; init; }

    /// <summary>
    /// Set while this room's AI turn waits to get into a full generation queue (it joins as soon as a slot frees up):
    /// the page says the AI is busy and how long the queue is.
    /// </summary>
    public AiQueueLoad? AiBusy { get; init; }

    /// <summary>A room vote between AI alternatives in progress (then <see cref="AiStream"/> is null).</summary>
    public AiVoteView? Vote { get; init; }

    /// <summary>The owner-edited glossary (names and places); entries the recent story mentions go into the prompt.</summary>
    public IReadOnlyList<GlossaryEntry> Glossary { get; init; } = [];

    /// <summary>The owner's chapter breaks, in turn order (<see cref="Api.StoryChapters.Split"/> groups the story by them).</summary>
    public IReadOnlyList<ChapterMark> Chapters { get; init; } = [];

    /// <summary>The last turn, when its author may still take it back (<see cref="Grains.RoomClient.UndoTurnAsync"/>).</summary>
    public int? UndoableTurnIndex { get; init; }

    /// <summary>The AI's committed last turn, when the writer before it or the owner may still retry it.</summary>
    public int? RetryableTurnIndex { get; init; }

    /// <summary>The sequence number of the room's last event this snapshot already shows (0: none yet).</summary>
    public long Seq { get; init; }

    /// <summary>What the viewer this snapshot was taken for may do now (a reader's when taken without a key).</summary>
    public Machine.RoomPermissions Permissions { get; init; } = Machine.RoomPermissions.Reader;

    /// <summary>The room and turn this room was forked from (null when it was created or imported).</summary>
    public ForkOrigin? ForkedFrom { get; init; }
}
