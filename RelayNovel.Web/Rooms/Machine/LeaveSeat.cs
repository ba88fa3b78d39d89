namespace RelayNovel.Web.Rooms.Machine;

/// <summary>"Leave my seat": the participant stays as a spectator.</summary>
public sealed record LeaveSeat(string ParticipantKey) : RoomCommand;
