namespace RelayNovel.Web.Stories;

/// <summary>Why a text became an alternative of a turn instead of the turn itself.</summary>
public enum AlternativeOrigin
{
    /// <summary>It was one of the candidates of a room vote and lost.</summary>
    Vote,

    /// <summary>It was the AI's text when someone asked for a new attempt (retry, or a vote asked for mid-stream).</summary>
    Retry,
}
