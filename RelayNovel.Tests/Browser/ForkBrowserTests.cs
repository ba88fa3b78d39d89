using System.Text.RegularExpressions;
using Microsoft.Playwright;
using RelayNovel.Tests.Replay;
using RelayNovel.Web.Rooms;

namespace RelayNovel.Tests.Browser;

/// <summary>
/// Issue 15 in Chromium: "이 차례부터 새 이야기" on a room's turn opens the fork in a fresh page that knows this browser
/// as its owner (the key it saved), and the fork's "forked from" link leads back to that turn's card.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed partial class ForkBrowserTests(BrowserServerFixture server) : IClassFixture<BrowserServerFixture>
{
    [ChromiumFact]
    public async Task Fork_ClickedOnARoomTurn_OpensTheForkAsOwnerWithALinkBackToThatTurn()
    {
        // Two people's seats only, and the baton back at a person's seat: nothing writes while the test runs.
        var story = new HistoryBuilder()
            .Human(0, "민지", 1_500, (0, "비"), (1_000, "비가 내렸다."))
            .Human(1, "서준", 1_000, (300, "우산은 없었다."))
            .Human(0, "민지", 800, (200, "역은 비어 있었다."))
            .Human(1, "서준", 800, (200, "기차가 왔다."));
        var source = await server.App.Rooms.ImportAsync(
            new RoomSettings("갈래 길", "비 오는 역", SeatPlan: [SeatKind.Human, SeatKind.Human], TurnTimerSeconds: 0), [.. story.Turns]);
        await using var browser = await BrowserSession.StartAsync();
        var page = await browser.NewPersonAsync(server.BaseUrl);
        await page.GotoAsync($"/rooms/{source.RoomId}");
        await page.Locator("[data-testid=room][data-ready=true]").WaitForAsync();

        await page.Locator("[data-testid=turn][data-turn-index='1'] [data-testid=fork-turn]").ClickAsync();

        await page.WaitForURLAsync(url => RoomPage().IsMatch(url) && !url.Contains(source.RoomId, StringComparison.Ordinal));
        await page.Locator("[data-testid=room][data-ready=true]").WaitForAsync();
        await Assertions.Expect(page.Locator("[data-testid=story] [data-testid=turn] .turn-text")).ToHaveTextAsync(["비가 내렸다.", "우산은 없었다."]);
        await Assertions.Expect(page.Locator("[data-testid=owner-panel]")).ToBeVisibleAsync();
        var link = page.Locator("[data-testid=forked-from-link]");
        await Assertions.Expect(link).ToHaveAttributeAsync("href", $"/rooms/{source.RoomId}#turn-2");

        await link.ClickAsync();

        await page.WaitForURLAsync($"**/rooms/{source.RoomId}#turn-2");
        await Assertions.Expect(page.Locator("#turn-2 .turn-text")).ToHaveTextAsync("우산은 없었다.");
    }

    [GeneratedRegex(@"/rooms/[A-Za-z0-9_-]+$")]
    private static partial Regex RoomPage();
}
