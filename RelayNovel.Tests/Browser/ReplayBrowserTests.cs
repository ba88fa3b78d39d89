using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Playwright;

namespace RelayNovel.Tests.Browser;

/// <summary>
/// A story written through the HTTP API (two people, then the tiny model's AI turn), watched again in Chromium:
/// played at 8×, then scrubbed back to a finished turn and into the middle of the AI's turn.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class ReplayBrowserTests(BrowserServerFixture server) : IClassFixture<BrowserServerFixture>
{
    private const string First = "비가 내렸다.";
    private const string Second = "우산은 없었다.";

    [ChromiumFact]
    public async Task Replay_PlayAtEightTimesThenScrub_ShowsTheStoryAsItStoodAtEachPoint()
    {
        var (roomId, aiText) = await WriteStoryThroughApiAsync();
        await using var browser = await BrowserSession.StartAsync();
        var page = await browser.NewPersonAsync(server.BaseUrl);

        await page.GotoAsync($"/rooms/{roomId}/replay");
        await page.Locator("[data-testid=replay][data-ready=true]").WaitForAsync();
        var turns = page.Locator("[data-testid=story] [data-testid=turn] .turn-text");
        await Assertions.Expect(page.Locator("[data-testid=replay-start]")).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator(".replay-marker")).ToHaveCountAsync(3);

        await page.Locator("[data-testid=replay-speed] [data-speed='8']").ClickAsync();
        await Assertions.Expect(page.Locator("[data-testid=replay-speed]")).ToHaveAttributeAsync("data-speed", "8");
        await page.Locator("[data-testid=replay-play]").ClickAsync();
        await Assertions.Expect(turns).ToHaveTextAsync([First, Second, aiText], new() { Timeout = 30_000 });
        await Assertions.Expect(page.Locator("[data-testid=replay-play]")).ToHaveAttributeAsync("data-playing", "false");
        await Assertions.Expect(page.Locator("[data-testid=replay-model]")).Not.ToBeEmptyAsync();

        // Back to the moment the first turn was committed.
        var scrubber = page.Locator("[data-testid=replay-scrubber]");
        await scrubber.FillAsync(await MarkerAsync(page, 0, "data-turn-end"));
        await Assertions.Expect(turns).ToHaveTextAsync([First]);
        await Assertions.Expect(page.Locator("[data-testid=replay-writing]")).ToHaveCountAsync(0);

        // One millisecond before the AI's turn ends: both people's turns, and the AI still writing a prefix of its text.
        var aiEnd = long.Parse(await MarkerAsync(page, 2, "data-turn-end"), CultureInfo.InvariantCulture);
        await scrubber.FillAsync((aiEnd - 1).ToString(CultureInfo.InvariantCulture));
        await Assertions.Expect(turns).ToHaveTextAsync([First, Second]);
        var writing = await page.Locator("[data-testid=replay-writing] .turn-text").TextContentAsync() ?? "";
        Assert.StartsWith(writing, aiText, StringComparison.Ordinal);

        // A deep link opens at the turn it names, counted as the page counts turns (from 1).
        await page.GotoAsync($"/rooms/{roomId}/replay#turn/2");
        await page.Locator("[data-testid=replay][data-ready=true]").WaitForAsync();
        await Assertions.Expect(turns).ToHaveTextAsync([First, Second]);
        await Assertions.Expect(page.Locator("[data-testid=replay-position]")).ToContainTextAsync("2 / 3");

        // Arrow keys on the scrubber step a whole turn, not a millisecond.
        await scrubber.FocusAsync();
        await page.Keyboard.PressAsync("ArrowRight");
        await Assertions.Expect(turns).ToHaveTextAsync([First, Second, aiText]);
        await Assertions.Expect(scrubber).ToHaveValueAsync(await MarkerAsync(page, 2, "data-turn-end"));
        await page.Keyboard.PressAsync("ArrowLeft");
        await page.Keyboard.PressAsync("ArrowLeft");
        await Assertions.Expect(turns).ToHaveTextAsync([First]);
        await Assertions.Expect(scrubber).ToHaveValueAsync(await MarkerAsync(page, 0, "data-turn-end"));
    }

    private static async Task<string> MarkerAsync(IPage page, int turn, string attribute) =>
        await page.Locator($".replay-marker[data-turn-index='{turn}']").GetAttributeAsync(attribute) ?? "";

    /// <summary>Two people write through the API; the baton then reaches the AI seat and the tiny model writes.</summary>
    private async Task<(string RoomId, string AiText)> WriteStoryThroughApiAsync()
    {
        using var http = new HttpClient { BaseAddress = new Uri(server.BaseUrl) };
        var created = await http.PostAsJsonAsync("/api/rooms", new
        {
            title = "다시 보는 이야기",
            seatPlan = new[] { "human", "human", "ai" },
            turnTimerSeconds = 0,
            // A fixed length: a random-weight model may "end a sentence" after one token.
            ai = new { temperature = 0.9, topK = 40, topP = 0.95, repetitionPenalty = 1.1, maxTokens = 16, endAtSentence = false, pace = "asGenerated" },
        });
        created.EnsureSuccessStatusCode();
        var roomId = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
        var minji = await JoinAsync(http, roomId, "민지");
        var seojun = await JoinAsync(http, roomId, "서준");
        (await http.PostAsJsonAsync($"/api/rooms/{roomId}/turns", new { participantKey = minji, text = First })).EnsureSuccessStatusCode();
        (await http.PostAsJsonAsync($"/api/rooms/{roomId}/turns", new { participantKey = seojun, text = Second })).EnsureSuccessStatusCode();

        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (true)
        {
            var room = await http.GetFromJsonAsync<JsonElement>($"/api/rooms/{roomId}");
            var turns = room.GetProperty("turns");
            if (turns.GetArrayLength() == 3)
            {
                Assert.Equal("ai", turns[2].GetProperty("kind").GetString());
                return (roomId, turns[2].GetProperty("text").GetString()!);
            }
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"The AI turn was not committed in time: {room}");
            }
            await Task.Delay(100);
        }
    }

    private static async Task<string> JoinAsync(HttpClient http, string roomId, string name)
    {
        var joined = await http.PostAsJsonAsync($"/api/rooms/{roomId}/seats", new { name });
        joined.EnsureSuccessStatusCode();
        return (await joined.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("participantKey").GetString()!;
    }
}
