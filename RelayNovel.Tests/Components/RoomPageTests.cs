using Bunit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Localization;
using RelayNovel.Tests.Infrastructure;
using RelayNovel.Web.Components;
using RelayNovel.Web.Components.Pages.Room;
using RelayNovel.Web.Components.Shared;
using RelayNovel.Web.Rooms;

namespace RelayNovel.Tests.Components;

/// <summary>The room page on the real room service: what each person sees as the room changes.</summary>
public sealed class RoomPageTests
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(15);

    [Fact]
    public async Task RoomPage_UnknownRoom_ShowsFriendlyNotFound()
    {
        using var app = new RelayNovelAppFactory();
        await using var ctx = UiTestContext.Create(app);

        var cut = ctx.Render<RoomPage>(p => p.Add(x => x.RoomId, "no-such-room"));

        Assert.Contains("방을 찾을 수 없습니다", cut.WaitForElement("[data-testid=room-not-found]").TextContent);
        Assert.Empty(cut.FindAll("[data-testid=turn-editor]"));
    }

    [Fact]
    public async Task RoomPage_AnotherSeatTypes_DraftShownLiveAndOwnEditorDisabled()
    {
        using var app = new RelayNovelAppFactory();
        var room = await RoomSetup.CreateAsync(app.Rooms, null, "민지", "서준");
        await using var ctx = UiTestContext.Create(app);
        var cut = await RoomPageHost.RenderAsAsync(ctx, room.Id, room.KeyOf(1));

        Assert.True(cut.Find("[data-testid=turn-editor]").HasAttribute("disabled"));
        await app.Rooms.UpdateDraftAsync(room.Id, room.KeyOf(0), "비가 내렸다");

        cut.WaitForAssertion(() => Assert.Equal("비가 내렸다", cut.Find("[data-testid=draft]").TextContent), Wait);
        Assert.True(cut.Find("[data-testid=turn-editor]").HasAttribute("disabled"));
    }

    [Fact]
    public async Task RoomPage_BatonHolderSubmits_TurnCommittedAndBatonMovesOn()
    {
        using var app = new RelayNovelAppFactory();
        var room = await RoomSetup.CreateAsync(app.Rooms, null, "민지", "서준");
        await using var ctx = UiTestContext.Create(app);
        ctx.JSInterop.Setup<string?>("relayNovel.editor.getValue", _ => true).SetResult("첫 문장을 씁니다.");
        var cut = await RoomPageHost.RenderAsAsync(ctx, room.Id, room.KeyOf(0));
        Assert.Equal("true", cut.Find("[data-testid=room]").GetAttribute("data-my-turn"));
        Assert.False(cut.Find("[data-testid=turn-editor]").HasAttribute("disabled"));

        cut.Find("[data-testid=turn-submit]").Click();

        cut.WaitForAssertion(() =>
        {
            var turn = cut.Find("[data-testid=turn][data-turn-index='0']");
            Assert.Contains("첫 문장을 씁니다.", turn.TextContent);
            Assert.Equal("human", turn.GetAttribute("data-author-kind"));
            Assert.True(cut.Find("[data-testid=turn-editor]").HasAttribute("disabled"));
            Assert.Equal("false", cut.Find("[data-testid=room]").GetAttribute("data-my-turn"));
        }, Wait);
        Assert.Single((await app.Rooms.GetAsync(room.Id))!.Turns);
    }

    [Fact]
    public async Task RoomPage_OutOfTurnSubmit_RefusedWithAClearMessageAndNothingShown()
    {
        using var app = new RelayNovelAppFactory();
        var room = await RoomSetup.CreateAsync(app.Rooms, null, "민지", "서준");
        await using var ctx = UiTestContext.Create(app);
        var cut = await RoomPageHost.RenderAsAsync(ctx, room.Id, room.KeyOf(1));

        var refused = await Assert.ThrowsAsync<RoomException>(() => app.Rooms.SubmitTurnAsync(room.Id, room.KeyOf(1), "새치기", null));
        await app.Rooms.SubmitTurnAsync(room.Id, room.KeyOf(0), "차례대로 쓴 문장.", null);

        // The page renders fresh snapshots in order: once it shows the holder's later turn, anything the refused submit
        // had stored would be on the page too.
        cut.WaitForAssertion(() => Assert.Contains("차례대로 쓴 문장.", cut.Find("[data-testid=story]").TextContent), Wait);
        Assert.Equal(RoomErrorCode.NotYourTurn, refused.Code);
        Assert.Contains("내 차례가 아닙니다", RoomErrorText.For(ctx.Services.GetRequiredService<IStringLocalizer<UiText>>(), refused));
        Assert.Single(cut.FindAll("[data-testid=turn]"));
        Assert.DoesNotContain("새치기", cut.Find("[data-testid=story]").TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RoomPage_OwnerControls_OnlyWithTheOwnerKey()
    {
        using var app = new RelayNovelAppFactory();
        var room = await RoomSetup.CreateAsync(app.Rooms, null, "민지", "서준");

        await using (var guest = UiTestContext.Create(app))
        {
            var cut = await RoomPageHost.RenderAsAsync(guest, room.Id, room.KeyOf(1));
            Assert.Empty(cut.FindAll("[data-testid=owner-panel]"));
            Assert.Empty(cut.FindAll("[data-testid=kick-seat]"));
        }

        await using var owner = UiTestContext.Create(app);
        var ownerPage = await RoomPageHost.RenderAsAsync(owner, room.Id, room.KeyOf(0), room.Room.OwnerKey);
        Assert.NotNull(ownerPage.Find("[data-testid=skip-turn]"));
        Assert.NotEmpty(ownerPage.FindAll("[data-testid=kick-seat]"));
    }
}
