namespace RelayNovel.Web.Rooms.Machine;

/// <summary>A seated member votes for a candidate (0-based).</summary>
public sealed record CastVote(string ParticipantKey, int Candidate) : RoomCommand;
