using Bunit;
using RelayNovel.Web.Components.Pages.Room;
using RelayNovel.Web.Rooms;

namespace RelayNovel.Tests.Components;

public sealed class AiStreamPanelTests
{
    [Fact]
    public async Task AiStreamPanel_Queued_ShowsQueuePositionAndNoText()
    {
        await using var ctx = UiTestContext.Create();
        var cut = ctx.Render<AiStreamPanel>(p => p
            .Add(x => x.ModelName, "relaynovel-small")
            .Add(x => x.Stream, new AiStreamView(4, AiStreamState.Queued, 3, "", 0, 0)));

        Assert.Contains("3", cut.Find("[data-testid=queue-position]").TextContent);
        Assert.Empty(cut.FindAll("[data-testid=ai-stream]"));
    }

    [Fact]
    public async Task AiStreamPanel_Streaming_ShowsTextModelAndContextMeter()
    {
        await using var ctx = UiTestContext.Create();
        var cut = ctx.Render<AiStreamPanel>(p => p
            .Add(x => x.ModelName, "relaynovel-small")
            .Add(x => x.Stream, new AiStreamView(4, AiStreamState.Streaming, null, "그날 밤", 312, 1024)));

        Assert.Equal("그날 밤", cut.Find("[data-testid=ai-stream]").TextContent);
        Assert.Contains("relaynovel-small", cut.Find("[data-testid=model-name]").TextContent);
        Assert.Contains("312 / 1024", cut.Find("[data-testid=context-meter]").TextContent);
        Assert.Empty(cut.FindAll("[data-testid=queue-position]"));
    }

    [Fact]
    public async Task AiStreamPanel_StreamingGrows_RenderShowsTheNewText()
    {
        await using var ctx = UiTestContext.Create();
        var cut = ctx.Render<AiStreamPanel>(p => p.Add(x => x.Stream, new AiStreamView(4, AiStreamState.Streaming, null, "그날", 10, 1024)));

        cut.Render(p => p.Add(x => x.Stream, new AiStreamView(4, AiStreamState.Streaming, null, "그날 밤 비가", 12, 1024)));

        Assert.Equal("그날 밤 비가", cut.Find("[data-testid=ai-stream]").TextContent);
    }

    [Fact]
    public async Task AiStreamPanel_SpectatorNotPreviousWriter_NoStopOrRetry()
    {
        await using var ctx = UiTestContext.Create();
        var cut = ctx.Render<AiStreamPanel>(p => p
            .Add(x => x.Stream, new AiStreamView(4, AiStreamState.Streaming, null, "글", 1, 1024))
            .Add(x => x.CanStop, false)
            .Add(x => x.CanRetry, false));

        Assert.Empty(cut.FindAll("[data-testid=stop-ai]"));
        Assert.Empty(cut.FindAll("[data-testid=retry-ai]"));
    }

    [Fact]
    public async Task AiStreamPanel_SeatedPreviousWriter_StopAndRetryCallBack()
    {
        await using var ctx = UiTestContext.Create();
        var stops = 0;
        var retries = 0;
        var cut = ctx.Render<AiStreamPanel>(p => p
            .Add(x => x.Stream, new AiStreamView(4, AiStreamState.Streaming, null, "글", 1, 1024))
            .Add(x => x.CanStop, true)
            .Add(x => x.CanRetry, true)
            .Add(x => x.OnStop, () => stops++)
            .Add(x => x.OnRetry, () => retries++));

        cut.Find("[data-testid=stop-ai]").Click();
        cut.Find("[data-testid=retry-ai]").Click();

        Assert.Equal(1, stops);
        Assert.Equal(1, retries);
    }

    [Fact]
    public async Task AiStreamPanel_CommittedTurnStillRetryable_OffersRetryWithoutAStream()
    {
        await using var ctx = UiTestContext.Create();
        var retries = 0;
        var cut = ctx.Render<AiStreamPanel>(p => p.Add(x => x.CanRetryCommitted, true).Add(x => x.OnRetry, () => retries++));

        cut.Find("[data-testid=retry-ai]").Click();

        Assert.Equal(1, retries);
        cut.Render(p => p.Add(x => x.CanRetryCommitted, false));
        Assert.Empty(cut.FindAll("[data-testid=retry-ai]"));
    }

    [Fact]
    public async Task AiStreamPanel_AskForAlternatives_OffersTwoToFourAndCallsBackWithTheCount()
    {
        await using var ctx = UiTestContext.Create();
        var asked = new List<int>();
        var cut = ctx.Render<AiStreamPanel>(p => p
            .Add(x => x.Stream, new AiStreamView(4, AiStreamState.Streaming, null, "글", 1, 1024))
            .Add(x => x.CanAskAlternatives, true)
            .Add(x => x.OnAskAlternatives, k => asked.Add(k)));

        Assert.Equal(3, cut.FindAll("[data-testid^=ask-alternatives-]").Count);
        cut.Find("[data-testid=ask-alternatives-3]").Click();

        Assert.Equal([3], asked);
        cut.Render(p => p.Add(x => x.CanAskAlternatives, false));
        Assert.Empty(cut.FindAll("[data-testid=ask-alternatives]"));
    }

    [Fact]
    public async Task AiStreamPanel_Unavailable_ShowsReason()
    {
        await using var ctx = UiTestContext.Create();
        var cut = ctx.Render<AiStreamPanel>(p => p.Add(x => x.UnavailableReason, "model.onnx missing"));

        Assert.Contains("model.onnx missing", cut.Find("[data-testid=ai-unavailable]").TextContent);
    }
}
