namespace RelayNovel.Web.Rooms.Machine;

/// <summary>The baton holder's live draft (advisory: anything not from the holder is ignored).</summary>
public sealed record UpdateDraft(string ParticipantKey, string Text) : RoomCommand;
