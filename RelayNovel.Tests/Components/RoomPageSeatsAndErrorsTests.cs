using Bunit;
using RelayNovel.Tests.Infrastructure;
using RelayNovel.Web.Rooms;

namespace RelayNovel.Tests.Components;

/// <summary>
/// The room page on the real room service: leaving a seat and taking a free one, and refusals shown at once beside
/// what caused them (a refusal publishes no room event, so nothing else would render it). Each action finds its
/// element and fires on the renderer's thread, so a page render in between can't leave it a stale handler.
/// </summary>
public sealed class RoomPageSeatsAndErrorsTests
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(15);

    // No timer: the countdown would render the page every second, under the test's clicks.
    private static readonly RoomSettings Untimed = new("시험 방", TurnTimerSeconds: 0);

    [Fact]
    public async Task RoomPage_OwnerSavesABadGlossaryLine_ErrorShownAtOnce()
    {
        using var app = new RelayNovelAppFactory();
        var room = await RoomSetup.CreateAsync(app.Rooms, Untimed, "민지");
        await using var ctx = UiTestContext.Create(app);
        var cut = await RoomPageHost.RenderAsAsync(ctx, room.Id, null, room.Room.OwnerKey);

        await cut.InvokeAsync(() => cut.Find("[data-testid=edit-glossary]").Click());
        await cut.InvokeAsync(() => cut.Find("[data-testid=glossary-input] textarea, textarea[data-testid=glossary-input]").Change("설명 없는 이름"));
        await cut.InvokeAsync(() => cut.Find("[data-testid=save-glossary]").Click());

        Assert.Contains("1번째 항목", cut.Find("[data-testid=glossary-error]").TextContent);
        Assert.Empty((await app.Rooms.GetAsync(room.Id))!.Glossary);
    }

    [Fact]
    public async Task RoomPage_OwnerSavesSettingsTheServiceRefuses_ErrorShownAtOnceInTheForm()
    {
        using var app = new RelayNovelAppFactory();
        var room = await RoomSetup.CreateAsync(app.Rooms, Untimed, "민지");
        await using var ctx = UiTestContext.Create(app);
        var cut = await RoomPageHost.RenderAsAsync(ctx, room.Id, null, room.Room.OwnerKey);

        await cut.InvokeAsync(() => cut.Find("[data-testid=edit-settings]").Click());
        await cut.InvokeAsync(() => cut.Find("input[data-testid=settings-title]").Change("제목\u0007"));
        await cut.InvokeAsync(() => cut.Find("[data-testid=room-settings-form]").Submit());

        Assert.Contains("설정이 올바르지 않습니다", cut.WaitForElement("[data-testid=settings-server-error]").TextContent);
        Assert.Equal("시험 방", (await app.Rooms.GetAsync(room.Id))!.Settings.Title);
    }

    [Fact]
    public async Task RoomPage_SpectatorTakesAFreeSeat_TheEditorAppears()
    {
        using var app = new RelayNovelAppFactory();
        var room = await RoomSetup.CreateAsync(app.Rooms, Untimed, "민지");
        var watcher = await app.Rooms.JoinAsync(room.Id, "구경꾼", null, spectate: true);
        await using var ctx = UiTestContext.Create(app);
        var cut = await RoomPageHost.RenderAsAsync(ctx, room.Id, watcher.ParticipantKey);
        Assert.NotEmpty(cut.FindAll("[data-testid=spectating]"));
        Assert.Empty(cut.FindAll("[data-seat-index='0'] [data-testid=take-seat]"));   // taken: nothing to offer

        await cut.InvokeAsync(() => cut.Find("[data-seat-index='1'] [data-testid=take-seat]").Click());

        cut.WaitForAssertion(() =>
        {
            Assert.Equal("1", cut.Find("[data-testid=room]").GetAttribute("data-my-seat"));
            Assert.NotNull(cut.Find("[data-testid=turn-editor]"));
            Assert.Empty(cut.FindAll("[data-testid=take-seat]"));
        }, Wait);
        Assert.Equal("구경꾼", (await app.Rooms.GetAsync(room.Id))!.Seats[1].Name);
    }

    [Fact]
    public async Task RoomPage_WriterLeavesTheirSeat_WatchesAndMaySitAgain()
    {
        using var app = new RelayNovelAppFactory();
        var room = await RoomSetup.CreateAsync(app.Rooms, Untimed, "민지", "서준");
        await using var ctx = UiTestContext.Create(app);
        var cut = await RoomPageHost.RenderAsAsync(ctx, room.Id, room.KeyOf(1));

        await cut.InvokeAsync(() => cut.Find("[data-seat-index='1'] [data-testid=leave-seat]").Click());

        cut.WaitForAssertion(() =>
        {
            Assert.Equal("", cut.Find("[data-testid=room]").GetAttribute("data-my-seat"));
            Assert.NotEmpty(cut.FindAll("[data-testid=spectating]"));
            Assert.Empty(cut.FindAll("[data-testid=leave-seat]"));
            Assert.NotNull(cut.Find("[data-seat-index='1'] [data-testid=take-seat]"));
        }, Wait);
        Assert.Equal(PresenceState.Empty, (await app.Rooms.GetAsync(room.Id))!.Seats[1].Presence);
    }
}
