namespace RelayNovel.Tests.Browser;

/// <summary>A browser test: skipped, with the reason shown by the runner, where Debian's Chromium is not installed.</summary>
public sealed class ChromiumFactAttribute : FactAttribute
{
    public const string ChromiumPath = "/usr/bin/chromium";

    public ChromiumFactAttribute()
    {
        if (!File.Exists(ChromiumPath))
        {
            Skip = $"{ChromiumPath} is missing (install Debian's chromium: apt-get install chromium).";
        }
    }
}
