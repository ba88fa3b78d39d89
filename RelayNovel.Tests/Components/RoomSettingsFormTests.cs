using Bunit;
using RelayNovel.Web.Components.Shared;
using RelayNovel.Web.Rooms;

namespace RelayNovel.Tests.Components;

public sealed class RoomSettingsFormTests
{
    private static IRenderedComponent<RoomSettingsForm> RenderForm(BunitContext ctx, List<RoomSettings> sent) =>
        ctx.Render<RoomSettingsForm>(p => p
            .Add(x => x.Model, new RoomSettingsModel())
            .Add(x => x.SubmitTestId, "create-room")
            .Add(x => x.TitleTestId, "room-title")
            .Add(x => x.OnValidSubmit, (RoomSettings s) => sent.Add(s)));

    [Fact]
    public async Task RoomSettingsForm_EmptyTitle_ShowsMessageAndCreatesNothing()
    {
        await using var ctx = UiTestContext.Create();
        var sent = new List<RoomSettings>();
        var cut = RenderForm(ctx, sent);

        cut.Find("form").Submit();

        Assert.Contains("제목을 입력해 주세요", cut.Markup);
        Assert.NotEmpty(cut.FindAll("[data-testid=settings-errors]"));
        Assert.Empty(sent);
    }

    [Fact]
    public async Task RoomSettingsForm_MinAboveMax_ShowsMessageAndCreatesNothing()
    {
        await using var ctx = UiTestContext.Create();
        var sent = new List<RoomSettings>();
        var cut = RenderForm(ctx, sent);

        cut.Find("input[data-testid=room-title]").Change("비 오는 밤");
        cut.Find("input[data-testid=settings-min-chars]").Change("500");
        cut.Find("input[data-testid=settings-max-chars]").Change("100");
        cut.Find("form").Submit();

        Assert.Contains("최소 글자 수는", cut.Markup);
        Assert.Empty(sent);
    }

    [Fact]
    public async Task RoomSettingsForm_OutOfRangeTemperature_ShowsMessage()
    {
        await using var ctx = UiTestContext.Create();
        var sent = new List<RoomSettings>();
        var cut = RenderForm(ctx, sent);

        cut.Find("input[data-testid=room-title]").Change("비 오는 밤");
        cut.Find("input[data-testid=settings-temperature]").Change("5");
        cut.Find("form").Submit();

        Assert.Contains("온도는 0.1~2.0", cut.Markup);
        Assert.Empty(sent);
    }

    [Fact]
    public async Task RoomSettingsForm_ValidWithAiInTheMiddle_SendsThatSeatOrder()
    {
        await using var ctx = UiTestContext.Create();
        var sent = new List<RoomSettings>();
        var cut = RenderForm(ctx, sent);

        cut.Find("input[data-testid=room-title]").Change("비 오는 밤");
        cut.Find("input[data-testid=settings-human-seats]").Change("3");
        cut.Find("input[data-testid=settings-ai-seats]").Change("2");
        cut.Find("input[data-testid=settings-ai-position]").Change("1");
        cut.Find("form").Submit();

        var settings = Assert.Single(sent);
        Assert.Equal("비 오는 밤", settings.Title);
        Assert.Equal([SeatKind.Human, SeatKind.Ai, SeatKind.Ai, SeatKind.Human, SeatKind.Human], settings.SeatPlan);
        Assert.Equal(5, cut.FindAll("[data-testid=seat-plan-preview] .mud-chip").Count);
        Assert.Empty(cut.FindAll("[data-testid=settings-errors]"));
    }

    [Fact]
    public async Task RoomSettingsForm_HumanSeatsLowered_AiPositionFollowsAndTheFormIsSent()
    {
        await using var ctx = UiTestContext.Create();
        var sent = new List<RoomSettings>();
        var cut = RenderForm(ctx, sent);

        cut.Find("input[data-testid=room-title]").Change("둘이서");
        cut.Find("input[data-testid=settings-human-seats]").Change("2");
        cut.Find("form").Submit();

        Assert.Equal("2", cut.Find("input[data-testid=settings-ai-position]").GetAttribute("value"));
        var settings = Assert.Single(sent);
        Assert.Equal([SeatKind.Human, SeatKind.Human, SeatKind.Ai], settings.SeatPlan);
    }

    [Fact]
    public async Task RoomSettingsForm_MaxTokensAboveTheModelsLimit_RefusedNamingTheLimit()
    {
        await using var ctx = UiTestContext.Create();
        var sent = new List<RoomSettings>();
        var cut = ctx.Render<RoomSettingsForm>(p => p
            .Add(x => x.Model, new RoomSettingsModel())
            .Add(x => x.TitleTestId, "room-title")
            .Add(x => x.MaxTokensLimit, 128)
            .Add(x => x.OnValidSubmit, (RoomSettings s) => sent.Add(s)));

        cut.Find("input[data-testid=room-title]").Change("작은 모델");
        cut.Find("input[data-testid=settings-max-tokens]").Change("200");
        cut.Find("form").Submit();

        Assert.Contains("최대 토큰 수는 1~128입니다", cut.Markup);
        Assert.Empty(sent);
    }
}
