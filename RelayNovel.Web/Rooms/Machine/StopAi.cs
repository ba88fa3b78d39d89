namespace RelayNovel.Web.Rooms.Machine;

/// <summary>A seated writer or the owner stops the AI: what was shown becomes its turn.</summary>
public sealed record StopAi(string ParticipantKey) : RoomCommand;
