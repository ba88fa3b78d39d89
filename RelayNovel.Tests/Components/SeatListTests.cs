using Bunit;
using RelayNovel.Web.Components.Pages.Room;
using RelayNovel.Web.Rooms;

namespace RelayNovel.Tests.Components;

public sealed class SeatListTests
{
    private static readonly SeatView[] Seats =
    [
        new(0, SeatKind.Human, "민지", PresenceState.Seated, false),
        new(1, SeatKind.Human, "서준", PresenceState.Disconnected, false),
        new(2, SeatKind.Human, "하은", PresenceState.Seated, true),
        new(3, SeatKind.Human, null, PresenceState.Empty, false),
        new(4, SeatKind.Ai, null, PresenceState.Seated, false),
    ];

    [Fact]
    public async Task SeatList_Seats_ShowPresenceKindAndWhoHoldsTheBaton()
    {
        await using var ctx = UiTestContext.Create();
        var cut = ctx.Render<SeatList>(p => p.Add(x => x.Seats, Seats).Add(x => x.BatonSeatIndex, 2));

        var seats = cut.FindAll("[data-testid=seat-list] [data-testid=seat]");
        Assert.Equal(5, seats.Count);
        Assert.Equal(["seated", "disconnected", "seated", "empty", "seated"], seats.Select(s => s.GetAttribute("data-presence")));
        Assert.Equal("ai", seats[4].GetAttribute("data-seat-kind"));
        Assert.Equal(["false", "false", "true", "false", "false"], seats.Select(s => s.GetAttribute("data-baton")));
        Assert.Single(seats[2].QuerySelectorAll("[data-testid=typing]"));
        Assert.Contains("4번 자리", seats[3].TextContent);
    }

    [Fact]
    public async Task SeatList_MySeat_MarkedAsMe()
    {
        await using var ctx = UiTestContext.Create();
        var cut = ctx.Render<SeatList>(p => p.Add(x => x.Seats, Seats).Add(x => x.MySeatIndex, 1));

        Assert.Contains("(나)", cut.FindAll("[data-testid=seat]")[1].TextContent);
        Assert.DoesNotContain("(나)", cut.FindAll("[data-testid=seat]")[0].TextContent);
    }

    [Fact]
    public async Task SeatList_NotOwner_NoKickButtons()
    {
        await using var ctx = UiTestContext.Create();
        var cut = ctx.Render<SeatList>(p => p.Add(x => x.Seats, Seats).Add(x => x.IsOwner, false));

        Assert.Empty(cut.FindAll("[data-testid=kick-seat]"));
    }

    [Fact]
    public async Task SeatList_OwnerKicks_ReportsThatSeat()
    {
        await using var ctx = UiTestContext.Create();
        var dialogs = ctx.Render<MudBlazor.MudDialogProvider>();
        var kicked = new List<int>();
        var cut = ctx.Render<SeatList>(p => p
            .Add(x => x.Seats, Seats)
            .Add(x => x.IsOwner, true)
            .Add(x => x.OnKick, (int seat) => kicked.Add(seat)));

        // Occupied human seats only: not the empty seat, not the AI.
        Assert.Equal(3, cut.FindAll("[data-testid=kick-seat]").Count);
        cut.FindAll("[data-testid=seat]")[1].QuerySelector("[data-testid=kick-seat]")!.Click();
        dialogs.WaitForAssertion(() => dialogs.FindAll(".mud-dialog button").Single(b => b.TextContent.Trim() == "자리에서 내보내기").Click());

        cut.WaitForAssertion(() => Assert.Equal([1], kicked));
    }
}
