namespace RelayNovel.Web.Rooms.Machine;

/// <summary>A new room holding an exported history as committed turns (every seat empty, the baton where the story left off).</summary>
public sealed record ImportRoom(string RoomId, string OwnerKeyHash, RoomSettings Settings, IReadOnlyList<Stories.TurnRecord> Turns, IReadOnlyList<GlossaryEntry>? Glossary,
    IReadOnlyList<ChapterMark>? Chapters = null) : RoomCommand;
