namespace RelayNovel.Tests.Browser;

/// <summary>
/// The many-circuits measurement: it holds dozens of Chromium pages open, too heavy for every CI run on two
/// cores, so it runs only when RELAYNOVEL_CIRCUITS names how many pages to open.
/// </summary>
public sealed class CircuitLoadFactAttribute : FactAttribute
{
    public CircuitLoadFactAttribute()
    {
        if (!File.Exists(ChromiumFactAttribute.ChromiumPath))
        {
            Skip = $"{ChromiumFactAttribute.ChromiumPath} is missing (install Debian's chromium: apt-get install chromium).";
        }
        else if (!int.TryParse(Environment.GetEnvironmentVariable("RELAYNOVEL_CIRCUITS"), out var n) || n < 1)
        {
            Skip = "set RELAYNOVEL_CIRCUITS=N to open N pages (circuits) across rooms and measure memory per circuit and commit-to-render time.";
        }
    }
}
