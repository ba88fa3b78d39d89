namespace RelayNovel.Web.Rooms.Machine;

/// <summary>The owner ends the vote by counting.</summary>
public sealed record CloseVote(string OwnerKey) : RoomCommand;
