using System.Net;
using System.Net.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using RelayNovel.Tests.Infrastructure;

namespace RelayNovel.Tests.Browser;

/// <summary>
/// In a real browser, the home page's "create" takes from the same per-client write budget as <c>POST /api/rooms</c>:
/// the circuit knows the browser's address, and a client that spent its budget over HTTP cannot go on through the page.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class HomeWriteLimitBrowserTests
{
    [ChromiumFact]
    public async Task CreateRoom_BudgetSpentOverHttpFromTheSameAddress_PageSaysTooManyRequestsAndCreatesNothing()
    {
        await using var app = new RelayNovelAppFactory().Set("RelayNovel:WritesPerWindow", "1").Set("RelayNovel:WriteWindowSeconds", "600");
        var baseUrl = app.StartKestrel().GetLeftPart(UriPartial.Authority).Replace("[::]", "127.0.0.1", StringComparison.Ordinal);
        using var http = new HttpClient { BaseAddress = new Uri(baseUrl) };
        Assert.Equal(HttpStatusCode.Created, (await http.PostAsJsonAsync("/api/rooms", new { title = "HTTP로 만든 방" })).StatusCode);
        await using var browser = await BrowserSession.StartAsync();
        var page = await browser.NewPersonAsync(baseUrl);

        await page.GotoAsync("/");
        await page.Locator("[data-testid=create-room]:not([disabled])").WaitForAsync();
        await page.Locator("input[data-testid=room-title]").FillAsync("한도를 넘은 방");
        await page.Locator("[data-testid=create-room]").ClickAsync();

        await Assertions.Expect(page.Locator("[data-testid=settings-server-error]")).ToContainTextAsync("요청이 너무 많습니다");
        Assert.DoesNotContain("/rooms/", page.Url, StringComparison.Ordinal);
        Assert.Equal(1, app.Store.RoomCount());
    }
}
