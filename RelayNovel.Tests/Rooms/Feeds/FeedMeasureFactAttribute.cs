namespace RelayNovel.Tests.Rooms.Feeds;

/// <summary>Feed measurements, not part of CI: they run only when RELAYNOVEL_MEASURE_FEED=1.</summary>
public sealed class FeedMeasureFactAttribute : FactAttribute
{
    public FeedMeasureFactAttribute()
    {
        if (Environment.GetEnvironmentVariable("RELAYNOVEL_MEASURE_FEED") != "1")
        {
            Skip = "set RELAYNOVEL_MEASURE_FEED=1 to measure replay from the event log.";
        }
    }
}
