namespace RelayNovel.Web.Rooms;

/// <summary>A committed turn of the history.</summary>
public sealed record TurnView(int Index, int SeatIndex, string AuthorName, TurnKind Kind, string Text,
    DateTimeOffset StartedAt, DateTimeOffset EndedAt)
{
    /// <summary>Taken back by its author: shown in the history, but not part of the story, the prompt or exports' story text.</summary>
    public bool Withdrawn { get; init; }

    /// <summary>How many AI texts were set aside for this turn (lost votes, retried attempts); the replay shows them as branches.</summary>
    public int AlternativeCount { get; init; }

    /// <summary>Part of the story: written (by a person or the AI) and not withdrawn.</summary>
    public bool IsStory => Kind != TurnKind.Skipped && !Withdrawn;
}
