namespace RelayNovel.Web.Api;

/// <summary><c>POST /api/rooms/{id}/seats</c>: a display name; optionally a seat (0-based) or spectating.</summary>
public sealed record JoinSeatRequest(string? Name, int? SeatIndex = null, bool Spectate = false, string? OwnerKey = null);
