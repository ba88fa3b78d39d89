using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Playwright;
using RelayNovel.Tests.Browser;
using RelayNovel.Tests.Infrastructure;

namespace RelayNovel.Tests.Ops;

/// <summary>
/// The room works in Chromium under the Content-Security-Policy with nothing refused, and /metrics sees the page's
/// circuit and its room while it is open, and neither once it is closed.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class CspBrowserTests(BrowserServerFixture server) : IClassFixture<BrowserServerFixture>
{
    // Runs before any page script and outside the page's CSP: records every violation the browser reports.
    private const string RecordViolations =
        "window.__cspViolations = []; document.addEventListener('securitypolicyviolation', e => " +
        "window.__cspViolations.push(e.violatedDirective + ' blocked ' + (e.blockedURI || 'inline') + ' at ' + e.sourceFile + ':' + e.lineNumber));";

    [ChromiumFact]
    public async Task Room_UnderTheCsp_JoinAndWriteWithNoViolationAndMetricsSeeTheCircuit()
    {
        using var http = new HttpClient { BaseAddress = new Uri(server.BaseUrl) };
        var created = await http.PostAsJsonAsync("/api/rooms", new { title = "보안 정책 방", seatPlan = new[] { "human", "ai" }, turnTimerSeconds = 0 });
        var roomId = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString();
        await using var browser = await BrowserSession.StartAsync();
        var page = await browser.NewPersonAsync(server.BaseUrl);
        await page.AddInitScriptAsync(RecordViolations);
        var consoleErrors = new List<string>();
        page.Console += (_, message) =>
        {
            if (message.Type == "error")
            {
                consoleErrors.Add(message.Text);
            }
        };

        await page.GotoAsync("/");
        await page.Locator("[data-testid=create-room]:not([disabled])").WaitForAsync();
        await page.GotoAsync($"/rooms/{roomId}");
        await page.Locator("[data-testid=room][data-ready=true]").WaitForAsync();
        await page.Locator("input[data-testid=join-name]").FillAsync("민지");
        await page.Locator("[data-testid=join-submit]").ClickAsync();
        await Assertions.Expect(page.Locator("[data-testid=turn-editor]")).ToBeEnabledAsync();
        await page.Locator("[data-testid=turn-editor]").FillAsync("기차가 멈췄다.");
        await page.Locator("[data-testid=turn-submit]").ClickAsync();
        await Assertions.Expect(page.Locator("[data-testid=story] [data-testid=turn][data-turn-index='0'] .turn-text")).ToHaveTextAsync("기차가 멈췄다.");
        var metrics = await http.GetStringAsync("/metrics");
        var violations = await page.EvaluateAsync<string[]>("() => window.__cspViolations");
        await page.Context.CloseAsync();
        var afterClose = "";
        await Deadline.UntilAsync(() =>
        {
            afterClose = http.GetStringAsync("/metrics").GetAwaiter().GetResult();
            return MetricsEndpointTests.Value(afterClose, "relaynovel_circuits_connected") == 0;
        }, "the closed page's circuit to leave /metrics");

        Assert.Empty(violations);
        Assert.DoesNotContain(consoleErrors, e => e.Contains("Content Security Policy", StringComparison.OrdinalIgnoreCase));
        Assert.True(MetricsEndpointTests.Value(metrics, "relaynovel_circuits_connected") >= 1, metrics);
        Assert.True(MetricsEndpointTests.Value(metrics, "relaynovel_rooms_active") >= 1, metrics);
        Assert.Equal(0, MetricsEndpointTests.Value(afterClose, "relaynovel_rooms_active"));
    }
}
