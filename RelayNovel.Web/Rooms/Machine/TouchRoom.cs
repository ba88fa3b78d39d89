namespace RelayNovel.Web.Rooms.Machine;

/// <summary>An API client used the room: it counts as attended for a while.</summary>
public sealed record TouchRoom : RoomCommand;
