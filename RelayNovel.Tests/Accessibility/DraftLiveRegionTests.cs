using Bunit;
using RelayNovel.Tests.Components;
using RelayNovel.Web.Components.Pages.Room;

namespace RelayNovel.Tests.Accessibility;

/// <summary>Another seat's draft changes at every keystroke: it must not make a screen reader re-read it each time.</summary>
public sealed class DraftLiveRegionTests
{
    [Fact]
    public async Task DraftView_TextGrowsPerKeystroke_IsNotALiveRegion()
    {
        await using var ctx = UiTestContext.Create();
        var cut = ctx.Render<DraftView>(p => p.Add(x => x.Text, "비").Add(x => x.AuthorName, "서준").Add(x => x.IsTyping, true));

        cut.Render(p => p.Add(x => x.Text, "비가"));

        var draft = cut.Find("[data-testid=draft]");
        Assert.Equal("비가", draft.TextContent);
        Assert.Null(draft.GetAttribute("aria-live"));
        Assert.Null(draft.Closest("[aria-live]"));
    }
}
