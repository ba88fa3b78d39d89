namespace RelayNovel.Web.Rooms;

/// <summary>A committed turn of the story.</summary>
public sealed record TurnView(int Index, int SeatIndex, string AuthorName, TurnKind Kind, string Text,
    DateTimeOffset StartedAt, DateTimeOffset EndedAt);
