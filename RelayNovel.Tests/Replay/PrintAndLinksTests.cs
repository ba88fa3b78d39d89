using Bunit;
using MudBlazor;
using RelayNovel.Tests.Components;
using RelayNovel.Tests.Infrastructure;
using RelayNovel.Web.Components.Pages.Print;
using RelayNovel.Web.Components.Pages.Room;
using RelayNovel.Web.Rooms;

namespace RelayNovel.Tests.Replay;

public sealed class PrintAndLinksTests
{
    [Fact]
    public async Task PrintPage_Story_TitlePremiseAndEveryTurnUnderItsAuthorButNotSkippedOnes()
    {
        using var app = new RelayNovelAppFactory();
        var turns = new HistoryBuilder()
            .Human(0, "민지", 1_000, (0, "비가 내렸다."))
            .Skipped(1, "서준", "버린 초안", 2_000)
            .Ai(2, (50, " 우산을"), (90, " 잃었다.")).Turns;
        var created = await app.Rooms.ImportAsync(
            new RoomSettings("인쇄할 이야기", "어느 역에서", SeatPlan: [SeatKind.Human, SeatKind.Human, SeatKind.Ai]), [.. turns]);
        await using var ctx = UiTestContext.Create(app);

        var cut = ctx.Render<PrintPage>(p => p.Add(x => x.RoomId, created.RoomId));

        Assert.Equal("인쇄할 이야기", cut.WaitForElement("[data-testid=room-title]").TextContent);
        Assert.Equal("어느 역에서", cut.Find(".print-premise").TextContent);
        var shown = cut.FindAll("[data-testid=turn]").Select(t => (t.QuerySelector(".print-author")!.TextContent, t.QuerySelector(".print-text")!.TextContent));
        Assert.Equal([("민지", "비가 내렸다."), ("AI", "우산을 잃었다.")], shown);
        Assert.DoesNotContain("버린 초안", cut.Markup, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PrintPage_UnknownRoom_ShowsNotFound()
    {
        using var app = new RelayNovelAppFactory();
        await using var ctx = UiTestContext.Create(app);

        var cut = ctx.Render<PrintPage>(p => p.Add(x => x.RoomId, "AAAAAAAAAAAAAAAAAAAAAA"));

        Assert.NotNull(cut.WaitForElement("[data-testid=not-found]"));
        Assert.Empty(cut.FindAll("[data-testid=print-story]"));
    }

    [Fact]
    public async Task HistoryLinks_Opened_LinksToReplayPrintAndEveryExportOfThisRoom()
    {
        await using var ctx = UiTestContext.Create();
        var popovers = ctx.Render<MudPopoverProvider>();

        var cut = ctx.Render<HistoryLinks>(p => p.Add(x => x.RoomId, "room123"));
        cut.Find("[data-testid=export-menu] button").Click();

        Assert.Equal("/rooms/room123/replay", cut.Find("[data-testid=replay-link]").GetAttribute("href"));
        Assert.Equal("/api/rooms/room123/export?format=txt", cut.Find("[data-testid=export]").GetAttribute("href"));
        popovers.WaitForAssertion(() => Assert.Equal(
            ["/api/rooms/room123/export?format=md", "/api/rooms/room123/export?format=epub", "/api/rooms/room123/export?format=json",
                "/rooms/room123/print"],
            popovers.FindAll("[data-testid^=export-], [data-testid=print-link]").Select(a => a.GetAttribute("href"))));
    }
}
