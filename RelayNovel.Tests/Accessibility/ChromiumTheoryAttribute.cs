using RelayNovel.Tests.Browser;

namespace RelayNovel.Tests.Accessibility;

/// <summary>A data-driven browser test: skipped, with the reason shown, where Debian's Chromium is not installed.</summary>
public sealed class ChromiumTheoryAttribute : TheoryAttribute
{
    public ChromiumTheoryAttribute()
    {
        if (!File.Exists(ChromiumFactAttribute.ChromiumPath))
        {
            Skip = $"{ChromiumFactAttribute.ChromiumPath} is missing (install Debian's chromium: apt-get install chromium).";
        }
    }
}
