namespace RelayNovel.Web.Rooms;

/// <summary>A seat as every open page sees it. <see cref="IsTyping"/>: the baton holder changed the draft in the last few seconds.</summary>
public sealed record SeatView(int Index, SeatKind Kind, string? Name, PresenceState Presence, bool IsTyping);
