using Microsoft.Playwright;
using RelayNovel.Tests.Browser;

namespace RelayNovel.Tests.Accessibility;

/// <summary>
/// A whole room turn with the keyboard alone: after the page loads, the test only presses Tab, Enter and Space and
/// types text (it reads the page, never clicks), and every control it reaches shows a focus ring.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class KeyboardOnlyBrowserTests(AccessibilityFixture fixture) : IClassFixture<AccessibilityFixture>
{
    [ChromiumFact]
    public async Task Room_KeyboardOnly_JoinWriteSubmitStopRetryAndVote()
    {
        string roomId;
        using (var http = new HttpClient { BaseAddress = new Uri(fixture.BaseUrl) })
        {
            // Shown at the natural pace: the AI's turn lasts seconds, time enough to reach "stop" with the keyboard.
            roomId = await fixture.CreateRoomAsync(http, "키보드로 쓰는 밤", maxTokens: 120, pace: "natural");
        }
        var page = await fixture.NewPersonAsync(roomId: null, participantKey: null, dark: false);
        await page.GotoAsync($"/rooms/{roomId}");
        await page.Locator("[data-testid=join-panel]").WaitForAsync();
        await Assertions.Expect(page.Locator("[data-testid=join-submit]")).ToBeEnabledAsync();

        // Join: the name field, then the seat button.
        await TabToAsync(page, "input[data-testid=join-name]");
        await page.Keyboard.TypeAsync("민지");
        await TabToAsync(page, "[data-testid=join-submit]");
        await page.Keyboard.PressAsync("Enter");
        var editor = page.Locator("[data-testid=turn-editor]");
        await Assertions.Expect(editor).ToBeEnabledAsync();

        // Write and submit.
        await TabToAsync(page, "[data-testid=turn-editor]");
        await page.Keyboard.TypeAsync("비가 내렸다.");
        await TabToAsync(page, "[data-testid=turn-submit]");
        await page.Keyboard.PressAsync("Enter");
        await Assertions.Expect(page.Locator("[data-testid=turn][data-author-kind=human]")).ToHaveCountAsync(1);

        // Stop the AI mid-turn: what it showed so far becomes its turn.
        await page.Locator("[data-testid=ai-stream]").WaitForAsync();
        await TabToAsync(page, "[data-testid=stop-ai]", backwards: true);
        await page.Keyboard.PressAsync("Enter");
        await Assertions.Expect(page.Locator("[data-testid=turn][data-author-kind=ai]")).ToHaveCountAsync(1);
        await Assertions.Expect(page.Locator("[data-testid=ai-stream]")).ToHaveCountAsync(0);

        // Retry the stopped turn (Space activates a button too), then ask for two alternatives while it writes.
        await TabToAsync(page, "[data-testid=retry-ai]");
        await page.Keyboard.PressAsync(" ");
        await page.Locator("[data-testid=ai-stream]").WaitForAsync();
        await TabToAsync(page, "[data-testid=ask-alternatives-2]");
        await page.Keyboard.PressAsync("Enter");
        await Assertions.Expect(page.Locator("[data-testid=alternative]")).ToHaveCountAsync(2);

        // Vote for the first alternative: the one seated writer's vote decides once both are written.
        await TabToAsync(page, "[data-testid=alternative][data-index='0'] [data-testid=vote-button]");
        await page.Keyboard.PressAsync(" ");
        await Assertions.Expect(page.Locator("[data-testid=alternative][data-index='0'] [data-testid=vote-count]")).ToHaveTextAsync("1표");
        await Assertions.Expect(page.Locator("[data-testid=vote-panel]")).ToHaveCountAsync(0, new() { Timeout = 60_000 });
        await Assertions.Expect(page.Locator("[data-testid=turn]").Last).ToHaveAttributeAsync("data-author-kind", "ai");
        await Assertions.Expect(editor).ToBeEnabledAsync();
    }

    /// <summary>
    /// Presses Tab (or Shift+Tab) until the focused element matches <paramref name="selector"/>, then checks that
    /// the focus can be seen: a ring of at least 2px on the element, or on the outlined field around it.
    /// </summary>
    private static async Task TabToAsync(IPage page, string selector, bool backwards = false)
    {
        const int MaxPresses = 80;
        for (var presses = 0; presses <= MaxPresses; presses++)
        {
            if (await page.EvaluateAsync<bool>("s => document.activeElement?.matches(s) ?? false", selector))
            {
                var ring = await page.EvaluateAsync<string?>("""
                    () => {
                      const el = document.activeElement;
                      const shown = e => { const s = getComputedStyle(e); return s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) >= 2; };
                      if (shown(el) || (el.parentElement?.matches('.mud-button-root') && shown(el.parentElement))) return null;
                      const border = el.closest('.mud-input-control')?.querySelector('.mud-input-outlined-border');
                      if (border && getComputedStyle(border).boxShadow !== 'none') return null;
                      return el.outerHTML.slice(0, 200);
                    }
                    """);
                Assert.True(ring is null, $"keyboard focus on {selector} shows no focus ring: {ring}");
                return;
            }
            await page.Keyboard.PressAsync(backwards ? "Shift+Tab" : "Tab");
        }
        var focused = await page.EvaluateAsync<string>("() => document.activeElement?.outerHTML.slice(0, 200) ?? 'nothing'");
        throw new InvalidOperationException($"{MaxPresses} presses of {(backwards ? "Shift+Tab" : "Tab")} never reached {selector}; focus is on {focused}");
    }
}
