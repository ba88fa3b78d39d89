namespace RelayNovel.Web.Api;

/// <summary><c>POST /api/rooms/{id}/fork</c>: the turn (0-based, as <c>data-turn-index</c> counts) the new room's history ends with.</summary>
public sealed record ForkRoomRequest(int? TurnIndex);
