namespace RelayNovel.Web.Rooms;

/// <summary>A new room's id (128-bit random, URL-safe) and the creator's owner key (shown once, stored only as a hash).</summary>
public sealed record RoomCreated(string RoomId, string OwnerKey);
