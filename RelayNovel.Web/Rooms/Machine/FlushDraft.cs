namespace RelayNovel.Web.Rooms.Machine;

/// <summary>Saves a draft not yet saved (the room is being unloaded or the app stops).</summary>
public sealed record FlushDraft : RoomCommand;
