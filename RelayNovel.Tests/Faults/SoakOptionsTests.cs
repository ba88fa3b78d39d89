using RelayNovel.Soak;

namespace RelayNovel.Tests.Faults;

/// <summary>The soak's command line: several nodes of one cluster, each with the process id its memory is read from.</summary>
public sealed class SoakOptionsTests
{
    [Fact]
    public void Parse_SeveralUrlsWithTheirPids_KeepsThemInOrder()
    {
        var options = SoakOptions.Parse(["--url", "http://127.0.0.1:5001", "--server-pid", "11", "--url", "http://127.0.0.1:5002/", "--server-pid", "12"]);

        Assert.Equal(["http://127.0.0.1:5001/", "http://127.0.0.1:5002/"], options.Urls.Select(u => u.ToString()));
        Assert.Equal([11, 12], options.ServerPids);
    }

    [Fact]
    public void Parse_MorePidsThanUrls_IsRefusedWithTheRule()
    {
        var refused = Assert.Throws<ArgumentException>(() => SoakOptions.Parse(["--url", "http://127.0.0.1:5001", "--server-pid", "11", "--server-pid", "12"]));

        Assert.Contains("one --server-pid per --url", refused.Message, StringComparison.Ordinal);
    }
}
