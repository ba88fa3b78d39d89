namespace RelayNovel.Web.Stories;

/// <summary>Why a text became an alternative of a turn instead of the turn itself.</summary>
public enum AlternativeOrigin
{
    /// <summary>It was one of the candidates of a room vote and lost.</summary>
    Vote,

    /// <summary>It was the AI's text when someone asked for a new attempt.</summary>
    Retry,

    /// <summary>
    /// It was the AI's text when someone asked for alternatives to vote on: the vote replaced it, no retry did (stored
    /// as Retry before this value existed). Added last, so stored and exported values keep their meaning.
    /// </summary>
    VoteRequested,
}
