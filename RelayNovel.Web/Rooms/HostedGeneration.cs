namespace RelayNovel.Web.Rooms;

/// <summary>An engine request a room's host runs for the rules (<see cref="Machine.StartAiGeneration"/>).</summary>
internal sealed class HostedGeneration(long id)
{
    private int _reportedPosition = -1;

    public long Id { get; } = id;

    public AiJob? Job { get; set; }

    /// <summary>
    /// Set by the queue from any thread without the room's lock (taking room locks from queue callbacks could
    /// deadlock two rooms); the room clock hands it to the rules.
    /// </summary>
    public void ReportPosition(int position) => Volatile.Write(ref _reportedPosition, position);

    /// <summary>The last reported position not yet handed on, or -1.</summary>
    public int TakeReportedPosition() => Interlocked.Exchange(ref _reportedPosition, -1);
}
