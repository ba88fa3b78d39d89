namespace RelayNovel.Web.Rooms;

/// <summary>Why the room refused an action (mapped to HTTP status codes by the API).</summary>
/// <remarks>
/// <see cref="TooLate"/>: someone has written since (undo, retry after commit); <see cref="AlreadyVoted"/>: a second
/// vote in the same round; <see cref="VoteTied"/>: the vote can't be closed by counting, the owner has to pick;
/// <see cref="RoomStorageFull"/>: the room's stored turns reached its quota; <see cref="StoreFull"/>: the story file reached its quota.
/// </remarks>
public enum RoomErrorCode
{
    NotFound, NotYourTurn, InvalidText, TooLong, RoomFull, SeatTaken, Forbidden, InvalidSettings, AiBusy,
    TooLate, AlreadyVoted, VoteTied, RoomStorageFull, StoreFull, StoreUnavailable,
}
