namespace RelayNovel.Web.Replay;

/// <summary>How fast a replay plays: a multiple of the recorded pace, or whole turns one after another.</summary>
public enum ReplaySpeed
{
    Original = 1,
    Double = 2,
    Eight = 8,
    /// <summary>No typing or streaming: each tick completes the next turn.</summary>
    Instant = 0,
}
