using Bunit;
using RelayNovel.Tests.Replay;
using RelayNovel.Web.Components.Pages.Home;
using RelayNovel.Web.Components.Pages.Replay;
using RelayNovel.Web.Components.Shared;
using RelayNovel.Web.Replay;

namespace RelayNovel.Tests.Components;

/// <summary>Times are shown in the reader's own time zone (the browser's), not the server's UTC.</summary>
public sealed class LocalTimeTests
{
    private static void BrowserIn(BunitContext ctx, string zone, int offsetMinutes) =>
        ctx.JSInterop.Setup<ViewerTimeZone.BrowserZone?>("relayNovel.time.zone").SetResult(new ViewerTimeZone.BrowserZone(zone, offsetMinutes));

    [Fact]
    public async Task ReplayTurnInfo_BrowserInSeoul_ShowsTheTurnInSeoulTime()
    {
        await using var ctx = UiTestContext.Create();
        BrowserIn(ctx, "Asia/Seoul", 540);
        var turn = new ReplayTimeline(new HistoryBuilder().Human(0, "민지", 1_000, (500, "비가 내렸다.")).Turns).Turns[0];

        var cut = ctx.Render<ReplayTurnInfo>(p => p.Add(x => x.Turn, turn));

        // The builder's turns start at 12:00 UTC.
        cut.WaitForAssertion(() => Assert.Contains("2026-11-25 21:00:00", cut.Find("[data-testid=replay-time]").TextContent, StringComparison.Ordinal));
        Assert.DoesNotContain("UTC", cut.Find("[data-testid=replay-time]").TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ReplayTurnInfo_ZoneTheServerDoesNotKnow_UsesTheBrowsersOffset()
    {
        await using var ctx = UiTestContext.Create();
        BrowserIn(ctx, "Nowhere/Unknown", -300);
        var turn = new ReplayTimeline(new HistoryBuilder().Human(0, "민지", 1_000, (500, "비.")).Turns).Turns[0];

        var cut = ctx.Render<ReplayTurnInfo>(p => p.Add(x => x.Turn, turn));

        cut.WaitForAssertion(() => Assert.Contains("2026-11-25 07:00:00", cut.Find("[data-testid=replay-time]").TextContent, StringComparison.Ordinal));
    }

    [Fact]
    public async Task MyRoomsList_ImportedTwiceWithOneTitle_ShowsLocalDateAndShortIdToTellThemApart()
    {
        await using var ctx = UiTestContext.Create();
        BrowserIn(ctx, "Asia/Seoul", 540);
        var noonUtc = new DateTimeOffset(2026, 11, 25, 12, 0, 0, TimeSpan.Zero).ToUnixTimeMilliseconds();
        RememberedRoom[] rooms =
        [
            new("AbCdEf123456789012345", "비 오는 밤", "owner-1", null, noonUtc),
            new("XyZ987654321098765432", "비 오는 밤", "owner-2", null, noonUtc + 60_000),
        ];

        var cut = ctx.Render<MyRoomsList>(p => p.Add(x => x.Rooms, rooms).Add(x => x.Loaded, true));

        cut.WaitForAssertion(() => Assert.Contains("2026-11-25 21:01", cut.FindAll("[data-testid=my-room-detail]")[1].TextContent, StringComparison.Ordinal));
        Assert.Equal(["#AbCdEf", "#XyZ987"], cut.FindAll("[data-testid=my-room-id]").Select(e => e.TextContent.Trim()));
        Assert.Contains("2026-11-25 21:00", cut.FindAll("[data-testid=my-room-detail]")[0].TextContent, StringComparison.Ordinal);
    }
}
