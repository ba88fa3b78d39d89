using Microsoft.AspNetCore.Http;
using RelayNovel.Web.Api;

namespace RelayNovel.Tests.Api;

/// <summary>Which browser origins may open the room hub: the app's own host (any scheme, for TLS proxies), listed ones, or any with "*".</summary>
public sealed class HubOriginCheckTests
{
    [Theory]
    [InlineData(null, "novel.example", new string[0], true)]                                  // a program: no Origin
    [InlineData("http://novel.example", "novel.example", new string[0], true)]
    [InlineData("https://novel.example", "novel.example", new string[0], true)]                // TLS ended by a proxy
    [InlineData("http://localhost:5290", "localhost:5290", new string[0], true)]
    [InlineData("http://localhost:5291", "localhost:5290", new string[0], false)]              // another port is another site
    [InlineData("http://evil.example", "novel.example", new string[0], false)]
    [InlineData("http://novel.example.evil.example", "novel.example", new string[0], false)]
    [InlineData("https://writers.example", "novel.example", new[] { "https://writers.example/" }, true)]
    [InlineData("http://writers.example", "novel.example", new[] { "https://writers.example" }, false)]
    [InlineData("http://evil.example", "novel.example", new[] { "*" }, true)]
    [InlineData("null", "novel.example", new string[0], false)]                                 // a sandboxed or file page
    public void IsAllowed_OriginAgainstHostAndList_AllowsOnlyTheAppAndListedOrigins(string? origin, string host, string[] allowed, bool expected)
    {
        var request = new DefaultHttpContext().Request;
        request.Host = new HostString(host);
        if (origin is not null)
        {
            request.Headers.Origin = origin;
        }

        Assert.Equal(expected, HubOriginCheck.IsAllowed(request, allowed));
    }
}
