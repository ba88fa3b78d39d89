namespace RelayNovel.Web.Rooms.Machine;

/// <summary>The owner removes the chapter break at turn <see cref="TurnIndex"/>.</summary>
public sealed record UnmarkChapter(string OwnerKey, int TurnIndex) : RoomCommand;
