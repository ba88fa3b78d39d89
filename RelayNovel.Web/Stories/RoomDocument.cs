using LiteDB;

namespace RelayNovel.Web.Stories;

/// <summary>A room as stored: settings, seats, participants (keys only as hashes), baton and the current draft.</summary>
public sealed class RoomDocument
{
    [BsonId]
    public string Id { get; set; } = "";
    public string OwnerKeyHash { get; set; } = "";
    public long CreatedAtMs { get; set; }
    public SettingsDocument Settings { get; set; } = new();
    public List<SeatDocument> Seats { get; set; } = [];
    public List<ParticipantDocument> Participants { get; set; } = [];
    public int BatonSeat { get; set; }
    /// <summary>When the baton holder's turn began (null while the baton waits at an empty seat).</summary>
    public long? TurnStartedAtMs { get; set; }
    public string Draft { get; set; } = "";
    public List<DraftSnapshotDocument> DraftSnapshots { get; set; } = [];
    public int TurnCount { get; set; }
}
