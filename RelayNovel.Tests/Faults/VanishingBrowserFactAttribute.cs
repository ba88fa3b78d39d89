using RelayNovel.Tests.Browser;

namespace RelayNovel.Tests.Faults;

/// <summary>
/// The vanishing-browser measurement waits for the server to notice a killed browser, which takes minutes with
/// Blazor's default circuit retention: too long for every CI run, so it runs only when RELAYNOVEL_VANISH=1.
/// </summary>
public sealed class VanishingBrowserFactAttribute : FactAttribute
{
    public VanishingBrowserFactAttribute()
    {
        if (!File.Exists(ChromiumFactAttribute.ChromiumPath))
        {
            Skip = $"{ChromiumFactAttribute.ChromiumPath} is missing (install Debian's chromium: apt-get install chromium).";
        }
        else if (Environment.GetEnvironmentVariable("RELAYNOVEL_VANISH") != "1")
        {
            Skip = "set RELAYNOVEL_VANISH=1 to kill a baton holder's Chromium and measure how long until the room shows them Disconnected.";
        }
    }
}
