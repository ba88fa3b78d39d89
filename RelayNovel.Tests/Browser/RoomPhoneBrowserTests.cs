using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Playwright;

namespace RelayNovel.Tests.Browser;

/// <summary>
/// The room page where a desktop test can't tell: a phone-sized window with a long story (the editor far below), and
/// an address without the clipboard API (plain http from another machine is not a secure context).
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class RoomPhoneBrowserTests(BrowserServerFixture server) : IClassFixture<BrowserServerFixture>
{
    [ChromiumFact]
    public async Task Room_PhoneWithLongStory_FoldsOlderTurnsAndJumpsToTheEditor()
    {
        var (roomId, myKey) = await WriteLongStoryAsync();
        await using var browser = await BrowserSession.StartAsync();
        var phone = await browser.NewPersonAsync(server.BaseUrl, 390, 844);
        await OpenSeatedAsync(phone, roomId, myKey);

        var turns = phone.Locator("[data-testid=story] [data-testid=turn]");
        await Assertions.Expect(turns).ToHaveCountAsync(8);
        await Assertions.Expect(turns.First).ToBeHiddenAsync();
        await Assertions.Expect(turns.Last).ToBeVisibleAsync();
        var editor = phone.Locator("[data-testid=turn-editor]");
        await Assertions.Expect(editor).ToBeEnabledAsync();

        var jump = phone.Locator("[data-testid=jump-to-editor]");
        await Assertions.Expect(editor).Not.ToBeInViewportAsync();
        await Assertions.Expect(jump).ToBeVisibleAsync();

        await jump.ClickAsync();
        await Assertions.Expect(editor).ToBeInViewportAsync();
        await Assertions.Expect(editor).ToBeFocusedAsync();
        // The editor is in sight: the button steps aside until it isn't.
        await Assertions.Expect(jump).ToBeHiddenAsync();

        await phone.Locator("[data-testid=story-toggle]").ClickAsync();
        await Assertions.Expect(turns.First).ToBeVisibleAsync();
        await turns.First.ScrollIntoViewIfNeededAsync();
        await Assertions.Expect(jump).ToBeVisibleAsync();
    }

    [ChromiumFact]
    public async Task Room_CopyWithoutClipboardApi_SelectsTheLinkAndSaysHowToCopy()
    {
        var (roomId, myKey) = await WriteLongStoryAsync();
        await using var browser = await BrowserSession.StartAsync();
        var page = await browser.NewPersonAsync(server.BaseUrl);
        // What a page served over plain http from another machine sees: no navigator.clipboard at all.
        await page.Context.AddInitScriptAsync("Object.defineProperty(Navigator.prototype, 'clipboard', { get: () => undefined, configurable: true });");
        await OpenSeatedAsync(page, roomId, myKey);
        Assert.Null(await page.EvaluateAsync<object?>("() => navigator.clipboard ?? null"));

        await page.Locator("[data-testid=copy-invite]").ClickAsync();

        await Assertions.Expect(page.Locator("[data-testid=copy-fallback]")).ToContainTextAsync("링크를 선택했어요");
        var selected = await page.EvaluateAsync<string>(
            "() => { const i = document.querySelector('input[data-testid=invite-link]'); return i.value.substring(i.selectionStart, i.selectionEnd); }");
        Assert.Equal($"{server.BaseUrl}/rooms/{roomId}", selected);
    }

    /// <summary>Opens the room as the browser that holds seat 0 (its key in localStorage, as after joining).</summary>
    private static async Task OpenSeatedAsync(IPage page, string roomId, string participantKey)
    {
        await page.GotoAsync("/");
        await page.EvaluateAsync("([id, key]) => localStorage.setItem('relaynovel.rooms', JSON.stringify([{ id, title: '', ownerKey: null, participantKey: key, lastSeen: Date.now() }]))",
            new[] { roomId, participantKey });
        await page.GotoAsync($"/rooms/{roomId}");
        await page.Locator("[data-testid=room][data-ready=true]").WaitForAsync();
    }

    /// <summary>Two people write eight long turns through the API; the baton is then back with the first.</summary>
    private async Task<(string RoomId, string FirstKey)> WriteLongStoryAsync()
    {
        using var http = new HttpClient { BaseAddress = new Uri(server.BaseUrl) };
        var created = await http.PostAsJsonAsync("/api/rooms", new { title = "긴 이야기", seatPlan = new[] { "human", "human" }, turnTimerSeconds = 0 });
        created.EnsureSuccessStatusCode();
        var roomId = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
        string[] keys = [await JoinAsync(http, roomId, "민지"), await JoinAsync(http, roomId, "서준")];
        for (var i = 0; i < 8; i++)
        {
            var text = string.Concat(Enumerable.Repeat($"{i + 1}번째 차례의 긴 문장이 이어진다. ", 12));
            (await http.PostAsJsonAsync($"/api/rooms/{roomId}/turns", new { participantKey = keys[i % 2], text })).EnsureSuccessStatusCode();
        }
        return (roomId, keys[0]);
    }

    private static async Task<string> JoinAsync(HttpClient http, string roomId, string name)
    {
        var joined = await http.PostAsJsonAsync($"/api/rooms/{roomId}/seats", new { name });
        joined.EnsureSuccessStatusCode();
        return (await joined.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("participantKey").GetString()!;
    }
}
