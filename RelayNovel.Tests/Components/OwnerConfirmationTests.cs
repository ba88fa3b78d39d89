using Bunit;
using MudBlazor;
using RelayNovel.Web.Components.Pages.Room;
using RelayNovel.Web.Rooms;

namespace RelayNovel.Tests.Components;

/// <summary>The owner's irreversible actions (skip someone's turn, remove someone) ask first; the owner can't remove themself.</summary>
public sealed class OwnerConfirmationTests
{
    private static readonly SeatView[] Seats =
    [
        new(0, SeatKind.Human, "민지", PresenceState.Seated, false),
        new(1, SeatKind.Human, "서준", PresenceState.Seated, false),
        new(2, SeatKind.Ai, "AI", PresenceState.Seated, false),
    ];

    private static IRenderedComponent<SeatList> RenderSeats(BunitContext ctx, List<int> kicked) =>
        ctx.Render<SeatList>(p => p
            .Add(x => x.Seats, Seats)
            .Add(x => x.IsOwner, true)
            .Add(x => x.MySeatIndex, 0)
            .Add(x => x.OnKick, (int seat) => kicked.Add(seat)));

    private static AngleSharp.Dom.IElement DialogButton(IRenderedComponent<MudDialogProvider> dialogs, string text) =>
        dialogs.FindAll(".mud-dialog button").Single(b => b.TextContent.Trim() == text);

    [Fact]
    public async Task SeatList_OwnersOwnSeat_HasNoKickButton()
    {
        await using var ctx = UiTestContext.Create();
        var cut = RenderSeats(ctx, []);

        Assert.Empty(cut.FindAll("[data-testid=seat]")[0].QuerySelectorAll("[data-testid=kick-seat]"));
        Assert.Single(cut.FindAll("[data-testid=seat]")[1].QuerySelectorAll("[data-testid=kick-seat]"));
    }

    [Fact]
    public async Task SeatList_KickConfirmed_RemovesThatSeatOnlyAfterAsking()
    {
        await using var ctx = UiTestContext.Create();
        var dialogs = ctx.Render<MudDialogProvider>();
        var kicked = new List<int>();
        var cut = RenderSeats(ctx, kicked);

        cut.FindAll("[data-testid=seat]")[1].QuerySelector("[data-testid=kick-seat]")!.Click();

        dialogs.WaitForAssertion(() => Assert.Contains("서준 님을 자리에서 내보냅니다", dialogs.Markup, StringComparison.Ordinal));
        Assert.Empty(kicked);
        DialogButton(dialogs, "자리에서 내보내기").Click();
        cut.WaitForAssertion(() => Assert.Equal([1], kicked));
    }

    [Fact]
    public async Task SeatList_KickCancelled_RemovesNobody()
    {
        await using var ctx = UiTestContext.Create();
        var dialogs = ctx.Render<MudDialogProvider>();
        var kicked = new List<int>();
        var cut = RenderSeats(ctx, kicked);

        cut.FindAll("[data-testid=seat]")[1].QuerySelector("[data-testid=kick-seat]")!.Click();
        dialogs.WaitForAssertion(() => DialogButton(dialogs, "취소").Click());

        dialogs.WaitForAssertion(() => Assert.Empty(dialogs.FindAll(".mud-dialog")));
        Assert.Empty(kicked);
    }

    [Fact]
    public async Task OwnerPanel_Skip_AsksBeforeSkipping()
    {
        await using var ctx = UiTestContext.Create();
        var dialogs = ctx.Render<MudDialogProvider>();
        var skipped = 0;
        var cut = ctx.Render<OwnerPanel>(p => p
            .Add(x => x.Settings, new RoomSettings("방"))
            .Add(x => x.OnSkip, () => skipped++));

        cut.Find("[data-testid=skip-turn]").Click();

        dialogs.WaitForAssertion(() => Assert.Contains("이번 차례를 넘길까요?", dialogs.Markup, StringComparison.Ordinal));
        Assert.Equal(0, skipped);
        DialogButton(dialogs, "이번 차례 넘기기").Click();
        cut.WaitForAssertion(() => Assert.Equal(1, skipped));
    }
}
