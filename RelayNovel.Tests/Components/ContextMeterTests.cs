using Bunit;
using RelayNovel.Web.Components.Pages.Room;
using RelayNovel.Web.Rooms;

namespace RelayNovel.Tests.Components;

/// <summary>The context meter: how much of the story the model reads, and the owner's prompt panel across attempts.</summary>
public sealed class ContextMeterTests
{
    [Fact]
    public async Task ContextMeter_StoryCutToAFewTokens_SaysHowMuchStoryFitsAndWarns()
    {
        await using var ctx = UiTestContext.Create();
        // Max tokens 200 on a 256-token model: the prompt holds 55 tokens, only 4 of them story.
        var stream = new AiStreamView(4, AiStreamState.Streaming, null, "", 55, 256)
        {
            Memory = new PromptMemoryView(true, false, [], [], 51, 4, 300),
        };

        var cut = ctx.Render<ContextMeter>(p => p.Add(x => x.Stream, stream));

        Assert.Equal("이야기 4 토큰 / 256", cut.Find("[data-testid=context-story-share]").TextContent.Trim());
        Assert.Contains("이야기를 거의 읽지 못합니다", cut.Find("[data-testid=context-story-starved]").TextContent);
    }

    [Fact]
    public async Task ContextMeter_ShortStoryWhole_NoWarning()
    {
        await using var ctx = UiTestContext.Create();
        var stream = new AiStreamView(4, AiStreamState.Streaming, null, "", 30, 256)
        {
            Memory = new PromptMemoryView(true, false, [], [], 26, 4, 0),
        };

        var cut = ctx.Render<ContextMeter>(p => p.Add(x => x.Stream, stream));

        Assert.Equal("이야기 4 토큰 / 256", cut.Find("[data-testid=context-story-share]").TextContent.Trim());
        Assert.Empty(cut.FindAll("[data-testid=context-story-starved]"));
    }

    [Fact]
    public async Task ContextMeter_PromptLeftOpen_NextAttemptShowsItsOwnPrompt()
    {
        await using var ctx = UiTestContext.Create();
        var prompt = "첫 시도의 프롬프트";
        var cut = ctx.Render<ContextMeter>(p => p
            .Add(x => x.Stream, new AiStreamView(4, AiStreamState.Streaming, null, "", 10, 256) { Seed = 1 })
            .Add(x => x.LoadPrompt, () => Task.FromResult<string?>(prompt)));
        cut.Find("[data-testid=show-prompt]").Click();
        Assert.Equal("첫 시도의 프롬프트", cut.Find("[data-testid=prompt-text]").TextContent);

        prompt = "다음 시도의 프롬프트";
        cut.Render(p => p.Add(x => x.Stream, new AiStreamView(4, AiStreamState.Queued, null, "", 12, 256) { Seed = 2 }));

        Assert.Equal("다음 시도의 프롬프트", cut.Find("[data-testid=prompt-text]").TextContent);
    }

    [Fact]
    public async Task AiStreamPanel_NoAiWriting_ShowsTheLastAttemptsMeterAndPrompt()
    {
        await using var ctx = UiTestContext.Create();
        var last = new AiStreamView(4, AiStreamState.Finished, null, "끝난 글", 80, 256) { Seed = 7 };

        var cut = ctx.Render<AiStreamPanel>(p => p
            .Add(x => x.Stream, null)
            .Add(x => x.LastContext, last)
            .Add(x => x.LoadPrompt, () => Task.FromResult<string?>("마지막 프롬프트")));
        cut.Find("[data-testid=show-prompt]").Click();

        Assert.Contains("80 / 256", cut.Find("[data-testid=context-meter]").TextContent);
        Assert.Equal("마지막 프롬프트", cut.Find("[data-testid=prompt-text]").TextContent);
        Assert.Empty(cut.FindAll("[data-testid=ai-stream]"));
    }

    [Fact]
    public async Task AiStreamPanel_SkippedForSettingsTheModelCantServe_PlainNoticeAndRetry()
    {
        await using var ctx = UiTestContext.Create();

        var cut = ctx.Render<AiStreamPanel>(p => p
            .Add(x => x.Notice, "The AI seat was skipped: maxTokens must be between 1 and 255 (the context is 256 tokens), got 512.")
            .Add(x => x.Shortfall, new AiContextShortfall(512, 256, 128))
            .Add(x => x.CanRetryCommitted, true));

        var notice = cut.Find("[data-testid=ai-notice]").TextContent;
        Assert.Contains("최대 토큰 수(512)", notice);
        Assert.Contains("128 이하", notice);
        Assert.DoesNotContain("maxTokens", notice);
        Assert.NotNull(cut.Find("[data-testid=retry-ai]"));
    }
}
