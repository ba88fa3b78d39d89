namespace RelayNovel.Web.Rooms;

/// <summary>Everything a page renders for a room, taken at one instant.</summary>
public sealed record RoomSnapshot(string RoomId, RoomSettings Settings, IReadOnlyList<SeatView> Seats,
    IReadOnlyList<TurnView> Turns, int BatonSeatIndex, string CurrentDraft, DateTimeOffset? TurnDeadline,
    AiStreamView? AiStream, string ModelName, string? AiUnavailableReason, int SpectatorCount)
{
    /// <summary>Why the last AI turn was skipped or failed, if it was (shown to the room).</summary>
    public string? LastAiMessage { get; init; }
}
