namespace RelayNovel.Web.Rooms;

/// <summary>Who writes from a seat: a person or the model.</summary>
public enum SeatKind { Human, Ai }
