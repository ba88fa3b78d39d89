namespace RelayNovel.Web.Rooms.Machine;

/// <summary>The presence bucket of an opened page (its key hash; null for a spectator's page), to give back on close; Opened is false when a reopen came too late.</summary>
public sealed record PageReply(string? Bucket, bool Opened = true) : RoomReply;
