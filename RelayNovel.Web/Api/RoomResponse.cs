using RelayNovel.Web.Rooms;

namespace RelayNovel.Web.Api;

/// <summary><c>GET /api/rooms/{id}</c>: the room with its seats and committed turns.</summary>
public sealed record RoomResponse(string Id, string Title, string Premise, RoomSettings Settings, IReadOnlyList<SeatView> Seats,
    IReadOnlyList<TurnView> Turns, int BatonSeatIndex, string CurrentDraft, DateTimeOffset? TurnDeadline,
    AiStreamView? AiStream, string ModelName, string? AiUnavailableReason, int SpectatorCount)
{
    public static RoomResponse From(RoomSnapshot s) => new(s.RoomId, s.Settings.Title, s.Settings.Premise, s.Settings,
        s.Seats, s.Turns, s.BatonSeatIndex, s.CurrentDraft, s.TurnDeadline, s.AiStream, s.ModelName,
        s.AiUnavailableReason, s.SpectatorCount);
}
