using Bunit;
using RelayNovel.Tests.Infrastructure;
using RelayNovel.Web.Components.Pages.Read;
using RelayNovel.Web.Components.Pages.Room;
using RelayNovel.Web.Rooms;

namespace RelayNovel.Tests.Components;

/// <summary>Issue 15: chapter headings in the room's story and the owner's control to mark, retitle and unmark.</summary>
public sealed class ChapterControlTests
{
    private static readonly DateTimeOffset At = DateTimeOffset.FromUnixTimeSeconds(1_764_000_000);
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(30);

    private static readonly TurnView[] Turns =
    [
        new(0, 0, "민지", TurnKind.Human, "비가 내렸다.", At, At),
        new(1, 2, "AI", TurnKind.Ai, "우산을 잃었다.", At, At),
        new(2, 0, "민지", TurnKind.Human, "되돌린 글", At, At) { Withdrawn = true },
    ];

    [Fact]
    public async Task StoryView_Marks_HeadingAboveEachMarkedTurnAndNoControlWithoutActions()
    {
        await using var ctx = UiTestContext.Create();

        var cut = ctx.Render<StoryView>(p => p.Add(x => x.Turns, Turns).Add(x => x.Seats, [])
            .Add(x => x.Chapters, [new ChapterMark(0, null), new ChapterMark(1, "바다")]));

        var headings = cut.FindAll("[data-testid=chapter-mark]");
        Assert.Equal([("0", "제1장"), ("1", "바다")], headings.Select(h => (h.GetAttribute("data-turn-index"), h.TextContent)));
        Assert.Equal("1", headings[1].NextElementSibling!.GetAttribute("data-turn-index"));
        Assert.Empty(cut.FindAll("[data-testid=chapter-control]"));
    }

    [Fact]
    public async Task StoryView_OwnerMarksATurn_ActionGetsTheTurnAndTitle_OnlyStoryTurnsOffered()
    {
        await using var ctx = UiTestContext.Create();
        (int Index, string? Title)? marked = null;
        var actions = new ChapterActions((i, t) => { marked = (i, t); return Task.FromResult<string?>(null); }, _ => Task.FromResult<string?>(null));
        var cut = ctx.Render<StoryView>(p => p.Add(x => x.Turns, Turns).Add(x => x.Seats, []).Add(x => x.ChapterActions, actions));

        Assert.Equal(["0", "1"], cut.FindAll("[data-testid=chapter-control]").Select(c => c.GetAttribute("data-turn-index")));
        cut.FindAll("[data-testid=chapter-edit]")[1].Click();
        cut.Find("input[data-testid=chapter-title], [data-testid=chapter-title] input").Input("바다로");
        cut.Find("[data-testid=chapter-save]").Click();

        Assert.Equal((1, "바다로"), marked);
        Assert.Empty(cut.FindAll("[data-testid=chapter-save]"));
    }

    [Fact]
    public async Task StoryView_OwnerRemovesAMark_ActionCalled_RefusalShownInPlace()
    {
        await using var ctx = UiTestContext.Create();
        int? removed = null;
        var actions = new ChapterActions((_, _) => Task.FromResult<string?>("장 제목은 80자까지 쓸 수 있습니다."),
            i => { removed = i; return Task.FromResult<string?>(null); });
        var cut = ctx.Render<StoryView>(p => p.Add(x => x.Turns, Turns).Add(x => x.Seats, [])
            .Add(x => x.Chapters, [new ChapterMark(0, "처음")]).Add(x => x.ChapterActions, actions));

        cut.FindAll("[data-testid=chapter-edit]")[0].Click();
        cut.Find("[data-testid=chapter-save]").Click();
        Assert.Contains("80자", cut.Find("[data-testid=chapter-error]").TextContent, StringComparison.Ordinal);
        cut.Find("[data-testid=chapter-remove]").Click();

        Assert.Equal(0, removed);
    }

    [Fact]
    public async Task RoomPage_OwnerMarksAChapter_OwnerHasTheControl_AWritersPageShowsTheHeadingLive()
    {
        using var app = new RelayNovelAppFactory();
        var room = await RoomSetup.CreateAsync(app.Rooms, new RoomSettings("장", SeatPlan: [SeatKind.Human, SeatKind.Human]), "민지", "서준");
        await app.Rooms.SubmitTurnAsync(room.Id, room.KeyOf(0), "비가 내렸다.");
        await using var ownerCtx = UiTestContext.Create(app);
        await using var writerCtx = UiTestContext.Create(app);
        var owner = await RoomPageHost.RenderAsAsync(ownerCtx, room.Id, null, room.Room.OwnerKey);
        var writer = await RoomPageHost.RenderAsAsync(writerCtx, room.Id, room.KeyOf(1));

        Assert.Empty(writer.FindAll("[data-testid=chapter-control]"));
        owner.WaitForElement("[data-testid=chapter-edit]", Wait).Click();
        owner.WaitForElement("input[data-testid=chapter-title], [data-testid=chapter-title] input", Wait).Input("첫 장");
        owner.Find("[data-testid=chapter-save]").Click();

        owner.WaitForAssertion(() => Assert.Equal("첫 장", owner.Find("[data-testid=chapter-mark]").TextContent), Wait);
        writer.WaitForAssertion(() => Assert.Equal("첫 장", writer.Find("[data-testid=chapter-mark]").TextContent), Wait);
        Assert.Equal([new ChapterMark(0, "첫 장")], (await app.Rooms.GetAsync(room.Id))!.Chapters);
    }

    [Fact]
    public async Task StoryView_FoldedStory_HeadingOfAnOlderTurnFoldsWithIt()
    {
        await using var ctx = UiTestContext.Create();
        TurnView[] many = [.. Enumerable.Range(0, StoryView.RecentTurns + 2).Select(i => new TurnView(i, 0, "민지", TurnKind.Human, $"문장 {i}.", At, At))];

        var cut = ctx.Render<StoryView>(p => p.Add(x => x.Turns, many).Add(x => x.Seats, [])
            .Add(x => x.Chapters, [new ChapterMark(0, "오래된 장"), new ChapterMark(many.Length - 1, "새 장")]));

        var headings = cut.FindAll("[data-testid=chapter-mark]");
        Assert.Equal([true, false], headings.Select(h => h.ClassList.Contains("turn-older")));
    }
}
