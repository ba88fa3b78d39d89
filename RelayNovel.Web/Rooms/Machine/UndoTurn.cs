namespace RelayNovel.Web.Rooms.Machine;

/// <summary>The author of the last turn takes it back.</summary>
public sealed record UndoTurn(string ParticipantKey) : RoomCommand;
