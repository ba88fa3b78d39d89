namespace RelayNovel.Web.Rooms;

/// <summary>The owner changed the room's settings.</summary>
public sealed record SettingsChanged(string RoomId, RoomSettings Settings) : RoomEvent(RoomId);
