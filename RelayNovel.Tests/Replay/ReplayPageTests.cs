using Bunit;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;
using RelayNovel.Tests.Components;
using RelayNovel.Tests.Infrastructure;
using RelayNovel.Web.Components.Pages.Replay;
using RelayNovel.Web.Replay;
using RelayNovel.Web.Rooms;

namespace RelayNovel.Tests.Replay;

/// <summary>The replay page on the real room service, with a history imported at exact timings.</summary>
public sealed class ReplayPageTests : IDisposable
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(15);
    private readonly RelayNovelAppFactory _app = new();

    public void Dispose() => _app.Dispose();

    private static HistoryBuilder Story() => new HistoryBuilder()
        .Human(0, "민지", 2_000, (0, "비"), (400, "비가"), (1_500, "비가 내렸다."))
        .Ai(2, (100, " 우산"), (250, "을"), (600, " 잃었다."))
        .Human(1, "서준", 1_000, (200, "끝."));

    private async Task<(string RoomId, ReplayTimeline Timeline)> ImportStoryAsync()
    {
        var turns = Story().Turns;
        var created = await _app.Rooms.ImportAsync(
            new RoomSettings("다시 보기", SeatPlan: [SeatKind.Human, SeatKind.Human, SeatKind.Ai]), [.. turns]);
        return (created.RoomId, new ReplayTimeline(Story().Turns));
    }

    private static IRenderedComponent<ReplayPage> Open(BunitContext ctx, string roomId)
    {
        var cut = ctx.Render<ReplayPage>(p => p.Add(x => x.RoomId, roomId));
        cut.WaitForAssertion(() => Assert.Equal("true", cut.Find("[data-testid=replay]").GetAttribute("data-ready")), Wait);
        return cut;
    }

    private static string[] ShownTurns(IRenderedComponent<ReplayPage> cut) =>
        [.. cut.FindAll("[data-testid=story] [data-testid=turn] .turn-text").Select(t => t.TextContent)];

    [Fact]
    public async Task ReplayPage_Opened_StartsBeforeTheFirstTurnWithOneMarkerPerTurn()
    {
        var (roomId, _) = await ImportStoryAsync();
        await using var ctx = UiTestContext.Create(_app);

        var cut = Open(ctx, roomId);

        Assert.Empty(ShownTurns(cut));
        Assert.NotNull(cut.Find("[data-testid=replay-start]"));
        Assert.Equal(["0", "1", "2"], cut.FindAll(".replay-marker").Select(m => m.GetAttribute("data-turn-index")));
        Assert.Contains(Web.Components.Shared.AuthorPalette.AiColour, cut.FindAll(".replay-marker")[1].GetAttribute("style"));
    }

    [Fact]
    public async Task ReplayPage_Scrubbed_ShowsTheStoryAsItStoodThere()
    {
        var (roomId, timeline) = await ImportStoryAsync();
        await using var ctx = UiTestContext.Create(_app);
        var cut = Open(ctx, roomId);

        cut.Find("[data-testid=replay-scrubber]").Input((timeline.Turns[1].StartMs + 300).ToString(System.Globalization.CultureInfo.InvariantCulture));

        // A seek's render can queue behind another on a busy machine: wait for it.
        cut.WaitForAssertion(() => Assert.NotEmpty(cut.FindAll("[data-testid=replay-writing]")), Wait);
        Assert.Equal(["비가 내렸다."], ShownTurns(cut));
        Assert.StartsWith("우산을", cut.Find("[data-testid=replay-writing] .turn-text").TextContent, StringComparison.Ordinal);
        Assert.Equal("tiny-test-model", cut.Find("[data-testid=replay-model]").TextContent);
        Assert.Equal("1235", cut.Find("[data-testid=replay-seed]").TextContent);
        Assert.Contains("Top-k 40", cut.Find("[data-testid=replay-sampler]").TextContent, StringComparison.Ordinal);

        cut.Find("[data-testid=replay-scrubber]").Input(timeline.EndOf(0).ToString(System.Globalization.CultureInfo.InvariantCulture));

        cut.WaitForAssertion(() => Assert.Empty(cut.FindAll("[data-testid=replay-writing]")), Wait);
        Assert.Equal(["비가 내렸다."], ShownTurns(cut));
        Assert.Equal("민지", cut.Find("[data-testid=replay-author]").TextContent);
    }

    [Fact]
    public async Task ReplayPage_DeepLinkToATurn_OpensAtThatTurnCountedAsThePageCountsThem()
    {
        var (roomId, _) = await ImportStoryAsync();
        await using var ctx = UiTestContext.Create(_app);
        ctx.Services.GetRequiredService<NavigationManager>().NavigateTo($"/rooms/{roomId}/replay#turn/2");

        var cut = Open(ctx, roomId);

        // #turn/2 is the second turn: "2 / 3" and "2번째 차례", as everywhere on the page (data-turn-index stays 0-based).
        Assert.Equal(["비가 내렸다.", "우산을 잃었다."], ShownTurns(cut));
        Assert.StartsWith("2 / 3", cut.Find("[data-testid=replay-position]").TextContent.Trim(), StringComparison.Ordinal);
        Assert.Contains("2번째 차례", cut.Find("[data-testid=replay-turn-info]").TextContent, StringComparison.Ordinal);
        Assert.Equal("1", cut.Find("[data-testid=replay-turn-info]").GetAttribute("data-turn-index"));
    }

    [Fact]
    public async Task ReplayPage_TurnWithTheServicesNote_ShowsTheNoteInKorean()
    {
        var history = new HistoryBuilder()
            .Human(0, "민지", 1_000, (500, "첫 문장."))
            .Skipped(1, "서준", "쓰다 만", 2_000);
        var created = await _app.Rooms.ImportAsync(
            new RoomSettings("메모", SeatPlan: [SeatKind.Human, SeatKind.Human, SeatKind.Ai]), [.. history.Turns]);
        await using var ctx = UiTestContext.Create(_app);
        ctx.Services.GetRequiredService<NavigationManager>().NavigateTo($"/rooms/{created.RoomId}/replay#turn/2");

        var cut = Open(ctx, created.RoomId);

        Assert.Equal("방장이 넘김", cut.Find("[data-testid=replay-note]").TextContent.Trim());
    }

    [Fact]
    public async Task ReplayPage_PlayInstant_WritesEveryTurnThenStops()
    {
        var (roomId, _) = await ImportStoryAsync();
        await using var ctx = UiTestContext.Create(_app);
        var cut = Open(ctx, roomId);

        cut.Find("[data-testid=replay-speed] button[data-speed=instant]").Click();
        cut.Find("[data-testid=replay-play]").Click();

        cut.WaitForAssertion(() => Assert.Equal(["비가 내렸다.", "우산을 잃었다.", "끝."], ShownTurns(cut)), Wait);
        cut.WaitForAssertion(() => Assert.Equal("false", cut.Find("[data-testid=replay-play]").GetAttribute("data-playing")), Wait);
        Assert.Equal("instant", cut.Find("[data-testid=replay-speed]").GetAttribute("data-speed"));
    }

    [Fact]
    public async Task ReplayPage_LongStory_SeeksToAnyTurnAndShowsExactlyTheTurnsUpToIt()
    {
        var history = ReplayKeyframeTests.GenerateHistory(1_200, seed: 3).Turns;
        var created = await _app.Rooms.ImportAsync(
            new RoomSettings("긴 이야기", SeatPlan: [SeatKind.Human, SeatKind.Human, SeatKind.Human, SeatKind.Ai]), [.. history]);
        var timeline = new ReplayTimeline((await _app.Rooms.HistoryAsync(created.RoomId))!.Turns);
        await using var ctx = UiTestContext.Create(_app);
        var cut = Open(ctx, created.RoomId);
        Assert.Equal(1_200, cut.FindAll(".replay-marker").Count);

        foreach (var turn in new[] { 1_199, 600, 0, 1_000 })
        {
            cut.Find("[data-testid=replay-scrubber]").Input(timeline.EndOf(turn).ToString(System.Globalization.CultureInfo.InvariantCulture));

            // The render that follows the input may wait behind one the page had queued (a busy machine shows it).
            cut.WaitForAssertion(() =>
            {
                var shown = cut.FindAll("[data-testid=story] [data-testid=turn]");
                Assert.Equal(turn + 1, shown.Count);
                Assert.Equal(history[turn].Text, shown[^1].QuerySelector(".turn-text")!.TextContent);
            }, Wait);
        }

        // Seeking within the last block re-renders that block only: the first 50 turns are not drawn again.
        var firstBlock = cut.FindComponents<ReplayTurnBlock>()[0];
        var renders = firstBlock.RenderCount;
        cut.Find("[data-testid=replay-scrubber]").Input(timeline.EndOf(1_150).ToString(System.Globalization.CultureInfo.InvariantCulture));
        cut.WaitForAssertion(() => Assert.Equal(1_151, cut.FindAll("[data-testid=story] [data-testid=turn]").Count), Wait);
        Assert.Equal(renders, firstBlock.RenderCount);
    }

    [Fact]
    public async Task ReplayPage_TurnWithBranchesAndAWithdrawnTurn_ShowsBranchesAndMarksTheWithdrawnTurn()
    {
        var history = new HistoryBuilder()
            .Human(0, "민지", 1_000, (500, "첫 문장."))
            .Ai(2, (100, " 이긴 글."))
            .Alternative("진 글.", Web.Stories.AlternativeOrigin.Vote, "민지")
            .Alternative("밀려난 글.", Web.Stories.AlternativeOrigin.Retry)
            .Human(0, "민지", 1_000, (500, "실수."))
            .Withdraw();
        var created = await _app.Rooms.ImportAsync(
            new RoomSettings("갈래", SeatPlan: [SeatKind.Human, SeatKind.Human, SeatKind.Ai]), [.. history.Turns]);
        var timeline = new ReplayTimeline((await _app.Rooms.HistoryAsync(created.RoomId))!.Turns);
        await using var ctx = UiTestContext.Create(_app);
        var cut = Open(ctx, created.RoomId);

        cut.Find("[data-testid=replay-scrubber]").Input(timeline.EndOf(1).ToString(System.Globalization.CultureInfo.InvariantCulture));

        cut.WaitForAssertion(() => Assert.Equal(2, cut.FindAll("[data-testid=replay-alternative]").Count), Wait);
        var branches = cut.FindAll("[data-testid=replay-alternative]");
        Assert.Equal(["vote", "retry"], branches.Select(b => b.GetAttribute("data-origin")));
        Assert.Equal(["진 글.", "밀려난 글."], branches.Select(b => b.QuerySelector(".turn-text")!.TextContent));

        cut.Find("[data-testid=replay-scrubber]").Input(timeline.TotalMs.ToString(System.Globalization.CultureInfo.InvariantCulture));

        cut.WaitForAssertion(() => Assert.Equal("true", cut.Find("[data-testid=turn][data-turn-index='2']").GetAttribute("data-withdrawn")), Wait);
        Assert.Equal("false", cut.Find("[data-testid=turn][data-turn-index='1']").GetAttribute("data-withdrawn"));
    }

    [Fact]
    public async Task ReplayPage_UnknownRoom_ShowsTheFriendlyNotFound()
    {
        await using var ctx = UiTestContext.Create(_app);

        var cut = ctx.Render<ReplayPage>(p => p.Add(x => x.RoomId, "AAAAAAAAAAAAAAAAAAAAAA"));

        Assert.NotNull(cut.WaitForElement("[data-testid=not-found]"));
        Assert.Empty(cut.FindAll("[data-testid=replay-scrubber]"));
    }
}
