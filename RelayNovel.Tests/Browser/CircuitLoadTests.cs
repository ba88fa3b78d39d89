using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Playwright;
using Xunit.Abstractions;

namespace RelayNovel.Tests.Browser;

/// <summary>
/// Many open pages (one Blazor circuit each) spread over several rooms: a turn committed through the API reaches
/// every page of its room, and no other room's turns ever reach a page. Prints server memory per circuit and commit-to-render times.
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
        var rooms = new List<(string Id, string First, string Second)>();
        for (var r = 0; r < roomCount; r++)
        {
            rooms.Add(await CreateRoomWithWritersAsync(http, $"방 {r}"));
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
            var text = $"{Mark(r)} 첫 문장이다.";
            var clock = Stopwatch.StartNew();
            var response = await http.PostAsJsonAsync($"/api/rooms/{rooms[r].Id}/turns", new { participantKey = rooms[r].First, text });
            response.EnsureSuccessStatusCode();
            var committedAt = clock.Elapsed.TotalMilliseconds;
            foreach (var (page, _) in pages.Where(p => p.Room == r))
            {
                await Assertions.Expect(page.Locator("[data-testid=turn][data-turn-index='0'] .turn-text")).ToHaveTextAsync(text);
                renderMs.Add(clock.Elapsed.TotalMilliseconds - committedAt);
            }
        }

        // Rooms stay separate, checked after every room's events have reached every page: a second turn in each room is
        // the barrier. A page renders its room's events in order, so once it shows its own room's second turn, whatever
        // another room's turn could have put on it is there too.
        for (var r = 0; r < roomCount; r++)
        {
            var barrier = await http.PostAsJsonAsync($"/api/rooms/{rooms[r].Id}/turns", new { participantKey = rooms[r].Second, text = $"{Mark(r)} 끝." });
            barrier.EnsureSuccessStatusCode();
        }
        foreach (var (page, r) in pages)
        {
            var story = page.Locator("[data-testid=story]");
            await Assertions.Expect(story).ToContainTextAsync($"{Mark(r)} 끝.");
            var shown = await story.TextContentAsync() ?? "";
            Assert.All(Enumerable.Range(0, roomCount).Where(o => o != r), o => Assert.DoesNotContain(Mark(o), shown, StringComparison.Ordinal));
            Assert.Equal(2, await page.Locator("[data-testid=turn]").CountAsync());
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

    /// <summary>A room's mark in its texts; bracketed so no room's mark is part of another's ("[방1]" is not in "[방11]").</summary>
    private static string Mark(int room) => $"[방{room}]";

    /// <summary>A room of two human seats (no AI, so the second writer's turn follows the first at once), both taken.</summary>
    private static async Task<(string Id, string First, string Second)> CreateRoomWithWritersAsync(HttpClient http, string title)
    {
        var created = await http.PostAsJsonAsync("/api/rooms", new { title, seatPlan = new[] { "human", "human" }, turnTimerSeconds = 0 });
        var id = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
        return (id, await JoinAsync(http, id, "첫 작가"), await JoinAsync(http, id, "둘째 작가"));
    }

    private static async Task<string> JoinAsync(HttpClient http, string roomId, string name)
    {
        var joined = await http.PostAsJsonAsync($"/api/rooms/{roomId}/seats", new { name });
        joined.EnsureSuccessStatusCode();
        return (await joined.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("participantKey").GetString()!;
    }
}
