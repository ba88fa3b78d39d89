using System.Text.RegularExpressions;
using Microsoft.Playwright;

namespace RelayNovel.Tests.Browser;

/// <summary>
/// The room as two people see it in Chromium: A creates a room and writes a Korean turn through real IME
/// composition, B watches the draft and the commit, then the AI's turn streams into both pages. Kept to one
/// long scenario because each browser test costs seconds on a small machine.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class RoomBrowserTests(BrowserServerFixture server) : IClassFixture<BrowserServerFixture>
{
    private const string KoreanTurn = "안녕, 세상.";

    [ChromiumFact]
    public async Task Room_KoreanTurnThenAiTurn_BothPagesSeeItLiveAndAfterReload()
    {
        await using var browser = await BrowserSession.StartAsync();
        var a = await browser.NewPersonAsync(server.BaseUrl);
        var b = await browser.NewPersonAsync(server.BaseUrl);

        // A creates a room: one human seat, then the AI; no timer, so nothing is skipped while the test runs.
        await a.GotoAsync("/");
        await a.Locator("[data-testid=create-room]:not([disabled])").WaitForAsync();
        await a.Locator("input[data-testid=room-title]").FillAsync("비 오는 밤");
        await a.Locator("input[data-testid=settings-human-seats]").FillAsync("1");
        await a.Locator("input[data-testid=settings-ai-seats]").FillAsync("1");
        await a.Locator("input[data-testid=settings-ai-position]").FillAsync("1");
        await a.Locator("input[data-testid=settings-timer]").FillAsync("0");
        // A random-weight model may "end a sentence" after one token; a fixed length keeps the stream long enough to watch.
        await a.Locator("[data-testid=settings-ai-panel] .mud-expand-panel-header").ClickAsync();
        await a.Locator("input[data-testid=settings-max-tokens]").FillAsync("40");
        await a.Locator("input[data-testid=settings-end-at-sentence], [data-testid=settings-end-at-sentence] input").First.UncheckAsync();
        await a.Locator("[data-testid=create-room]").ClickAsync();
        try
        {
            // Polls the address: Blazor opens the room by in-page navigation, which fires no "load" event for
            // WaitForURL to wait on (it once timed out in CI with the room already on screen).
            await Assertions.Expect(a).ToHaveURLAsync(new Regex("/rooms/[A-Za-z0-9_-]{16,}$"), new() { Timeout = 60_000 });
        }
        catch (PlaywrightException ex)
        {
            throw new TimeoutException($"Creating the room did not open it. The page said: {await a.Locator("body").InnerTextAsync()}", ex);
        }
        var roomUrl = a.Url;
        await WaitReadyAsync(a);
        Assert.Equal("비 오는 밤", (await a.Locator("[data-testid=room-title]").TextContentAsync())?.Trim());
        Assert.Equal(roomUrl, await a.Locator("input[data-testid=invite-link]").InputValueAsync());

        await a.Locator("input[data-testid=join-name]").FillAsync("민지");
        await a.Locator("[data-testid=join-submit]").ClickAsync();
        await Assertions.Expect(a.Locator("[data-testid=turn-editor]")).ToBeEnabledAsync();

        // B opens the invite link and watches.
        await b.GotoAsync(roomUrl);
        await WaitReadyAsync(b);
        await b.Locator("input[data-testid=join-name]").FillAsync("서준");
        await b.Locator("[data-testid=join-spectate]").ClickAsync();
        await Assertions.Expect(b.Locator("[data-testid=spectating]")).ToBeVisibleAsync();
        await RecordAiStreamAsync(a);
        await RecordAiStreamAsync(b);

        // A types 안녕 the way a Korean IME does: jamo composed into a syllable, committed, then the next one.
        var editor = a.Locator("[data-testid=turn-editor]");
        await editor.FocusAsync();
        var ime = await a.Context.NewCDPSessionAsync(a);
        await ComposeAsync(ime, "ㅇ", "아", "안");
        // The composing syllable reaches B while A is still composing: the server round trip happens mid-composition.
        await Assertions.Expect(b.Locator("[data-testid=draft]")).ToHaveTextAsync("안");
        await InsertAsync(ime, "안");
        await ComposeAsync(ime, "ㄴ", "녀", "녕");
        await InsertAsync(ime, "녕");
        await InsertAsync(ime, ", 세상.");

        Assert.Equal(KoreanTurn, await editor.InputValueAsync());
        await Assertions.Expect(b.Locator("[data-testid=draft]")).ToHaveTextAsync(KoreanTurn);
        Assert.Equal(KoreanTurn, await editor.InputValueAsync());

        await a.Locator("[data-testid=turn-submit]").ClickAsync();
        var bFirstTurn = b.Locator("[data-testid=story] [data-testid=turn][data-turn-index='0']");
        await Assertions.Expect(bFirstTurn).ToHaveAttributeAsync("data-author-kind", "human");
        await Assertions.Expect(bFirstTurn.Locator(".turn-text")).ToHaveTextAsync(KoreanTurn);
        // A's own page renders the commit on its next tick, not necessarily before B's: wait for it.
        await Assertions.Expect(editor).ToHaveValueAsync("");

        // The baton passes to the AI: its text streams into both pages, then is committed as an AI turn.
        foreach (var page in new[] { a, b })
        {
            await Assertions.Expect(page.Locator("[data-testid=turn][data-author-kind=ai]")).ToHaveCountAsync(1, new() { Timeout = 60_000 });
            var aiTurn = page.Locator("[data-testid=turn][data-author-kind=ai]");
            var notice = await page.Locator("[data-testid=ai-notice]").AllTextContentsAsync();
            Assert.True(await aiTurn.GetAttributeAsync("data-turn-kind") == "ai",
                $"the AI should have written its turn, got a {await aiTurn.GetAttributeAsync("data-turn-kind")} turn; notice: {string.Join(" ", notice)}");
            var lengths = await page.EvaluateAsync<int[]>("() => window.__aiStreamLengths");
            Assert.True(lengths.Distinct().Count(l => l > 0) >= 2,
                $"the ai-stream text should be seen growing, saw lengths [{string.Join(", ", lengths)}]");
            Assert.False(string.IsNullOrWhiteSpace(await page.Locator("[data-testid=turn][data-author-kind=ai] .turn-text").TextContentAsync()));
            Assert.NotEmpty((await page.Locator("[data-testid=model-name]").TextContentAsync() ?? "").Trim());
        }
        var aiText = await a.Locator("[data-testid=turn][data-author-kind=ai] .turn-text").TextContentAsync();
        Assert.Equal(aiText, await b.Locator("[data-testid=turn][data-author-kind=ai] .turn-text").TextContentAsync());
        await Assertions.Expect(editor).ToBeEnabledAsync();

        // The baton is back with A: A's tab title and favicon say so; B's (a spectator's) do not.
        await Assertions.Expect(a).ToHaveTitleAsync(new System.Text.RegularExpressions.Regex("^✍ "));
        Assert.DoesNotMatch("^✍ ", await b.TitleAsync());
        // The favicon is swapped by JS right after the render that changed the title: wait for it rather than race it.
        await a.WaitForFunctionAsync("() => document.getElementById('favicon').getAttribute('href').includes('favicon-turn')");
        Assert.DoesNotContain("favicon-turn", await b.EvaluateAsync<string>("() => document.getElementById('favicon').getAttribute('href')"), StringComparison.Ordinal);

        await ScreenshotAsync(a, "room-desktop");

        // Reload: the story, the seat and whose turn it is are all still there.
        await a.ReloadAsync();
        await WaitReadyAsync(a);
        await Assertions.Expect(a.Locator("[data-testid=turn]")).ToHaveCountAsync(2);
        await Assertions.Expect(a.Locator("[data-testid=turn][data-turn-index='0'] .turn-text")).ToHaveTextAsync(KoreanTurn);
        await Assertions.Expect(a.Locator("[data-testid=turn][data-turn-index='1']")).ToHaveAttributeAsync("data-author-kind", "ai");
        await Assertions.Expect(a.Locator("[data-testid=room]")).ToHaveAttributeAsync("data-my-turn", "true");
        await Assertions.Expect(a.Locator("[data-testid=turn-editor]")).ToBeEnabledAsync();

        await b.ReloadAsync();
        await WaitReadyAsync(b);
        await Assertions.Expect(b.Locator("[data-testid=spectating]")).ToBeVisibleAsync();
        await Assertions.Expect(b.Locator("[data-testid=turn][data-turn-index='1'] .turn-text")).ToHaveTextAsync(aiText ?? "");

        var phone = await browser.NewPersonAsync(server.BaseUrl, 390, 844);
        await phone.GotoAsync(roomUrl);
        await WaitReadyAsync(phone);
        await ScreenshotAsync(phone, "room-phone");
    }

    private static Task WaitReadyAsync(IPage page) =>
        page.Locator("[data-testid=room][data-ready=true]").WaitForAsync();

    private static async Task ComposeAsync(ICDPSession ime, params string[] steps)
    {
        foreach (var text in steps)
        {
            await ime.SendAsync("Input.imeSetComposition", new Dictionary<string, object>
            {
                ["text"] = text,
                ["selectionStart"] = text.Length,
                ["selectionEnd"] = text.Length,
            });
        }
    }

    private static Task InsertAsync(ICDPSession ime, string text) =>
        ime.SendAsync("Input.insertText", new Dictionary<string, object> { ["text"] = text });

    // Every distinct length the ai-stream text takes, recorded in the page so no growth step is missed between polls.
    private static Task RecordAiStreamAsync(IPage page) => page.EvaluateAsync("""
        () => {
          window.__aiStreamLengths = [];
          const record = () => {
            const el = document.querySelector('[data-testid=ai-stream]');
            const length = el ? el.textContent.length : 0;
            const seen = window.__aiStreamLengths;
            if (length > 0 && seen[seen.length - 1] !== length) seen.push(length);
          };
          new MutationObserver(record).observe(document.body, { subtree: true, childList: true, characterData: true });
        }
        """);

    // Screenshots for a human look at the layout: written only when RELAYNOVEL_SCREENSHOTS names a folder.
    private static async Task ScreenshotAsync(IPage page, string name)
    {
        if (Environment.GetEnvironmentVariable("RELAYNOVEL_SCREENSHOTS") is { Length: > 0 } folder)
        {
            Directory.CreateDirectory(folder);
            await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(folder, $"{name}.png"), FullPage = true });
        }
    }
}
