namespace RelayNovel.Tests.Cluster;

/// <summary>Figures about the co-hosted silo (start cost, event latency): printed, never asserted; run only on request.</summary>
public sealed class SiloMeasureFactAttribute : FactAttribute
{
    public SiloMeasureFactAttribute()
    {
        if (string.IsNullOrEmpty(Environment.GetEnvironmentVariable("RELAYNOVEL_SILO_MEASURE")))
        {
            Skip = "set RELAYNOVEL_SILO_MEASURE=1 to time app and silo starts and room event latency across silos.";
        }
    }
}
