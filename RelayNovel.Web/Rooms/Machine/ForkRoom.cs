namespace RelayNovel.Web.Rooms.Machine;

/// <summary>
/// A new room holding a source room's history up to and including <see cref="SourceTurnIndex"/> (taken with
/// <see cref="ForkRules.TakeHistory"/>) and the chapter marks on it, every seat empty, remembering where it came from.
/// </summary>
public sealed record ForkRoom(string RoomId, string OwnerKeyHash, RoomSettings Settings, IReadOnlyList<Stories.TurnRecord> Turns,
    IReadOnlyList<GlossaryEntry>? Glossary, string SourceRoomId, int SourceTurnIndex, IReadOnlyList<ChapterMark>? Chapters = null) : RoomCommand;
