namespace RelayNovel.Web.Rooms;

/// <summary>Something that changed in a room; pages re-read <see cref="RoomService.Get"/> on their next render tick.</summary>
public abstract record RoomEvent(string RoomId);
