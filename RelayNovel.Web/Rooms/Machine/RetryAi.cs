namespace RelayNovel.Web.Rooms.Machine;

/// <summary>The writer before the AI (or the owner) asks the AI again.</summary>
public sealed record RetryAi(string ParticipantKey) : RoomCommand;
