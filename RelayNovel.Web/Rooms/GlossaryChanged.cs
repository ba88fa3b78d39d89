namespace RelayNovel.Web.Rooms;

/// <summary>The owner changed the room's glossary.</summary>
public sealed record GlossaryChanged(string RoomId, IReadOnlyList<GlossaryEntry> Glossary) : RoomEvent(RoomId);
