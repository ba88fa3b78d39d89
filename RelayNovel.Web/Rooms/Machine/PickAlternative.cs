namespace RelayNovel.Web.Rooms.Machine;

/// <summary>The owner picks the vote's winner directly.</summary>
public sealed record PickAlternative(string OwnerKey, int Candidate) : RoomCommand;
