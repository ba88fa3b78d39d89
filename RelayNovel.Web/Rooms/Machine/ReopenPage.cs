namespace RelayNovel.Web.Rooms.Machine;

/// <summary>A paused page's browser came back.</summary>
public sealed record ReopenPage(string? Bucket) : RoomCommand;
