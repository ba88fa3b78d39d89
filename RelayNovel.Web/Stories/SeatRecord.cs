using RelayNovel.Web.Rooms;

namespace RelayNovel.Web.Stories;

/// <summary>A stored seat; a human seat is taken when it has a participant.</summary>
public sealed class SeatRecord
{
    public int Index { get; set; }
    public SeatKind Kind { get; set; }
    public string? ParticipantKeyHash { get; set; }
    public string? Name { get; set; }
}
