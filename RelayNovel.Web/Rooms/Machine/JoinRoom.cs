namespace RelayNovel.Web.Rooms.Machine;

/// <summary>Joins with a new key (made by the caller, returned once); with the owner key the participant holds the owner's rights.</summary>
public sealed record JoinRoom(string DisplayName, int? SeatIndex, bool Spectate, string? OwnerKey, string NewParticipantKey) : RoomCommand;
