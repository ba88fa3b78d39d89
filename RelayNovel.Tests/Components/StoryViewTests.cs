using Bunit;
using RelayNovel.Web.Components.Pages.Room;
using RelayNovel.Web.Components.Shared;
using RelayNovel.Web.Rooms;

namespace RelayNovel.Tests.Components;

public sealed class StoryViewTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 25, 12, 0, 0, TimeSpan.Zero);

    private static readonly SeatView[] Seats =
    [
        new(0, SeatKind.Human, "민지", PresenceState.Seated, false),
        new(1, SeatKind.Human, "서준", PresenceState.Seated, false),
        new(2, SeatKind.Ai, "AI", PresenceState.Seated, false),
    ];

    private static TurnView Turn(int index, int seat, string author, TurnKind kind, string text) =>
        new(index, seat, author, kind, text, T0.AddMinutes(index), T0.AddMinutes(index + 1));

    [Fact]
    public async Task StoryView_Turns_ShownInOrderWithIndexAndAuthorKind()
    {
        await using var ctx = UiTestContext.Create();
        var cut = ctx.Render<StoryView>(p => p
            .Add(x => x.Seats, Seats)
            .Add(x => x.Turns, [
                Turn(0, 0, "민지", TurnKind.Human, "비가 내렸다."),
                Turn(1, 1, "서준", TurnKind.Human, "우산은 없었다."),
                Turn(2, 2, "AI", TurnKind.Ai, "그때 누군가 불렀다."),
            ]));

        var turns = cut.FindAll("[data-testid=story] [data-testid=turn]");
        Assert.Equal(["0", "1", "2"], turns.Select(t => t.GetAttribute("data-turn-index")));
        Assert.Equal(["human", "human", "ai"], turns.Select(t => t.GetAttribute("data-author-kind")));
        Assert.Contains("그때 누군가 불렀다.", turns[2].TextContent);
    }

    [Fact]
    public async Task StoryView_Authors_EachColouredBySeatAndAiHasItsOwnColour()
    {
        await using var ctx = UiTestContext.Create();
        var cut = ctx.Render<StoryView>(p => p
            .Add(x => x.Seats, Seats)
            .Add(x => x.Turns, [
                Turn(0, 0, "민지", TurnKind.Human, "하나"),
                Turn(1, 1, "서준", TurnKind.Human, "둘"),
                Turn(2, 2, "AI", TurnKind.Ai, "셋"),
            ]));

        var styles = cut.FindAll("[data-testid=turn]").Select(t => t.GetAttribute("style") ?? "").ToList();
        Assert.Contains(AuthorPalette.ForSeat(0, SeatKind.Human), styles[0]);
        Assert.Contains(AuthorPalette.ForSeat(1, SeatKind.Human), styles[1]);
        Assert.NotEqual(AuthorPalette.ForSeat(0, SeatKind.Human), AuthorPalette.ForSeat(1, SeatKind.Human));
        Assert.Contains(AuthorPalette.AiColour, styles[2]);
        Assert.DoesNotContain(AuthorPalette.AiColour, styles[0] + styles[1]);
    }

    [Fact]
    public async Task StoryView_SkippedTurn_KeptDimmedAndLabelled()
    {
        await using var ctx = UiTestContext.Create();
        var cut = ctx.Render<StoryView>(p => p
            .Add(x => x.Seats, Seats)
            .Add(x => x.Turns, [Turn(0, 1, "서준", TurnKind.Skipped, "쓰다 만 문장")]));

        var turn = cut.Find("[data-testid=turn]");
        Assert.Contains("turn-skipped", turn.ClassList);
        Assert.Equal("human", turn.GetAttribute("data-author-kind"));
        Assert.Contains("쓰다 만 문장", turn.TextContent);
        Assert.Contains("넘어간 차례", turn.TextContent);
    }

    [Fact]
    public async Task StoryView_MarkupInText_ShownAsTextNotHtml()
    {
        await using var ctx = UiTestContext.Create();
        var cut = ctx.Render<StoryView>(p => p
            .Add(x => x.Seats, Seats)
            .Add(x => x.Turns, [Turn(0, 0, "민지", TurnKind.Human, "<b>굵게</b><script>alert(1)</script>")]));

        Assert.Empty(cut.FindAll("[data-testid=turn] b"));
        Assert.Empty(cut.FindAll("[data-testid=turn] script"));
        Assert.Contains("<b>굵게</b>", cut.Find("[data-testid=turn] .turn-text").TextContent);
    }
}
