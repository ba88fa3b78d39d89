using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Playwright;
using RelayNovel.Tests.Browser;
using RelayNovel.Tests.Infrastructure;

namespace RelayNovel.Tests.Ops;

/// <summary>
/// /metrics' relaynovel_rooms_active in a real browser: rooms that exist with at least one open, connected room page.
/// An address that only looks like a room (a made-up id, a room's replay) opens a circuit but no room.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class RoomMetricsBrowserTests(BrowserServerFixture server) : IClassFixture<BrowserServerFixture>
{
    [ChromiumFact]
    public async Task RoomsActive_MadeUpIdAndReplayOpenThenTwoPagesOfOneRoom_CountsThatRoomOnce()
    {
        using var http = new HttpClient { BaseAddress = new Uri(server.BaseUrl) };
        var created = await http.PostAsJsonAsync("/api/rooms", new { title = "지표 방", turnTimerSeconds = 0 });
        var roomId = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString();
        await using var browser = await BrowserSession.StartAsync();

        var madeUp = await browser.NewPersonAsync(server.BaseUrl);
        await madeUp.GotoAsync("/rooms/no-such-room");
        await madeUp.Locator("[data-testid=room-not-found]").WaitForAsync();
        var replay = await browser.NewPersonAsync(server.BaseUrl);
        await replay.GotoAsync($"/rooms/{roomId}/replay");
        var lookalikes = await MetricsWhenAsync(http, m => m.Circuits >= 2, "both look-alike pages' circuits");
        var pages = new List<IPage>();
        for (var i = 0; i < 2; i++)
        {
            var page = await browser.NewPersonAsync(server.BaseUrl);
            await page.GotoAsync($"/rooms/{roomId}");
            await page.Locator("[data-testid=room][data-ready=true]").WaitForAsync();
            pages.Add(page);
        }
        var roomOpen = await MetricsWhenAsync(http, m => m.Circuits >= 4, "the room pages' circuits");
        foreach (var page in pages)
        {
            await page.Context.CloseAsync();
        }
        var roomClosed = await MetricsWhenAsync(http, m => m.Rooms == 0, "the closed room pages to leave /metrics");

        Assert.Equal(0, lookalikes.Rooms);
        Assert.Equal(1, roomOpen.Rooms);
        Assert.True(roomClosed.Circuits >= 2, $"{roomClosed.Circuits} circuits: the look-alike pages are still open");
    }

    private static async Task<(double Circuits, double Rooms)> MetricsWhenAsync(HttpClient http, Func<(double Circuits, double Rooms), bool> ready, string what)
    {
        (double, double) seen = default;
        await Deadline.UntilAsync(async () =>
        {
            var text = await http.GetStringAsync("/metrics");
            seen = (MetricsEndpointTests.Value(text, "relaynovel_circuits_connected"), MetricsEndpointTests.Value(text, "relaynovel_rooms_active"));
            return ready(seen);
        }, what, TimeSpan.FromSeconds(60));
        return seen;
    }
}
