using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using RelayNovel.Tests.Infrastructure;

namespace RelayNovel.Tests.Api;

public sealed partial class OpenApiTests(RelayNovelAppFactory app) : IClassFixture<RelayNovelAppFactory>
{
    [Fact]
    public async Task OpenApiDocument_ListsEveryApiRouteTheAppServes()
    {
        var document = await GetDocumentAsync();
        var paths = document.GetProperty("paths");

        var missing = ApiRoutes().Where(r => !paths.TryGetProperty(r.Path, out var item) || !item.TryGetProperty(r.Method, out _)).ToList();

        Assert.True(ApiRoutes().Count >= 7, "the room routes, their events and /api/continue should all be found");
        Assert.Empty(missing);
    }

    [Fact]
    public async Task OpenApiDocument_EveryApiOperationHasASummaryAndResponses()
    {
        var document = await GetDocumentAsync();

        var operations = document.GetProperty("paths").EnumerateObject().Where(p => p.Name.StartsWith("/api/", StringComparison.Ordinal))
            .SelectMany(p => p.Value.EnumerateObject().Select(o => (Name: $"{o.Name} {p.Name}", Operation: o.Value))).ToList();

        Assert.NotEmpty(operations);
        Assert.All(operations, o => Assert.True(o.Operation.TryGetProperty("summary", out var s) && s.GetString()!.Length > 0, $"{o.Name} has no summary"));
        Assert.All(operations, o => Assert.True(o.Operation.GetProperty("responses").EnumerateObject().Any(), $"{o.Name} lists no responses"));
    }

    [Fact]
    public async Task ScalarPage_Returns200HtmlThatLoadsItsScriptFromTheAppItself()
    {
        var client = app.CreateClient();

        var response = await client.GetAsync("/scalar");
        var html = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        var scripts = ScriptSources().Matches(html).Select(m => m.Groups[1].Value).ToList();
        Assert.NotEmpty(scripts);
        Assert.All(scripts, s => Assert.DoesNotMatch("^(https?:)?//", s));
        foreach (var script in scripts)
        {
            var asset = await client.GetAsync(new Uri(response.RequestMessage!.RequestUri!, script));
            Assert.Equal(HttpStatusCode.OK, asset.StatusCode);
        }
    }

    private async Task<JsonElement> GetDocumentAsync()
    {
        var response = await app.CreateClient().GetAsync("/openapi/v1.json");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone();
    }

    /// <summary>Every /api route the app maps (the catch-all 404 route aside), as OpenAPI writes path and method.</summary>
    private List<(string Path, string Method)> ApiRoutes() =>
        [.. app.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.RoutePattern.RawText?.StartsWith("/api/", StringComparison.Ordinal) == true && !e.RoutePattern.RawText.Contains("**"))
            .SelectMany(e => (e.Metadata.GetMetadata<Microsoft.AspNetCore.Routing.HttpMethodMetadata>()?.HttpMethods ?? ["GET"])
                .Select(m => (Path: e.RoutePattern.RawText!.TrimEnd('/'), Method: m.ToLowerInvariant())))
            .Distinct()];

    [GeneratedRegex("<script[^>]*\\ssrc=\"([^\"]+)\"", RegexOptions.IgnoreCase)]
    private static partial Regex ScriptSources();
}
