namespace RelayNovel.Web.Stories.LiteDb;

/// <summary>
/// One published room event. The key is the room id and the zero-padded sequence number, so the primary index
/// alone reads a room's events after a given number, in order, and a repeated number cannot be stored twice.
/// </summary>
public sealed class EventRow
{
    public string Id { get; set; } = "";
    public string RoomId { get; set; } = "";
    public long Seq { get; set; }
    public string Type { get; set; } = "";
    public string Payload { get; set; } = "";
    public long AtMs { get; set; }

    public static string MakeId(string roomId, long seq) => $"{roomId}/{seq:D19}";

    public static EventRow From(string roomId, StoredRoomEvent e) => new()
    {
        Id = MakeId(roomId, e.Seq), RoomId = roomId, Seq = e.Seq, Type = e.Type, Payload = e.Payload, AtMs = e.AtMs,
    };

    public StoredRoomEvent ToEvent() => new(Seq, Type, Payload, AtMs);
}
