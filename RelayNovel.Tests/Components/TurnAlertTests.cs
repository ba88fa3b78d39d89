using Bunit;
using RelayNovel.Tests.Infrastructure;
using RelayNovel.Web.Components.Pages.Room;
using RelayNovel.Web.Components.Shared;

namespace RelayNovel.Tests.Components;

/// <summary>
/// "Your turn" alerts: when the baton reaches this page's seat it calls the browser's turn alert (favicon, sound
/// unless muted, a notification where the user allowed them; see relayNovel.turn in relaynovel.js) and the tab
/// title changes; when the baton leaves it resets the favicon.
/// </summary>
public sealed class TurnAlertTests
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(15);

    // MudBlazor puts the test id on the switch's input or on its wrapper, depending on the version.
    private const string SoundSwitch = "input[data-testid=sound-toggle], [data-testid=sound-toggle] input";

    private static Task<IRenderedComponent<RoomPage>> RenderAsAsync(BunitContext ctx, string roomId, string participantKey, string? muted = null,
        string permission = "default")
    {
        ctx.JSInterop.Setup<string?>("relayNovel.storage.get", i => (string?)i.Arguments[0] == BrowserStorage.MutedKey).SetResult(muted);
        ctx.JSInterop.Setup<string>("relayNovel.notifications.permission").SetResult(permission);
        return RoomPageHost.RenderAsAsync(ctx, roomId, participantKey);
    }

    [Fact]
    public async Task TurnAlert_BatonArrives_AnnouncesWithSoundAndChangesTheTitle()
    {
        using var app = new RelayNovelAppFactory();
        var room = await RoomSetup.CreateAsync(app.Rooms, null, "민지", "서준");
        await using var ctx = UiTestContext.Create(app);
        var head = ctx.Render<Microsoft.AspNetCore.Components.Web.HeadOutlet>();
        var cut = await RenderAsAsync(ctx, room.Id, room.KeyOf(1));
        Assert.DoesNotContain(ctx.JSInterop.Invocations, i => i.Identifier == "relayNovel.turn.announce");

        await cut.InvokeAsync(() => app.Rooms.SubmitTurnAsync(room.Id, room.KeyOf(0), "첫 문장.", null));

        cut.WaitForAssertion(() => Assert.Single(ctx.JSInterop.Invocations, i => i.Identifier == "relayNovel.turn.announce"), Wait);
        var announce = ctx.JSInterop.Invocations.Single(i => i.Identifier == "relayNovel.turn.announce");
        Assert.Contains("내 차례입니다", (string)announce.Arguments[0]!);
        Assert.Equal("시험 방", announce.Arguments[1]);
        Assert.Equal(false, announce.Arguments[2]);   // not muted: the sound plays
        head.WaitForAssertion(() => Assert.Contains("내 차례입니다", head.Find("title").TextContent), Wait);
    }

    [Fact]
    public async Task TurnAlert_Muted_AnnouncesWithoutSoundAndResetsWhenTheBatonLeaves()
    {
        using var app = new RelayNovelAppFactory();
        var room = await RoomSetup.CreateAsync(app.Rooms, null, "민지", "서준");
        await using var ctx = UiTestContext.Create(app);
        var cut = await RenderAsAsync(ctx, room.Id, room.KeyOf(1), muted: "1");

        await cut.InvokeAsync(() => app.Rooms.SubmitTurnAsync(room.Id, room.KeyOf(0), "첫 문장.", null));
        cut.WaitForAssertion(() => Assert.Contains(ctx.JSInterop.Invocations, i => i.Identifier == "relayNovel.turn.announce"), Wait);
        await cut.InvokeAsync(() => app.Rooms.SubmitTurnAsync(room.Id, room.KeyOf(1), "둘째 문장.", null));

        cut.WaitForAssertion(() => Assert.Contains(ctx.JSInterop.Invocations, i => i.Identifier == "relayNovel.turn.reset"), Wait);
        var announce = ctx.JSInterop.Invocations.Single(i => i.Identifier == "relayNovel.turn.announce");
        Assert.Equal(true, announce.Arguments[2]);
        Assert.False(cut.Find(SoundSwitch).HasAttribute("checked"));
    }

    [Fact]
    public async Task TurnAlert_SoundSwitch_RemembersTheChoice()
    {
        using var app = new RelayNovelAppFactory();
        var room = await RoomSetup.CreateAsync(app.Rooms, null, "민지", "서준");
        await using var ctx = UiTestContext.Create(app);
        var cut = await RenderAsAsync(ctx, room.Id, room.KeyOf(1));

        cut.Find(SoundSwitch).Change(false);

        var set = Assert.Single(ctx.JSInterop.Invocations, i => i.Identifier == "relayNovel.storage.set");
        Assert.Equal([BrowserStorage.MutedKey, "1"], set.Arguments);
    }

    [Fact]
    public async Task TurnAlert_NotificationsNotYetAllowed_AskingShowsThemOn()
    {
        using var app = new RelayNovelAppFactory();
        var room = await RoomSetup.CreateAsync(app.Rooms, null, "민지", "서준");
        await using var ctx = UiTestContext.Create(app);
        ctx.JSInterop.Setup<string>("relayNovel.notifications.request").SetResult("granted");
        var cut = await RenderAsAsync(ctx, room.Id, room.KeyOf(1));

        cut.Find("[data-testid=notify-permission]").Click();

        cut.WaitForAssertion(() =>
        {
            Assert.Empty(cut.FindAll("[data-testid=notify-permission]"));
            Assert.Contains("알림 켜짐", cut.Find("[data-testid=turn-alerts]").TextContent);
        }, Wait);
    }

    [Fact]
    public async Task TurnAlert_NotificationsDenied_SaysSoAndOffersNoButton()
    {
        using var app = new RelayNovelAppFactory();
        var room = await RoomSetup.CreateAsync(app.Rooms, null, "민지", "서준");
        await using var ctx = UiTestContext.Create(app);

        var cut = await RenderAsAsync(ctx, room.Id, room.KeyOf(1), permission: "denied");

        Assert.Empty(cut.FindAll("[data-testid=notify-permission]"));
        Assert.Contains("차단", cut.Find("[data-testid=turn-alerts]").TextContent);
    }
}
