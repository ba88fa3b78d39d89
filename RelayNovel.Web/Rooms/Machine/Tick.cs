namespace RelayNovel.Web.Rooms.Machine;

/// <summary>One beat of the room's clock (~50 ms): draft fan-out, typing expiry, AI pacing, timers, draft saving.</summary>
public sealed record Tick : RoomCommand;
