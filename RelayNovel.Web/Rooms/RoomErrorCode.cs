namespace RelayNovel.Web.Rooms;

/// <summary>Why the room refused an action (mapped to HTTP status codes by the API).</summary>
public enum RoomErrorCode { NotFound, NotYourTurn, InvalidText, TooLong, RoomFull, SeatTaken, Forbidden, InvalidSettings, AiBusy }
