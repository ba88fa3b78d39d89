namespace RelayNovel.Web.Stories;

/// <summary>Where a forked room came from: its immediate source room and the last turn it took over from it.</summary>
public sealed class ForkOriginRecord
{
    public string RoomId { get; set; } = "";
    public int TurnIndex { get; set; }
}
