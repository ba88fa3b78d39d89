namespace RelayNovel.Web.Rooms;

/// <summary>The owner marked, retitled or unmarked a chapter break: the room's chapter marks now, in turn order.</summary>
public sealed record ChaptersChanged(string RoomId, IReadOnlyList<ChapterMark> Chapters) : RoomEvent(RoomId);
