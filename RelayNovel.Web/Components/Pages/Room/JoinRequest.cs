namespace RelayNovel.Web.Components.Pages.Room;

/// <summary>What the join panel asks for: a name and a seat (null = the first free one), or to watch.</summary>
public sealed record JoinRequest(string DisplayName, int? SeatIndex, bool Spectate);
