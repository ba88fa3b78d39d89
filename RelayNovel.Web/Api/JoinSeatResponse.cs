namespace RelayNovel.Web.Api;

/// <summary>The seat taken (null = spectator) and the key to write with.</summary>
public sealed record JoinSeatResponse(int? SeatId, string ParticipantKey);
