using Bunit;
using RelayNovel.Tests.Components;
using RelayNovel.Tests.Infrastructure;
using RelayNovel.Web.Components.Pages.Replay;
using RelayNovel.Web.Replay;
using RelayNovel.Web.Rooms;

namespace RelayNovel.Tests.Replay;

/// <summary>Issue 15: the replay shows the owner's chapter headings as their turns come, and links to the reading view.</summary>
public sealed class ReplayChapterTests : IDisposable
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(15);
    private readonly RelayNovelAppFactory _app = new();

    public void Dispose() => _app.Dispose();

    [Fact]
    public async Task ReplayPage_MarkedTurn_HeadingAppearsWithItsTurnAndTheReadingViewIsLinked()
    {
        var story = new HistoryBuilder()
            .Human(0, "민지", 1_000, (500, "비가 내렸다."))
            .Ai(1, (100, " 우산을"), (300, " 잃었다."));
        var created = await _app.Rooms.ImportAsync(new RoomSettings("장 다시 보기", SeatPlan: [SeatKind.Human, SeatKind.Ai]), [.. story.Turns]);
        await _app.Rooms.MarkChapterAsync(created.RoomId, created.OwnerKey, 1, "두 번째 장");
        var timeline = new ReplayTimeline(new HistoryBuilder()
            .Human(0, "민지", 1_000, (500, "비가 내렸다."))
            .Ai(1, (100, " 우산을"), (300, " 잃었다.")).Turns);
        await using var ctx = UiTestContext.Create(_app);
        var cut = ctx.Render<ReplayPage>(p => p.Add(x => x.RoomId, created.RoomId));
        cut.WaitForAssertion(() => Assert.Equal("true", cut.Find("[data-testid=replay]").GetAttribute("data-ready")), Wait);

        // Each seek's render can queue behind another on a busy machine: wait for the turns it shows.
        cut.Find("[data-testid=replay-scrubber]").Input(timeline.EndOf(0).ToString(System.Globalization.CultureInfo.InvariantCulture));
        cut.WaitForAssertion(() => Assert.Single(cut.FindAll("[data-testid=story] [data-testid=turn]")), Wait);
        Assert.Empty(cut.FindAll("[data-testid=chapter-mark]"));
        cut.Find("[data-testid=replay-scrubber]").Input(timeline.TotalMs.ToString(System.Globalization.CultureInfo.InvariantCulture));
        cut.WaitForAssertion(() => Assert.Equal(2, cut.FindAll("[data-testid=story] [data-testid=turn]").Count), Wait);

        var heading = cut.Find("[data-testid=story] [data-testid=chapter-mark]");
        Assert.Equal(("1", "두 번째 장"), (heading.GetAttribute("data-turn-index"), heading.TextContent));
        Assert.Equal("1", heading.NextElementSibling!.GetAttribute("data-turn-index"));
        Assert.Equal($"/rooms/{created.RoomId}/read", cut.Find("[data-testid=read-link]").GetAttribute("href"));
    }

    [Fact]
    public async Task HistoryLinks_Room_LinksToTheReadingView()
    {
        await using var ctx = UiTestContext.Create();

        var cut = ctx.Render<Web.Components.Pages.Room.HistoryLinks>(p => p.Add(x => x.RoomId, "room123"));

        Assert.Equal("/rooms/room123/read", cut.Find("[data-testid=read-link]").GetAttribute("href"));
    }
}
