namespace RelayNovel.Web.Rooms.Machine;

/// <summary>The owner changes the room's settings (seat plan, limits, timer, AI).</summary>
public sealed record UpdateSettings(string OwnerKey, RoomSettings Settings) : RoomCommand;
