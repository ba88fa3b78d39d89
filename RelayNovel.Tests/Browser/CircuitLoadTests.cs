using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Playwright;
using Xunit.Abstractions;

namespace RelayNovel.Tests.Browser;

/// <summary>
/// Many open pages (one Blazor circuit each) spread over several rooms: a turn committed through the API reaches
/// every page of its room, and no other room. Prints server memory per circuit and commit-to-render times.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class CircuitLoadTests(BrowserServerFixture server, ITestOutputHelper output) : IClassFixture<BrowserServerFixture>
{
    private const int PagesPerRoom = 5;

    [CircuitLoadFact]
    public async Task ManyCircuits_TurnCommittedInEachRoom_RendersInEveryPageOfThatRoomOnly()
    {
        var circuits = int.Parse(Environment.GetEnvironmentVariable("RELAYNOVEL_CIRCUITS")!, System.Globalization.CultureInfo.InvariantCulture);
        var roomCount = Math.Max(1, (circuits + PagesPerRoom - 1) / PagesPerRoom);
        using var http = new HttpClient { BaseAddress = new Uri(server.BaseUrl) };
        var rooms = new List<(string Id, string Key)>();
        for (var r = 0; r < roomCount; r++)
        {
            rooms.Add(await CreateRoomWithWriterAsync(http, $"방 {r}"));
        }

        await using var browser = await BrowserSession.StartAsync();
        var before = ManagedBytesAfterGc();
        var pages = new List<(IPage Page, int Room)>();
        for (var i = 0; i < circuits; i++)
        {
            var page = await browser.NewPersonAsync(server.BaseUrl);
            await page.GotoAsync($"/rooms/{rooms[i % roomCount].Id}");
            await page.Locator("[data-testid=room][data-ready=true]").WaitForAsync();
            pages.Add((page, i % roomCount));
        }

        var perCircuit = (ManagedBytesAfterGc() - before) / (double)circuits;
        var renderMs = new List<double>();
        for (var r = 0; r < roomCount; r++)
        {
            var text = $"{r}번 방의 첫 문장이다.";
            var clock = Stopwatch.StartNew();
            var response = await http.PostAsJsonAsync($"/api/rooms/{rooms[r].Id}/turns", new { participantKey = rooms[r].Key, text });
            response.EnsureSuccessStatusCode();
            var committedAt = clock.Elapsed.TotalMilliseconds;
            foreach (var (page, _) in pages.Where(p => p.Room == r))
            {
                await Assertions.Expect(page.Locator("[data-testid=turn][data-turn-index='0'] .turn-text")).ToHaveTextAsync(text);
                renderMs.Add(clock.Elapsed.TotalMilliseconds - committedAt);
            }

            foreach (var (page, _) in pages.Where(p => p.Room != r && p.Room > r))
            {
                Assert.Equal(0, await page.Locator("[data-testid=turn]").CountAsync());
            }
        }

        renderMs.Sort();
        output.WriteLine($"{circuits} circuits in {roomCount} rooms: server managed heap +{perCircuit / 1024:F0} KiB per circuit; " +
            $"commit-to-render p50 {renderMs[renderMs.Count / 2]:F0} ms, max {renderMs[^1]:F0} ms (sequential checks, upper bound)");
    }

    private static long ManagedBytesAfterGc()
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        return GC.GetTotalMemory(forceFullCollection: true);
    }

    private static async Task<(string Id, string Key)> CreateRoomWithWriterAsync(HttpClient http, string title)
    {
        var created = await http.PostAsJsonAsync("/api/rooms", new { title, turnTimerSeconds = 0 });
        var id = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
        var joined = await http.PostAsJsonAsync($"/api/rooms/{id}/seats", new { name = "작가" });
        return (id, (await joined.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("participantKey").GetString()!);
    }
}
