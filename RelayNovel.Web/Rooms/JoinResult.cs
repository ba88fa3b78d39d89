namespace RelayNovel.Web.Rooms;

/// <summary>The key a participant acts with, and the seat taken (null = spectator).</summary>
public sealed record JoinResult(string ParticipantKey, int? SeatIndex);
