namespace RelayNovel.Web.Rooms.Machine;

/// <summary>Asks for a vote between Count AI alternatives on the AI's turn.</summary>
public sealed record RequestAlternatives(string ParticipantKey, int Count) : RoomCommand;
