using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;

namespace RelayNovel.Tests.Ops;

/// <summary>Every response carries the security headers; the page's only inline script (Blazor's import map) runs by hash.</summary>
public sealed partial class SecurityHeadersTests
{
    [Theory]
    [InlineData("/")]
    [InlineData("/api/rooms/AAAAAAAAAAAAAAAAAAAAAA")]   // a problem-details 404 (its writer clears the response)
    [InlineData("/health")]
    [InlineData("/favicon.svg")]
    [InlineData("/no-such-page")]
    public async Task Response_AnyKind_CarriesCspNosniffNoReferrerAndNoFraming(string path)
    {
        await using var app = OpsApp.Start();

        var response = await app.Client.GetAsync(path);

        var csp = Header(response, "Content-Security-Policy");
        Assert.Contains("default-src 'self'", csp);
        Assert.Contains("frame-ancestors 'none'", csp);
        Assert.Contains("object-src 'none'", csp);
        Assert.DoesNotContain("unsafe-eval", csp);
        Assert.DoesNotContain("'unsafe-inline'", Directive(csp, "script-src"));
        Assert.Equal("nosniff", Header(response, "X-Content-Type-Options"));
        Assert.Equal("no-referrer", Header(response, "Referrer-Policy"));
        Assert.Equal("DENY", Header(response, "X-Frame-Options"));
    }

    [Fact]
    public async Task Page_ImportMap_IsTheOnlyInlineScriptAndItsHashIsAllowed()
    {
        await using var app = OpsApp.Start();

        var response = await app.Client.GetAsync("/");
        var html = await response.Content.ReadAsStringAsync();

        var scripts = ScriptTag().Matches(html).ToList();
        var inline = scripts.Where(s => !s.Groups["attrs"].Value.Contains("src=", StringComparison.Ordinal)).ToList();
        var importMap = Assert.Single(inline);
        Assert.Contains("type=\"importmap\"", importMap.Groups["attrs"].Value);
        var hash = Convert.ToBase64String(SHA256.HashData(Encoding.UTF8.GetBytes(importMap.Groups["body"].Value)));
        Assert.Contains($"'sha256-{hash}'", Directive(Header(response, "Content-Security-Policy"), "script-src"));
    }

    [Fact]
    public async Task Csp_PolicyConfiguredForAPathPrefix_AppliesThereOnly()
    {
        await using var app = OpsApp.Start(null, ("RelayNovel:SecurityHeaders:PathPolicies:/health", "default-src 'none'; frame-ancestors 'none'"));

        var health = await app.Client.GetAsync("/health/live");
        var home = await app.Client.GetAsync("/");

        Assert.Equal("default-src 'none'; frame-ancestors 'none'", Header(health, "Content-Security-Policy"));
        Assert.Contains("default-src 'self'", Header(home, "Content-Security-Policy"));
    }

    [Fact]
    public void WebProject_NoComponentRendersRawMarkup()
    {
        var web = Path.Combine(DeploymentFiles.RepositoryRoot, "RelayNovel.Web");
        var offenders = Directory.EnumerateFiles(web, "*.*", SearchOption.AllDirectories)
            .Where(f => f.EndsWith(".razor", StringComparison.Ordinal) || f.EndsWith(".cs", StringComparison.Ordinal))
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                        && !f.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .Where(f => File.ReadAllText(f) is var text && (text.Contains("MarkupString", StringComparison.Ordinal) || text.Contains("AddMarkupContent", StringComparison.Ordinal)))
            .Select(f => Path.GetRelativePath(web, f))
            .ToList();

        Assert.Empty(offenders);
    }

    private static string Header(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) || response.Content.Headers.TryGetValues(name, out values)
            ? string.Join(", ", values)
            : throw new Xunit.Sdk.XunitException($"{response.RequestMessage?.RequestUri} ({(int)response.StatusCode}) has no {name} header.");

    private static string Directive(string csp, string name) =>
        csp.Split(';', StringSplitOptions.TrimEntries).FirstOrDefault(d => d.StartsWith(name + " ", StringComparison.Ordinal)) ?? "";

    [GeneratedRegex(@"<script(?<attrs>[^>]*)>(?<body>.*?)</script>", RegexOptions.Singleline)]
    private static partial Regex ScriptTag();
}
