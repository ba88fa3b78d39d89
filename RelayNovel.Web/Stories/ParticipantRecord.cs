namespace RelayNovel.Web.Stories;

/// <summary>Someone who joined the room (seated or spectating). Only a hash of their key is stored.</summary>
public sealed class ParticipantRecord
{
    public string KeyHash { get; set; } = "";
    public string Name { get; set; } = "";
    public int? SeatIndex { get; set; }
    public bool IsOwner { get; set; }
}
