using System.Text.Json;
using Microsoft.Playwright;
using RelayNovel.Tests.Browser;
using RelayNovel.Tests.Infrastructure;
using RelayNovel.Web.Rooms;

namespace RelayNovel.Tests.Rooms;

/// <summary>
/// The vote in Chromium: the alternatives stand side by side on a desktop-wide page and stack on a phone-wide one,
/// and a seated member's click counts.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class VoteBrowserTests
{
    [ChromiumFact]
    public async Task Vote_InTheBrowser_ColumnsOnDesktopStackedOnPhoneAndAClickVotes()
    {
        await using var app = RelayNovelAppFactory.WithModel(TestModels.TinyModelPath);
        var baseUrl = app.StartKestrel().GetLeftPart(UriPartial.Authority).Replace("[::]", "127.0.0.1", StringComparison.Ordinal);
        var room = await AiRoom.CreateAsync(app.Rooms, ownerSeated: false,
            new AiSettings(MaxTokens: 6, EndAtSentence: false, Pace: AiPace.AsGenerated), "민지", "서준");
        await using var page = await app.Rooms.ConnectAsync(room.Id, room.Keys[0]);
        using var log = await RoomEventLog.StartAsync(app.Broadcaster, room.Id);
        await room.StartVoteAsync(app, log, 3);
        await using var browser = await BrowserSession.StartAsync();

        var desktop = await OpenAsync(browser, baseUrl, room.Id, room.Keys[1], width: 1280);
        var phone = await OpenAsync(browser, baseUrl, room.Id, participantKey: null, width: 390);

        var wide = await BoxesAsync(desktop);
        var narrow = await BoxesAsync(phone);
        Assert.All(wide, b => Assert.InRange(b.Y, wide[0].Y - 2, wide[0].Y + 2));
        Assert.True(wide[0].X < wide[1].X && wide[1].X < wide[2].X, "side by side on a desktop");
        Assert.All(narrow, b => Assert.InRange(b.X, narrow[0].X - 2, narrow[0].X + 2));
        Assert.True(narrow[0].Y < narrow[1].Y && narrow[1].Y < narrow[2].Y, "stacked on a phone");
        Assert.Equal(0, await phone.Locator("[data-testid=vote-button]").CountAsync());

        await desktop.Locator("[data-testid=alternative][data-index='2'] [data-testid=vote-button]").ClickAsync();

        await Assertions.Expect(desktop.Locator("[data-testid=alternative][data-index='2'] [data-testid=vote-count]")).ToHaveTextAsync("1표");
        await Assertions.Expect(phone.Locator("[data-testid=alternative][data-index='2'] [data-testid=vote-count]")).ToHaveTextAsync("1표");
        Assert.Equal(new Dictionary<int, int> { [1] = 2 }, (await app.Rooms.GetAsync(room.Id))!.Vote!.VotesBySeat);
    }

    private static async Task<IPage> OpenAsync(BrowserSession browser, string baseUrl, string roomId, string? participantKey, int width)
    {
        var page = await browser.NewPersonAsync(baseUrl, width, 900);
        var remembered = JsonSerializer.Serialize(new[] { new { id = roomId, title = "", ownerKey = (string?)null, participantKey, lastSeen = 1 } });
        await page.AddInitScriptAsync($"localStorage.setItem('relaynovel.rooms', {JsonSerializer.Serialize(remembered)});");
        await page.GotoAsync($"/rooms/{roomId}");
        await page.Locator("[data-testid=room][data-ready=true]").WaitForAsync();
        await Assertions.Expect(page.Locator("[data-testid=alternative]")).ToHaveCountAsync(3);
        return page;
    }

    private static async Task<LocatorBoundingBoxResult[]> BoxesAsync(IPage page)
    {
        var boxes = new List<LocatorBoundingBoxResult>();
        for (var i = 0; i < 3; i++)
        {
            boxes.Add((await page.Locator($"[data-testid=alternative][data-index='{i}']").BoundingBoxAsync())!);
        }
        return [.. boxes];
    }
}
