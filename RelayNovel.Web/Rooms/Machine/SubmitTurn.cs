namespace RelayNovel.Web.Rooms.Machine;

/// <summary>The baton holder commits a turn; a repeated submission id gives back the turn already committed.</summary>
public sealed record SubmitTurn(string ParticipantKey, string Text, string? SubmissionId) : RoomCommand;
