using RelayNovel.Web.Rooms;

namespace RelayNovel.Web.Api;

/// <summary>
/// <c>GET /api/rooms/{id}</c>: the room with its seats and committed turns, the AI turn or vote in progress, the
/// glossary, and which turn may still be taken back (<c>undoableTurnIndex</c>) or retried (<c>retryableTurnIndex</c>);
/// <c>aiBusy</c> while the AI waits to get into a full generation queue; <c>forkedFrom</c> (room and turn) for a fork.
/// </summary>
public sealed record RoomResponse(string Id, string Title, string Premise, RoomSettings Settings, IReadOnlyList<SeatView> Seats,
    IReadOnlyList<TurnView> Turns, int BatonSeatIndex, string CurrentDraft, DateTimeOffset? TurnDeadline,
    AiStreamView? AiStream, string ModelName, string? AiUnavailableReason, int SpectatorCount,
    AiVoteView? Vote, IReadOnlyList<GlossaryEntry> Glossary, int? UndoableTurnIndex, int? RetryableTurnIndex,
    string? LastAiMessage, AiQueueLoad? AiBusy, ForkOrigin? ForkedFrom = null)
{
    /// <summary>The owner's chapter breaks, in turn order.</summary>
    public IReadOnlyList<ChapterMark> Chapters { get; init; } = [];

    public static RoomResponse From(RoomSnapshot s) => new(s.RoomId, s.Settings.Title, s.Settings.Premise, s.Settings,
        s.Seats, s.Turns, s.BatonSeatIndex, s.CurrentDraft, s.TurnDeadline, s.AiStream, s.ModelName,
        s.AiUnavailableReason, s.SpectatorCount, s.Vote, s.Glossary, s.UndoableTurnIndex, s.RetryableTurnIndex,
        s.LastAiMessage, s.AiBusy, s.ForkedFrom) { Chapters = s.Chapters };
}
