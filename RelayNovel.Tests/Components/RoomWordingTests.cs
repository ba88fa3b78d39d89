using Bunit;
using RelayNovel.Tests.Infrastructure;
using RelayNovel.Web.Components.Pages.Room;
using RelayNovel.Web.Components.Shared;
using RelayNovel.Web.Rooms;

namespace RelayNovel.Tests.Components;

/// <summary>Words a new user trips over: the writer's button, seat names, and an empty room's baton.</summary>
public sealed class RoomWordingTests
{
    [Fact]
    public async Task TurnEditor_SubmitButton_SaysSendNotTheOwnersSkip()
    {
        await using var ctx = UiTestContext.Create();
        var cut = ctx.Render<TurnEditor>(p => p.Add(x => x.Enabled, true));

        var label = cut.Find("[data-testid=turn-submit]").TextContent.Trim();
        Assert.Equal("보내기", label);
        Assert.DoesNotContain("넘기기", label, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SeatPlanPreview_DefaultPlan_NamesSeatsAsTheRoomWill()
    {
        using var app = new RelayNovelAppFactory();
        await using var ctx = UiTestContext.Create(app);
        var model = new RoomSettingsModel { Title = "방" };
        var form = ctx.Render<RoomSettingsForm>(p => p.Add(x => x.Model, model));
        var created = await app.Rooms.CreateAsync(model.ToSettings());
        var seats = (await app.Rooms.GetAsync(created.RoomId))!.Seats;
        var seatList = ctx.Render<SeatList>(p => p.Add(x => x.Seats, seats));

        var preview = form.FindAll("[data-testid=seat-plan-preview] .mud-chip").Select(c => c.TextContent.Trim());
        var room = seatList.FindAll("[data-testid=seat] .seat-name").Select(s => s.TextContent.Trim());
        Assert.Equal(room, preview);
        Assert.Contains("1번 자리", preview);
    }

    [Fact]
    public async Task RoomPage_NobodySeatedYet_SaysTheSeatIsEmptyInsteadOfSomeoneWriting()
    {
        using var app = new RelayNovelAppFactory();
        var room = await RoomSetup.CreateAsync(app.Rooms);
        await using var ctx = UiTestContext.Create(app);

        var cut = await RoomPageHost.RenderAsAsync(ctx, room.Id, participantKey: null);

        Assert.Contains("아직 아무도 앉지 않은 자리", cut.Find("[data-testid=baton-seat-empty]").TextContent, StringComparison.Ordinal);
        Assert.DoesNotContain("님이 쓰는 글", cut.Markup, StringComparison.Ordinal);
    }
}
