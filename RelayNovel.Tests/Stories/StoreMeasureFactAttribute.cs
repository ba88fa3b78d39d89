namespace RelayNovel.Tests.Stories;

/// <summary>
/// The store write measurement (a draft append against the earlier whole-room rewrite): it writes megabytes and
/// prints figures, so it runs only when RELAYNOVEL_STORE_MEASURE is set.
/// </summary>
public sealed class StoreMeasureFactAttribute : FactAttribute
{
    public StoreMeasureFactAttribute()
    {
        if (string.IsNullOrEmpty(Environment.GetEnvironmentVariable("RELAYNOVEL_STORE_MEASURE")))
        {
            Skip = "set RELAYNOVEL_STORE_MEASURE=1 to time one draft append against rewriting a room with 1,000 and 10,000 snapshots.";
        }
    }
}
