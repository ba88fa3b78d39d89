namespace RelayNovel.Web.Stories;

/// <summary>A room event as stored: its per-room sequence number, type name and JSON payload (the feed's codec decides both).</summary>
public sealed record StoredRoomEvent(long Seq, string Type, string Payload, long AtMs);
