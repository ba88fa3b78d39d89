using Bunit;
using RelayNovel.Tests.Infrastructure;
using RelayNovel.Web.Components.Pages.Room;
using RelayNovel.Web.Rooms;

namespace RelayNovel.Tests.Components;

/// <summary>
/// What keeps the editor reachable on a phone (app.css hides folded turns and shows the jump button only on narrow
/// screens; the browser test checks that part at a phone's size).
/// </summary>
public sealed class PhoneLayoutTests
{
    private static TurnView[] Turns(int count) =>
        [.. Enumerable.Range(0, count).Select(i => new TurnView(i, i % 2, i % 2 == 0 ? "민지" : "서준", TurnKind.Human, $"{i + 1}번째 문장.",
            DateTimeOffset.UnixEpoch, DateTimeOffset.UnixEpoch))];

    [Fact]
    public async Task StoryView_LongStory_FoldsAllButTheLatestTurnsUntilAsked()
    {
        await using var ctx = UiTestContext.Create();
        var cut = ctx.Render<StoryView>(p => p.Add(x => x.Turns, Turns(10)).Add(x => x.Seats, []));

        Assert.Equal("true", cut.Find("[data-testid=story]").GetAttribute("data-collapsed"));
        Assert.Equal(10 - StoryView.RecentTurns, cut.FindAll("[data-testid=turn].turn-older").Count);
        Assert.Contains("이전 차례 6개 보기", cut.Find("[data-testid=story-toggle]").TextContent, StringComparison.Ordinal);

        cut.Find("[data-testid=story-toggle]").Click();

        Assert.Equal("false", cut.Find("[data-testid=story]").GetAttribute("data-collapsed"));
        Assert.Equal(10, cut.FindAll("[data-testid=turn]").Count);
    }

    [Fact]
    public async Task StoryView_ShortStory_HasNothingToFold()
    {
        await using var ctx = UiTestContext.Create();
        var cut = ctx.Render<StoryView>(p => p.Add(x => x.Turns, Turns(StoryView.RecentTurns)).Add(x => x.Seats, []));

        Assert.Empty(cut.FindAll("[data-testid=story-toggle]"));
        Assert.Empty(cut.FindAll(".turn-older"));
    }

    [Fact]
    public async Task RoomPage_MyTurn_OffersAJumpToTheEditor()
    {
        using var app = new RelayNovelAppFactory();
        var room = await RoomSetup.CreateAsync(app.Rooms, null, "민지", "서준");
        await using var ctx = UiTestContext.Create(app);
        var jumped = ctx.JSInterop.SetupVoid("relayNovel.page.scrollToEditor");
        var cut = await RoomPageHost.RenderAsAsync(ctx, room.Id, room.KeyOf(0));

        cut.Find("[data-testid=jump-to-editor]").Click();

        // A busy renderer may dispatch the click behind another render.
        cut.WaitForAssertion(() => Assert.Single(jumped.Invocations), TimeSpan.FromSeconds(15));
        await using var other = UiTestContext.Create(app);
        Assert.Empty((await RoomPageHost.RenderAsAsync(other, room.Id, room.KeyOf(1))).FindAll("[data-testid=jump-to-editor]"));
    }
}
