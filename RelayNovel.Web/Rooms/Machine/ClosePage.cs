namespace RelayNovel.Web.Rooms.Machine;

/// <summary>A page closed or paused (presence).</summary>
public sealed record ClosePage(string? Bucket) : RoomCommand;
