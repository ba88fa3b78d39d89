namespace RelayNovel.Web.Rooms.Machine;

/// <summary>A page opened the room (presence); the reply names the bucket its close must give back.</summary>
public sealed record OpenPage(string? ParticipantKey) : RoomCommand;
