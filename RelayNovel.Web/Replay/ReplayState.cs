namespace RelayNovel.Web.Replay;

/// <summary>
/// The story at one replay position: the first <see cref="CommittedCount"/> turns are complete, and
/// <see cref="CurrentTurn"/> (when not null) is being written and shows <see cref="CurrentText"/> so far.
/// </summary>
public readonly record struct ReplayState(long PositionMs, int CommittedCount, int? CurrentTurn, string CurrentText);
