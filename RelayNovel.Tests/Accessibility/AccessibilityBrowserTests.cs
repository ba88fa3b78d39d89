using Deque.AxeCore.Commons;
using Deque.AxeCore.Playwright;
using Microsoft.Playwright;
using RelayNovel.Tests.Browser;

namespace RelayNovel.Tests.Accessibility;

/// <summary>
/// The app as a keyboard and screen-reader user meets it, in Chromium: an axe-core audit of every page (light and
/// dark theme), and a whole room turn (join, write, submit, stop, retry, vote) done with the keyboard alone.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class AccessibilityBrowserTests(AccessibilityFixture fixture) : IClassFixture<AccessibilityFixture>
{
    /// <summary>
    /// The audited pages: a path ("{room}" stands for the audited room's id), who opens it, and what shows the page
    /// is ready. A new page is one more line here (each line runs in both themes).
    /// </summary>
    public static TheoryData<string, PageRole, string, bool> AuditedPages => Pages(
        ("/", PageRole.Visitor, "[data-testid=create-room]:not([disabled])"),
        ("/rooms/{room}", PageRole.Visitor, "[data-testid=join-panel]"),
        ("/rooms/{room}", PageRole.Writer, "[data-testid=room][data-ready=true] [data-testid=turn-editor]:not([disabled])"),
        ("/rooms/{room}", PageRole.Spectator, "[data-testid=room][data-ready=true] [data-testid=spectating]"),
        ("/rooms/{room}/replay", PageRole.Visitor, "[data-testid=replay][data-ready=true]"),
        ("/rooms/{room}/read", PageRole.Visitor, "[data-testid=read-view]"));

    /// <summary>
    /// Nodes left out of the audit: only markup MudBlazor renders that our side cannot change, each with why.
    /// </summary>
    private static readonly string[] Excluded = [];

    [ChromiumTheory]
    [MemberData(nameof(AuditedPages))]
    public async Task Page_AxeAudit_NoSeriousOrCriticalViolations(string path, PageRole role, string readySelector, bool dark)
    {
        var room = path.Contains("{room}", StringComparison.Ordinal) ? await fixture.StoryAsync() : null;
        var key = role switch
        {
            PageRole.Writer => room!.WriterKey,
            PageRole.Spectator => room!.SpectatorKey,
            _ => null,
        };
        var page = await fixture.NewPersonAsync(room?.Id, key, dark);
        try
        {
            await page.GotoAsync(path.Replace("{room}", room?.Id, StringComparison.Ordinal));
            await page.Locator(readySelector).First.WaitForAsync();
            await WaitForThemeAsync(page, dark);

            var context = new AxeRunContext { Exclude = [.. Excluded.Select(selector => new AxeSelector(selector))] };
            var result = await page.RunAxe(context, new AxeRunOptions { ResultTypes = [ResultType.Violations] });

            var serious = result.Violations.Where(v => v.Impact is "serious" or "critical").ToList();
            Assert.True(serious.Count == 0, $"{path} as {role} ({(dark ? "dark" : "light")}):\n" + Describe(serious));
        }
        finally
        {
            await page.Context.CloseAsync();
        }
    }

    private static TheoryData<string, PageRole, string, bool> Pages(params (string Path, PageRole Role, string Ready)[] pages)
    {
        var data = new TheoryData<string, PageRole, string, bool>();
        foreach (var (path, role, ready) in pages)
        {
            data.Add(path, role, ready, false);
            data.Add(path, role, ready, true);
        }
        return data;
    }

    /// <summary>
    /// The theme is read from this browser's storage after the first render: wait until the page wears it and no
    /// colour transition is under way (axe measures contrast from the colours on screen).
    /// </summary>
    private static Task WaitForThemeAsync(IPage page, bool dark) => page.WaitForFunctionAsync("""
        dark => {
          const [r, g, b] = getComputedStyle(document.body).backgroundColor.match(/\d+/g).map(Number);
          const isDark = (r + g + b) / 3 < 128;
          const settled = document.getAnimations().every(a => a.effect.getComputedTiming().endTime === Infinity);
          return isDark === dark && settled;
        }
        """, dark);

    private static string Describe(IEnumerable<AxeResultItem> violations) => string.Join("\n", violations.Select(v =>
        $"- {v.Id} ({v.Impact}): {v.Help}\n" + string.Join("\n", v.Nodes.Select(n => $"    {n.Target} {n.Html}\n      {string.Join(" ", n.Any.Concat(n.All).Concat(n.None).Select(c => c.Message))}"))));
}
