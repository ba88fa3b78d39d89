namespace RelayNovel.Web.Rooms.Machine;

/// <summary>A new room (id and owner key hash made by the caller; the key is returned once).</summary>
public sealed record CreateRoom(string RoomId, string OwnerKeyHash, RoomSettings Settings) : RoomCommand;
