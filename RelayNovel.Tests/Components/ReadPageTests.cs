using Bunit;
using RelayNovel.Tests.Infrastructure;
using RelayNovel.Tests.Replay;
using RelayNovel.Web.Components.Pages.Read;
using RelayNovel.Web.Components.Shared;
using RelayNovel.Web.Rooms;

namespace RelayNovel.Tests.Components;

/// <summary>Issue 15: the reading view on the real room service — prose in chapters, quiet authorship, links, not found.</summary>
public sealed class ReadPageTests : IDisposable
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(15);
    private readonly RelayNovelAppFactory _app = new();

    public void Dispose() => _app.Dispose();

    /// <summary>민지 and 서준 write, the AI answers; one turn withdrawn, one skipped; chapters at turns 2 (titled) and 4 (untitled).</summary>
    private async Task<string> StoryAsync()
    {
        var turns = new HistoryBuilder()
            .Human(0, "민지", 1_000, (0, "비가 내렸다.\n\n  \"우산 있어?\"  \n"))
            .Human(1, "서준", 1_000, (0, "되돌린 문장.")).Withdraw()
            .Ai(2, (50, " 역무원이"), (90, " 고개를 저었다."))
            .Skipped(0, "민지", "버린 초안", 2_000)
            .Human(1, "서준", 1_000, (0, "기차가 떠났다.")).Turns;
        var created = await _app.Rooms.ImportAsync(
            new RoomSettings("읽을 이야기", "어느 작은 역", SeatPlan: [SeatKind.Human, SeatKind.Human, SeatKind.Ai]), [.. turns]);
        await _app.Rooms.MarkChapterAsync(created.RoomId, created.OwnerKey, 2, "둘째 장: 역");
        await _app.Rooms.MarkChapterAsync(created.RoomId, created.OwnerKey, 4, null);
        return created.RoomId;
    }

    private static IRenderedComponent<ReadPage> Open(BunitContext ctx, string roomId)
    {
        var cut = ctx.Render<ReadPage>(p => p.Add(x => x.RoomId, roomId));
        cut.WaitForElement("[data-testid=read-view], [data-testid=not-found]", Wait);
        return cut;
    }

    [Fact]
    public async Task ReadPage_StoryWithChapters_HeadingsWhereMarkedAndTurnsOfHumansAndTheAiBetween()
    {
        var roomId = await StoryAsync();
        await using var ctx = UiTestContext.Create(_app);

        var cut = Open(ctx, roomId);

        var view = cut.Find("[data-testid=read-view]");
        Assert.Equal("읽을 이야기", view.QuerySelector("[data-testid=room-title]")!.TextContent);
        Assert.Equal(["둘째 장: 역", "제2장"], view.QuerySelectorAll("[data-testid=chapter-mark]").Select(h => h.TextContent));
        var chapters = view.QuerySelectorAll("[data-testid=read-chapter]");
        Assert.Equal(
            [["0:human"], ["2:ai"], ["4:human"]],
            chapters.Select(c => c.QuerySelectorAll("[data-testid=read-turn]")
                .Select(t => $"{t.GetAttribute("data-turn-index")}:{t.GetAttribute("data-author-kind")}").ToArray()));
        Assert.Equal("H2", chapters[1].FirstElementChild!.TagName);
        Assert.Equal("역무원이 고개를 저었다.", chapters[1].QuerySelector(".read-paragraph")!.TextContent);
    }

    [Fact]
    public async Task ReadPage_WithdrawnAndSkippedTurns_LeftOut()
    {
        var roomId = await StoryAsync();
        await using var ctx = UiTestContext.Create(_app);

        var cut = Open(ctx, roomId);

        Assert.DoesNotContain("되돌린 문장", cut.Markup, StringComparison.Ordinal);
        Assert.DoesNotContain("버린 초안", cut.Markup, StringComparison.Ordinal);
        Assert.Empty(cut.FindAll("[data-turn-index='1'], [data-turn-index='3']"));
    }

    [Fact]
    public async Task ReadPage_TurnWithLineBreaks_EachLineItsOwnParagraphWithoutCards()
    {
        var roomId = await StoryAsync();
        await using var ctx = UiTestContext.Create(_app);

        var cut = Open(ctx, roomId);

        var first = cut.Find("[data-testid=read-turn][data-turn-index='0']");
        Assert.Equal(["비가 내렸다.", "\"우산 있어?\""], first.QuerySelectorAll("p.read-paragraph").Select(p => p.TextContent));
        Assert.Empty(cut.FindAll("[data-testid=read-view] .turn, [data-testid=read-view] .mud-paper"));
    }

    [Fact]
    public async Task ReadPage_AuthorMarks_FocusableWithTheAuthorsNameAndTheSeatsColour()
    {
        var roomId = await StoryAsync();
        await using var ctx = UiTestContext.Create(_app);

        var cut = Open(ctx, roomId);

        var marks = cut.FindAll("[data-testid=read-author-mark]");
        Assert.All(marks, m => Assert.Equal("0", m.GetAttribute("tabindex")));
        Assert.Equal(["민지 씀", "AI 씀", "서준 씀"], marks.Select(m => m.GetAttribute("aria-label")));
        Assert.Equal(["민지", "AI", "서준"], marks.Select(m => m.TextContent));
        var ai = cut.Find("[data-testid=read-turn][data-turn-index='2']");
        Assert.Contains(AuthorPalette.AiColour, ai.GetAttribute("style"), StringComparison.Ordinal);
        Assert.Contains(AuthorPalette.ForSeat(1, SeatKind.Human), cut.Find("[data-testid=read-turn][data-turn-index='4']").GetAttribute("style"),
            StringComparison.Ordinal);
    }

    [Fact]
    public async Task ReadPage_Links_LeadToTheRoomAndTheReplay()
    {
        var roomId = await StoryAsync();
        await using var ctx = UiTestContext.Create(_app);

        var cut = Open(ctx, roomId);

        Assert.Equal($"/rooms/{roomId}", cut.Find("[data-testid=read-room-link]").GetAttribute("href"));
        Assert.Equal($"/rooms/{roomId}/replay", cut.Find("[data-testid=read-replay-link]").GetAttribute("href"));
    }

    [Fact]
    public async Task ReadPage_UnknownRoom_ShowsNotFound()
    {
        await using var ctx = UiTestContext.Create(_app);

        var cut = Open(ctx, "AAAAAAAAAAAAAAAAAAAAAA");

        Assert.NotNull(cut.Find("[data-testid=not-found]"));
        Assert.Empty(cut.FindAll("[data-testid=read-view]"));
    }

    [Fact]
    public async Task ReadPage_StoryBeingWritten_NewTurnsChaptersAndWithdrawalsShowWithoutAReload()
    {
        var room = await RoomSetup.CreateAsync(_app.Rooms, new RoomSettings("쓰는 중", SeatPlan: [SeatKind.Human, SeatKind.Human]), "민지", "서준");
        await _app.Rooms.SubmitTurnAsync(room.Id, room.KeyOf(0), "첫 문장.");
        await using var ctx = UiTestContext.Create(_app);
        var cut = Open(ctx, room.Id);
        Assert.Single(cut.FindAll("[data-testid=read-turn]"));

        await _app.Rooms.UpdateDraftAsync(room.Id, room.KeyOf(1), "아직 쓰는 중인 초안");
        await _app.Rooms.SubmitTurnAsync(room.Id, room.KeyOf(1), "둘째 문장.");
        cut.WaitForAssertion(() => Assert.Equal(["0", "1"], cut.FindAll("[data-testid=read-turn]").Select(t => t.GetAttribute("data-turn-index"))), Wait);
        Assert.DoesNotContain("아직 쓰는 중인 초안", cut.Markup, StringComparison.Ordinal);   // drafts are not the story

        await _app.Rooms.MarkChapterAsync(room.Id, room.Room.OwnerKey, 1, "둘째 장");
        cut.WaitForAssertion(() => Assert.Equal("둘째 장", cut.Find("[data-testid=chapter-mark]").TextContent), Wait);

        await _app.Rooms.UndoTurnAsync(room.Id, room.KeyOf(1));
        cut.WaitForAssertion(() => Assert.Equal(["0"], cut.FindAll("[data-testid=read-turn]").Select(t => t.GetAttribute("data-turn-index"))), Wait);
    }

    [Fact]
    public async Task ReadPage_NoStoryYet_SaysSo()
    {
        var created = await _app.Rooms.CreateAsync(new RoomSettings("빈 이야기"));
        await using var ctx = UiTestContext.Create(_app);

        var cut = Open(ctx, created.RoomId);

        Assert.NotNull(cut.Find("[data-testid=read-empty]"));
        Assert.Empty(cut.FindAll("[data-testid=read-turn]"));
    }
}
