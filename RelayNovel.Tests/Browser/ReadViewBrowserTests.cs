using System.Globalization;
using System.Net.Http.Json;
using Microsoft.Playwright;
using RelayNovel.Tests.Replay;
using RelayNovel.Web.Rooms;

namespace RelayNovel.Tests.Browser;

/// <summary>
/// Issue 15: the reading view in Chromium — reached from the room's history links, Korean typography (keep-all, ~1.8
/// leading, ~36em measure), the chapter heading the owner set over HTTP, the author's name on keyboard focus, and the
/// app's dark theme.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class ReadViewBrowserTests(BrowserServerFixture server) : IClassFixture<BrowserServerFixture>
{
    [ChromiumFact]
    public async Task ReadView_FromTheRoom_ReadsAsABookPageInLightAndDark()
    {
        var turns = new HistoryBuilder()
            .Human(0, "민지", 1_000, (0, "비가 내렸다.\n\"우산 있어?\""))
            .Ai(1, (50, " 역무원이"), (90, " 고개를 저었다.")).Turns;
        var created = await server.App.Rooms.ImportAsync(new RoomSettings("책처럼 읽기", SeatPlan: [SeatKind.Human, SeatKind.Ai]), [.. turns]);
        using var http = new HttpClient { BaseAddress = new Uri(server.BaseUrl) };
        (await http.PutAsJsonAsync($"/api/rooms/{created.RoomId}/turns/1/chapter", new { ownerKey = created.OwnerKey, title = "둘째 장" }))
            .EnsureSuccessStatusCode();
        await using var browser = await BrowserSession.StartAsync();
        var page = await browser.NewPersonAsync(server.BaseUrl);

        await page.GotoAsync($"/rooms/{created.RoomId}");
        await page.Locator("[data-interactive=true]").WaitForAsync();
        await page.Locator("[data-testid=read-link]").ClickAsync();
        await page.WaitForURLAsync($"**/rooms/{created.RoomId}/read");
        await page.Locator("[data-interactive=true]").WaitForAsync();
        var view = page.Locator("[data-testid=read-view]");
        await Assertions.Expect(view.Locator("[data-testid=chapter-mark]")).ToHaveTextAsync("둘째 장");
        await Assertions.Expect(view.Locator("p.read-paragraph")).ToHaveTextAsync(["비가 내렸다.", "\"우산 있어?\"", "역무원이 고개를 저었다."]);

        await Assertions.Expect(view).ToHaveCSSAsync("word-break", "keep-all");   // once the page's styles are in
        var style = await view.EvaluateAsync<string[]>(
            "e => { const s = getComputedStyle(e); return [s.wordBreak, s.lineHeight, s.fontSize, s.maxWidth, s.color]; }");
        Assert.Equal("keep-all", style[0]);
        var (lineHeight, fontSize, maxWidth) = (Px(style[1]), Px(style[2]), Px(style[3]));
        Assert.InRange(lineHeight / fontSize, 1.7, 1.9);
        Assert.InRange(maxWidth / fontSize, 34, 38);

        // Keyboard: the first author mark takes focus and shows the author's name.
        var mark = view.Locator("[data-testid=read-author-mark]").First;
        await mark.FocusAsync();
        await Assertions.Expect(mark).ToBeFocusedAsync();
        await Assertions.Expect(mark).ToHaveAttributeAsync("aria-label", "민지 씀");
        await Assertions.Expect(mark.Locator(".read-mark-name")).ToHaveCSSAsync("opacity", "1");

        await page.Locator("[data-testid=theme-toggle]").ClickAsync();
        await page.WaitForFunctionAsync("c => getComputedStyle(document.querySelector('[data-testid=read-view]')).color !== c", style[4]);
        var dark = await view.EvaluateAsync<string>("e => getComputedStyle(e).color");
        Assert.True(Luminance(dark) > Luminance(style[4]), $"dark theme text {dark} should be lighter than light theme text {style[4]}");

        await page.Locator("[data-testid=read-replay-link]").ClickAsync();
        await page.WaitForURLAsync($"**/rooms/{created.RoomId}/replay");
        await Assertions.Expect(page.Locator("[data-testid=read-link]")).ToHaveAttributeAsync("href", $"/rooms/{created.RoomId}/read");
    }

    private static double Px(string value) => double.Parse(value.Replace("px", "", StringComparison.Ordinal), CultureInfo.InvariantCulture);

    /// <summary>Rough brightness of a CSS rgb()/rgba() colour (0–255).</summary>
    private static double Luminance(string rgb)
    {
        var parts = rgb[(rgb.IndexOf('(', StringComparison.Ordinal) + 1)..rgb.IndexOf(')', StringComparison.Ordinal)]
            .Split(',').Select(p => double.Parse(p.Trim(), CultureInfo.InvariantCulture)).ToArray();
        return (0.2126 * parts[0]) + (0.7152 * parts[1]) + (0.0722 * parts[2]);
    }
}
