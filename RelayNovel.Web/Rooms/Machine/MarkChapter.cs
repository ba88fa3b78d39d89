namespace RelayNovel.Web.Rooms.Machine;

/// <summary>The owner marks turn <see cref="TurnIndex"/> as starting a chapter (or gives a marked one a new title).</summary>
public sealed record MarkChapter(string OwnerKey, int TurnIndex, string? Title) : RoomCommand;
